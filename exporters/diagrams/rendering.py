"""Running Graphviz: a diagram to render (`Diagram`), `render` one to SVG, PNG or PDF, `render_all` a
set in parallel, and `require_dot`, the one place that says how to install Graphviz."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import graphviz

from ea_model.errors import EaError
from exporters.atomic import atomic_write_bytes
from exporters.diagrams.icons import inline_icons

FORMATS = ("svg", "png", "pdf")
PAGE_PNG_DPI = "200"  # a diagram scaled to fit a sheet, as PNG: A3 is 2,300 pixels wide


def require_dot() -> str:
    """The path of Graphviz's `dot`, or a one-line error saying how to install it."""
    path = shutil.which("dot")
    if path is None:
        raise EaError(
            "Graphviz is not installed: the `dot` program is not on PATH (install it: apt-get install graphviz; "
            "Thai labels also need fonts-thai-tlwg)"
        )
    return path


@dataclass(frozen=True)
class Diagram:
    """A diagram to render: its file stem and how to build it."""

    stem: str
    build: Callable[[], graphviz.Digraph]


def render(graph: graphviz.Digraph, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Run `dot` on the graph and write the picture (format from `fmt` or the extension) atomically. An SVG
    carries the type icons as vector paths (`icons.inline_icons`), so it needs no other file."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise EaError(f"unknown diagram format {fmt!r} (use {', '.join(FORMATS)})", file=str(path))
    require_dot()
    try:
        data = _pipe(graph, fmt)
    except (graphviz.CalledProcessError, subprocess.CalledProcessError) as exc:
        message = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise EaError(f"Graphviz failed on {graph.name}: {message[-1] if message else exc}", file=str(path)) from None
    if fmt == "svg":
        data = inline_icons(data)  # the icons' own paths instead of links to PNG files: self-contained
    atomic_write_bytes(path, data)
    return path


def _pipe(graph: graphviz.Digraph, fmt: str) -> bytes:
    """`dot`'s output; a graph with right-angled lines is drawn again with straight segments when the
    orthogonal router fails (Graphviz 2.43's crashes on some graphs with clusters). A graph with a paper
    `size` is drawn as PNG at `PAGE_PNG_DPI`."""
    if fmt == "png" and "size" in graph.graph_attr:  # drawn to a paper size: pixels enough to read it on screen
        graph = graph.copy()
        graph.graph_attr["dpi"] = PAGE_PNG_DPI
    try:
        return graph.pipe(format=fmt, quiet=True)
    except (graphviz.ExecutableNotFound, FileNotFoundError):
        require_dot()
        raise
    except (graphviz.CalledProcessError, subprocess.CalledProcessError):
        if graph.graph_attr.get("splines") != "ortho":
            raise
    fallback = graph.copy()
    fallback.graph_attr["splines"] = "polyline"
    return fallback.pipe(format=fmt, quiet=True)


def render_all(
    diagrams: Iterable[Diagram],
    out_dir: str | os.PathLike,
    *,
    fmt: str = "svg",
    jobs: int = 2,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[Path]:
    """Render diagrams into `out_dir` as `<stem>.<fmt>`, `jobs` `dot` processes at a time.

    Building a graph is quick Python; the time goes into `dot`, which runs as a subprocess, so
    threads are enough to keep both cores busy.
    """
    require_dot()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    todo = list(diagrams)
    written: list[Path] = []

    def one(diagram: Diagram) -> Path:
        return render(diagram.build(), out / f"{diagram.stem}.{fmt}", fmt)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for path in pool.map(one, todo):
            written.append(path)
            if progress is not None:
                progress(len(written), len(todo), path)
    return written
