"""A model file's history from git: every commit that touched the file, each revision read as a Model.

It runs the `git` program (no library): `git log --follow` lists the commits, oldest first, with the
file's name at each (renames are followed), and `git show REV:PATH` gives that revision's bytes,
read with the format's own reader.

    >>> from exporters.history import model_history
    >>> for revision, model in model_history("catalog/model/bma.xml"):  # doctest: +SKIP
    ...     print(revision.short, revision.day, len(model))
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.trend import Revision
from exporters.exchange.files import parse_exchange
from exporters.formats import read_model

__all__ = ["model_history", "repository_of", "revisions"]

_RECORD, _FIELD = "\x1e", "\x1f"
_READABLE = (".xml", ".archimate")
_GIT_TIMEOUT = 120  # seconds; a `git show` of a large model on a slow disk


def repository_of(path: str | os.PathLike) -> Path | None:
    """The root of the git work tree `path` is in; None when it is not in one (or git is missing)."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        return None
    try:
        done = _run(folder, "rev-parse", "--show-toplevel")
    except (EaError, OSError):
        return None
    return Path(done.strip()) if done.strip() else None


def revisions(
    path: str | os.PathLike, *, since: str | None = None, rev: str | None = None, max_count: int | None = None
) -> list[tuple[Revision, str]]:
    """The commits that touched `path`, oldest first, each with the file's path (from the repository's root)
    at that commit. `since` is a date git understands, `rev` a revision range (A..B) or a revision,
    `max_count` keeps the most recent ones."""
    path = Path(path)
    if path.suffix.lower() not in _READABLE:
        raise EaError("the history is read of an exchange (.xml) or Archi (.archimate) file", file=str(path))
    root = repository_of(path)
    if root is None:
        raise EaError("not in a git repository (ea trend reads the file's history from git)", file=str(path))
    relative = path.resolve().relative_to(root).as_posix()
    args = [
        "log",
        f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s",
        "--name-only",
        "--diff-filter=d",
        "--follow",
    ]
    if max_count:
        args.append(f"--max-count={max_count}")
    if since:
        args.append(f"--since={since}")
    if rev:
        args += ["--end-of-options", rev]  # a revision, never an option
    out = _run(root, *args, "--", relative, what=path)
    found: list[tuple[Revision, str]] = []
    for record in out.split(_RECORD)[1:]:
        header, _, names = record.partition("\n")
        commit, date, author, subject = (header.split(_FIELD) + ["", "", "", ""])[:4]
        name = next((n for n in names.splitlines() if n.strip()), relative)
        found.append((Revision(commit, date, author, subject), name))
    if not found:
        selected = " in the revisions selected" if since or rev else ""
        raise EaError(f"no commit touched this file{selected} (commit it first: git add, git commit)", file=str(path))
    return found[::-1]


def model_history(
    path: str | os.PathLike, *, since: str | None = None, rev: str | None = None, max_count: int | None = None
) -> Iterator[tuple[Revision, Model]]:
    """(revision, model) for each commit that touched `path`, oldest first (see `revisions`)."""
    path = Path(path)
    root = repository_of(path)
    for revision, name in revisions(path, since=since, rev=rev, max_count=max_count):
        data = _run_bytes(root, "show", f"{revision.id}:{name}", what=path)
        yield revision, _read_bytes(data, Path(name), f"{path}@{revision.short}")


def _read_bytes(data: bytes, name: Path, label: str) -> Model:
    if name.suffix.lower() == ".xml":
        return parse_exchange(data, label=label)
    with tempfile.TemporaryDirectory(prefix="ea-trend-") as folder:
        copy = Path(folder) / name.name
        copy.write_bytes(data)
        return read_model(copy)


def _run(cwd: Path, *args: str, what: Path | None = None) -> str:
    return _run_bytes(cwd, *args, what=what).decode("utf-8", errors="replace")


def _run_bytes(cwd: Path | None, *args: str, what: Path | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise EaError("git is not installed (ea trend runs it to read the file's history)") from None
    except subprocess.TimeoutExpired:
        raise EaError(f"git {args[0]} took longer than {_GIT_TIMEOUT} s", file=str(what) if what else None) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = lines[0].removeprefix("fatal: ") if lines else f"exit {done.returncode}"
        raise EaError(f"git {args[0]}: {reason}", file=str(what) if what else None)
    return done.stdout
