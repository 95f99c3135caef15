"""Reading a large model shows a progress bar on a terminal (stderr a real pseudo-terminal) and nothing
when stderr is a pipe, so logs and pipelines stay clean."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from ea_cli.common import LARGE_FILE
from scripts.generate_model import main as generate


@pytest.fixture(scope="module")
def large_model(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / "synthetic.xml"
    assert generate(["10000", str(path), "--seed", "4"]) == 0
    assert path.stat().st_size >= LARGE_FILE
    return path


def run_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run ea with stderr on a pseudo-terminal; return the exit code and what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(), shown.decode("utf-8", "replace")


@pytest.mark.parametrize("command", [["info"], ["validate"]], ids=lambda c: c[0])
def test_a_large_read_shows_a_bar_in_megabytes_on_a_terminal(large_model: Path, command: list[str]) -> None:
    code, shown = run_on_a_terminal(*command, str(large_model))
    assert code in (0, 1), shown
    assert f"reading {large_model.name}" in shown and "MB" in shown


def test_no_bar_when_stderr_is_not_a_terminal(large_model: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "cli", "info", str(large_model)], cwd=ROOT, capture_output=True)
    assert done.returncode == 0 and done.stderr == b""
    assert b"elements: 10000" in done.stdout


def test_merge_shows_its_steps_on_a_terminal(large_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged.xml"
    code, shown = run_on_a_terminal("merge", *[str(large_model)] * 3, "--out", str(out))
    assert code == 0, shown
    assert "merging" in shown and out.exists()


def test_diff_and_merge_tell_each_step_and_the_end() -> None:
    from catalog import bundled_model_path
    from ea_model.diff import diff_models, merge_models
    from ea_model.diff.compare import DIFF_STEPS
    from ea_model.diff.merge import MERGE_STEPS
    from exporters import read_model

    base, ours, theirs = (read_model(bundled_model_path()) for _ in range(3))
    for run, steps in (
        (lambda p: diff_models(base, ours, progress=p), DIFF_STEPS),
        (lambda p: merge_models(base, ours, theirs, progress=p), MERGE_STEPS),
    ):
        seen: list[tuple[int, int, str]] = []
        run(lambda done, total, what, seen=seen: seen.append((done, total, what)))
        assert seen == [(n, len(steps), what) for n, what in enumerate(steps)] + [(len(steps), len(steps), "done")]
