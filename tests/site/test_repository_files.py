"""The contributor's loop: CI workflows, issue forms and the pre-commit configuration are valid.

check-jsonschema validates against the GitHub workflow and issue-form schemas it ships (no network).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _validate(schema: str, *files) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflows_are_valid():
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "pages.yml"}
    done = _validate("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_broken_workflow_is_rejected(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/ci.yml").read_text().replace("runs-on:", "run-on:"))
    assert _validate("vendor.github-workflows", broken).returncode != 0


def test_ci_needs_no_secret_and_runs_the_readme_commands():
    ci = (ROOT / ".github/workflows/ci.yml").read_text()
    assert "secrets." not in ci
    assert "make install" in ci and "make test" in ci and "make build" in ci
    assert "derive check" in ci and "--junit-xml" in ci


def test_issue_form_is_valid(tmp_path):
    form = ROOT / ".github/ISSUE_TEMPLATE/errata.yml"
    assert _validate("vendor.github-issue-forms", form).returncode == 0
    broken = tmp_path / "errata.yml"
    broken.write_text(form.read_text().replace("type: input", "type: inputbox", 1))
    assert _validate("vendor.github-issue-forms", broken).returncode != 0


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_config_is_valid_and_local():
    config = ROOT / ".pre-commit-config.yaml"
    done = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", str(config)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = config.read_text()
    assert "repo: local" in text and "https://" not in text  # nothing to clone from the network
