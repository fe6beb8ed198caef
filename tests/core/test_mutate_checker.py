"""Mutation testing of the checker: every mutant of derive/core/checker.py that survives the verdict suite
(right derivations pass, planted wrong ones fail) is one of the changes judged equivalent."""

from __future__ import annotations

from tests.conftest import load_script


def _tool():
    return load_script("tools/mutate_checker.py")


def test_a_survivor_not_judged_equivalent_fails_the_run(capsys):
    tool = _tool()
    assert tool.unexplained(["_numeric: Gt -> GtE"] * 2) == []
    assert tool.unexplained(["_numeric: Gt -> GtE"] * 3) == ["_numeric: Gt -> GtE"]  # one more than judged
    assert tool.unexplained(["_check: an error report deleted"] * 2) == ["_check: an error report deleted"]
    # The first mutants include a survivor (a display helper): with nothing judged equivalent, the run fails.
    assert tool.main(["--limit", "4", "--no-equivalents"]) == 1
    assert "not judged equivalent" in capsys.readouterr().out


def test_no_mutant_of_the_checker_changes_a_verdict(capsys):
    tool = _tool()
    code = tool.main([])
    out = capsys.readouterr().out
    assert code == 0, out[-2000:]
    assert "killed" in out and "every survivor is one of the changes judged equivalent" in out
