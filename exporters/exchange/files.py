"""The Open Group ArchiMate Model Exchange File Format 3.1 (namespace .../archimate/3.0/).

Symmetric functions, networkx style:

    >>> from exporters.exchange import read_exchange, write_exchange
    >>> model = read_exchange("archisurance.xml")  # doctest: +SKIP
    >>> write_exchange(model, "copy.xml")  # doctest: +SKIP
    []

`parse_exchange(data)` and `generate_exchange(model)` do the same with bytes; `count_exchange(path)`
counts a file's concepts without building its model.

Reading streams the file (the whole document is never held in memory) and is the validation
boundary: what real tools write but the schema does not allow, and the reader can work around,
becomes a warning in `model.load_findings` (`strict=True` makes it an EaError); a dangling
reference, a duplicate id or an unknown type raises EaError naming file, line and element, unless
`recover=True` (what `ea validate` uses), where it becomes an error finding and the object is left
out. ArchiMate 2.x files, Archi native files and other XML get a message saying what they are.
Entities are never expanded, DTDs never loaded, the network never touched.

Writing produces a file that validates against archimate3_Diagram.xsd (+ dc.xsd for Dublin Core
metadata): UTF-8, two-space indent, the model's document order, the same bytes for the same model.
Whatever the format cannot carry, or had to be changed to be valid (an id that is not an NCName,
negative coordinates...), is returned as a list of one-line notes.
"""

from __future__ import annotations

import io
import os

from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from exporters.atomic import atomic_open
from exporters.exchange.count import ExchangeCounter, ExchangeCounts
from exporters.exchange.read import ReadProgress, read_source
from exporters.exchange.write import ExchangeWriter

__all__ = ["count_exchange", "generate_exchange", "parse_exchange", "read_exchange", "write_exchange"]


def read_exchange(
    path: str | os.PathLike, *, strict: bool = False, recover: bool = False, progress: ReadProgress | None = None
) -> Model:
    """Read an exchange-format file into a Model (see the module docstring for strict/recover);
    `progress(bytes_read, file_size)` is called as the read goes, for a progress bar."""
    return read_source(os.fspath(path), path, strict=strict, recover=recover, progress=progress)


def count_exchange(path: str | os.PathLike, *, progress: ReadProgress | None = None) -> ExchangeCounts:
    """The model's header and its counts (`Model.counts()`), streamed: the model is never built, so memory
    stays small whatever the file's size. A file `read_exchange` refuses raises the same EaError."""
    counter = ExchangeCounter(os.fspath(path))
    counter.progress = progress
    return counter.count(os.fspath(path))


def parse_exchange(data: bytes, *, strict: bool = False, recover: bool = False, label: str | None = None) -> Model:
    """Read an exchange-format document held in memory; `label` names it in messages."""
    if isinstance(data, str):
        raise TypeError("parse_exchange takes bytes (the encoding is declared in the document)")
    return read_source(io.BytesIO(data), label, strict=strict, recover=recover)


def write_exchange(model: Model, path: str | os.PathLike) -> list[str]:
    """Write `model` to `path` atomically (an interrupted save leaves the old file as it was).

    Returns what the exchange format could not carry, or what had to be changed to be valid."""
    writer = ExchangeWriter(model)
    with paused_gc(), atomic_open(path) as handle:
        writer.write(handle)
    return writer.notes


def generate_exchange(model: Model) -> bytes:
    """The exchange-format document for `model`, as UTF-8 bytes."""
    buffer = io.BytesIO()
    with paused_gc():
        ExchangeWriter(model).write(buffer)
    return buffer.getvalue()
