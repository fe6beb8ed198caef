"""python -m derive: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sympy as sp

from derive import cli
from derive.core.registry import DERIVATIONS, Derivation, Step
from tests.conftest import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "derive", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_check_one_passes():
    result = run("check", "sigmoid_derivative")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 0 failed" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("show", "no_such_thing"),
        ("check", "no_such_thing"),
        ("frobnicate",),
        (),
        ("show",),
        ("value", "no_such_value"),
        ("show", "sigmoid_derivative", "--lang", "fr"),
    ],
)
def test_bad_usage_is_one_line_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_hostile_names_are_not_evaluated():
    result = run("show", "__import__('os').system('echo pwned')")
    assert result.returncode == 2 and "pwned" not in result.stdout


def test_wrong_derivation_exits_1_and_names_the_step(monkeypatch, capsys):
    x = sp.Symbol("x", real=True)
    wrong = Derivation(
        "wrong_power_rule",
        "",
        "",
        (
            Step(sp.Derivative(x**3, x), "start", "开始"),
            Step(3 * x**3, "power rule, misapplied", "幂法则（用错了）"),
        ),
        domain={x: (0.5, 2.0)},
    )
    monkeypatch.setitem(DERIVATIONS, wrong.name, wrong)
    assert cli.main(["check", "wrong_power_rule"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "wrong_power_rule" in out and "step 1" in out and "power rule, misapplied" in out


def test_show_prints_steps_and_latex():
    result = run("show", "tanh_derivative", "--lang", "zh")
    assert result.returncode == 0
    assert "商的求导法则" in result.stdout and "LaTeX:" in result.stdout


def test_value_prints_a_computed_number():
    result = run("value", "sigmoid_mse_end_2_0")
    assert result.returncode == 0 and result.stdout.strip() == "(-0.2211, -2.2211)"
