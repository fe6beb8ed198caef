"""python -m derive check: JUnit and Markdown reports, --changed, and no false pass through a pipe."""

from __future__ import annotations

import subprocess
import sys
from xml.etree import ElementTree as ET

import sympy as sp

from derive import cli
from derive.core.registry import DERIVATIONS, Derivation, Step, all_derivations
from tests.conftest import ROOT

x = sp.Symbol("x", real=True)
WRONG = Derivation(
    "wrong_power_rule",
    "",
    "",
    (
        Step(sp.Derivative(x**3, x), "start", "开始"),
        Step(3 * x**3, "power rule, misapplied", "幂法则（用错了）"),
    ),
    domain={x: (0.5, 2.0)},
    source_file="derive/chapters/activations/derivations.py",
)


def test_junit_names_the_failing_step_and_the_point(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(DERIVATIONS, WRONG.name, WRONG)
    report, summary = tmp_path / "r.xml", tmp_path / "s.md"
    assert (
        cli.main(
            ["check", "wrong_power_rule", "sigmoid_derivative", "--junit-xml", str(report), "--summary", str(summary)]
        )
        == 1
    )
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["wrong_power_rule"].find("failure")
    assert failure is not None and "step 1" in failure.get("message")
    assert "power rule, misapplied" in failure.get("message") and "x=" in failure.get("message")
    assert cases["sigmoid_derivative"].find("failure") is None
    text = summary.read_text()
    assert "| 1 | 0 | 1 |" in text and "wrong_power_rule" in text


def test_changed_rechecks_only_the_chapter_that_changed(monkeypatch, capsys):
    newton_file = (ROOT / "derive/chapters/newton/derivations.py").resolve()
    monkeypatch.setattr(cli, "changed_files", lambda rev: {newton_file})
    chosen = cli.derivations_changed_since("HEAD")
    newton = {d.name for d in all_derivations() if d.chapter == "newton"}
    assert chosen and set(chosen) <= newton
    # an edit to the checker re-proves everything
    checker = (ROOT / "derive/core/checker.py").resolve()
    monkeypatch.setattr(cli, "changed_files", lambda rev: {checker})
    assert len(cli.derivations_changed_since("HEAD")) == len(all_derivations())
    # nothing changed: nothing to prove, and that passes
    monkeypatch.setattr(cli, "changed_files", lambda rev: set())
    assert cli.main(["check", "--changed"]) == 0
    assert "0 passed, 0 failed" in capsys.readouterr().out


def test_changed_with_a_bad_revision_is_one_line_exit_2():
    done = subprocess.run(
        [sys.executable, "-m", "derive", "check", "--changed", "no-such-rev"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_failing_check_piped_into_head_still_fails(monkeypatch):
    monkeypatch.setitem(DERIVATIONS, WRONG.name, WRONG)

    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError

        def flush(self):
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert cli.main(["check", "wrong_power_rule"]) == 1


def test_hypotheses_are_listed(capsys):
    assert cli.main(["hypotheses"]) == 0
    assert "relations stated without proof" in capsys.readouterr().out
