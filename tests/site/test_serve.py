"""`mkdocs serve` tells the truth: an edit to derive/ while serving is seen by the next rebuild.

Driven through the real `mkdocs serve` on a copy of the project: a probe derivation is added, made wrong
(the rebuild fails, naming it and its step), then made right again with a different formula (the rebuild
recovers, and the served page shows the new formula) without restarting the server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sympy as _sp

from derive.core.mutations import flip_sign as _flip
from derive.core.registry import Step as _Step
from derive.core.registry import derivation as _derivation

_x = _sp.Symbol("x", real=True)
_derivation("serve_probe", title_en="probe", title_zh="探针",
            steps=[_Step(_sp.Derivative(_x**{power}, _x), "start", "开始"), _Step({claim}, "power rule", "幂法则")],
            domain={{_x: (0.5, 2.0)}}, mutations=[_flip()])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_project(dest: Path) -> None:
    for name in ("derive", "figures", "mkdocs_handbook", "docs", "notebooks", ".cache"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "package.json"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")


class Log:
    def __init__(self, stream):
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream):
        for line in stream:
            self.lines.append(line)

    def wait_for(self, needle: str, after: int, timeout: float = 400) -> int:
        """Index of the first line after `after` containing needle."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i in range(after, len(self.lines)):
                if needle in self.lines[i]:
                    return i
            time.sleep(0.5)
        raise AssertionError(f"no {needle!r} in the serve log:\n" + "".join(self.lines[-40:]))


def _set_probe(project: Path, power: int, claim: str) -> None:
    init = project / "derive" / "chapters" / "activations" / "__init__.py"
    base = init.read_text().split("\n# serve probe\n")[0]
    init.write_text(base + "\n# serve probe\n" + PROBE.format(power=power, claim=claim))


@pytest.mark.xdist_group("site")  # after the session's build, so the copy starts with warm caches
def test_serve_rebuilds_with_the_edited_derivation(built_site, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    _copy_project(project)
    for page in ("index.en.md", "index.zh.md"):
        path = project / "docs" / page
        path.write_text(path.read_text() + "\n[[formula:serve_probe]]\n")
    _set_probe(project, 2, "2*_x")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(project), SOURCE_DATE_EPOCH="1700000000")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = Log(server.stdout)
    try:
        served = log.wait_for("Serving on", 0, timeout=1500)  # the first build of the copy
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600).read().decode()
        assert "2 x" in page

        time.sleep(1.5)  # file times: the watcher must see a newer file
        _set_probe(project, 2, "3*_x")  # wrong: d/dx x^2 is not 3x
        failed = log.wait_for("serve_probe", served + 1)
        failure = "".join(log.lines[failed : failed + 3])
        assert "step 1" in failure and "power rule" in failure, failure

        time.sleep(1.5)
        _set_probe(project, 3, "3*_x**2")  # right again, and a different formula
        rebuilt = log.wait_for("Documentation built", failed + 1)
        assert rebuilt > failed
        # The server holds a request until the build it wants is done: no needless rebuild may follow.
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600).read().decode()
        assert "3 x^{2}" in page, "the served page does not show the edited derivation"
        time.sleep(3.0)  # a rebuild set off by the build's own writes (bytecode) would have started
        builds = [line for line in log.lines[failed:] if "Detected file changes" in line]
        assert len(builds) == 1, "".join(log.lines[failed:])
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        log.reader.join(timeout=30)  # the server has exited: the reader sees the end of the pipe
        server.stdout.close()
