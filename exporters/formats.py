"""`read_model`/`write_model`: a model file in any supported format, chosen by the path's extension;
`count_model`: what `ea info` prints, streamed for an exchange file. Each format's sub-package also has
its own symmetric read_*/write_*."""

from __future__ import annotations

import os
from pathlib import Path

from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.objects import ModelInfo
from exporters.archi.csv import read_archi_csv, write_archi_csv
from exporters.archi.native import read_archimate, write_archimate
from exporters.exchange.files import count_exchange, read_exchange, write_exchange
from exporters.exchange.read import ReadProgress


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return "exchange"
    if suffix == ".archimate":
        return "archimate"
    if suffix == ".csv" or path.is_dir() or path.name.endswith("-"):
        return "csv"
    raise EaError(
        f"unknown model format {suffix or path.name!r} (use .xml for the ArchiMate exchange format, "
        ".archimate for Archi, or a CSV folder, prefix ending in '-' or file; end a new folder's name with '/')",
        file=str(path),
    )


def read_model(
    path: str | os.PathLike, *, strict: bool = False, recover: bool = False, progress: ReadProgress | None = None
) -> Model:
    """Read a model from any supported format, chosen by extension.

    Problems a reader can work around (a missing name, an unknown property reference, a
    missing accessType...) become warnings in `model.load_findings`; `strict=True` makes them
    errors. Broken references, duplicate ids and unknown types raise EaError, unless
    `recover=True` (what `ea validate` uses): then they become error findings in
    `model.load_findings` and the offending object is left out. `progress(bytes_read, file_size)` is
    told how an exchange file's read goes (the other formats are parsed whole first).
    """
    path = Path(path)
    fmt = _format_of(path)
    if fmt != "csv" and not path.exists():
        raise EaError("no such file", file=str(path))
    if fmt == "exchange":
        return read_exchange(path, strict=strict, recover=recover, progress=progress)
    if fmt == "archimate":
        return read_archimate(path, strict=strict, recover=recover)
    return read_archi_csv(path, strict=strict, recover=recover)


def count_model(path: str | os.PathLike, *, progress: ReadProgress | None = None) -> tuple[ModelInfo, dict]:
    """The model's header and `Model.counts()`, from any supported format. An exchange file is counted
    as it streams, without building the model; the other formats are read whole."""
    path = Path(path)
    if _format_of(path) == "exchange":
        if not path.exists():
            raise EaError("no such file", file=str(path))
        return count_exchange(path, progress=progress)
    model = read_model(path)
    return model.info, model.counts()


def write_model(
    model: Model, path: str | os.PathLike, *, excel_safe: bool = False, lang: str | None = None
) -> list[str]:
    """Write a model in the format its extension names; returns what the format could not carry.
    A path ending in '/' is a CSV folder, made when missing. `excel_safe` (CSV only) guards cells
    against formula injection when the files are opened in a spreadsheet. `lang` picks the text that
    formats with one text per name keep (.archimate and CSV; the exchange format keeps every language)."""
    new_folder = os.fspath(path).endswith(("/", os.sep))
    path = Path(path)
    fmt = "csv" if new_folder else _format_of(path)
    if fmt == "exchange":
        return write_exchange(model, path)
    if fmt == "archimate":
        return write_archimate(model, path, lang=lang) or []
    return write_archi_csv(model, path, excel_safe=excel_safe, lang=lang) or []
