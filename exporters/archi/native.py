"""Archi's own model file, `.archimate`: read and write.

An `.archimate` file is either Archi's model XML or, when the model has images, a zip archive
holding `model.xml` and `images/...`. Both are read; the XML form is written (ea keeps no
images). Archi 4.x and 5.x files are understood.

    >>> model = read_archimate("Archisurance.archimate")          # doctest: +SKIP
    >>> [f.message for f in model.load_findings]                   # doctest: +SKIP
    ["not read (ea's model has no place for them): folder properties (1); sketch and canvas views (2); ..."]
    >>> write_archimate(model, "copy.archimate")                   # doctest: +SKIP
    []

Ids: Archi's own ids may start with a digit, which XML ids may not; like Archi's exchange
exporter, the reader prefixes those with `id-` (`"650"` -> `"id-650"`), so a model has the same
ids whether it arrives as `.archimate`, exchange XML or CSV. See `_archi_native_read` and
`_archi_native_write` for what maps where.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ea_model.errors import EaError
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from exporters.archi.common import Problems
from exporters.archi.native_read import NativeReader
from exporters.archi.native_write import build_native
from exporters.atomic import atomic_write_bytes
from exporters.xmlsafe import parse_file, refuse_dtd, safe_parser

# A zipped model's model.xml may unpack to at most this much; a zip bomb fails cleanly.
MAX_MODEL_XML_BYTES = 512 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 100_000
ZIP_MAGIC = b"PK\x03\x04"
NATIVE_KIND = "an Archi model file"


def read_archimate(path: str | os.PathLike, *, strict: bool = False, recover: bool = False) -> Model:
    """Read an Archi model file (plain XML or the zip form with images).

    Bad input (not an Archi model, unknown type, dangling reference, duplicate id) raises a
    one-line EaError naming the file and line; with `recover=True` those become error findings
    in `model.load_findings` and the offending object is left out. What ea's model has no place
    for (sketch and canvas views, Archi-only appearance settings, images...) is listed in one
    advice finding.
    """
    path = Path(path)
    file = str(path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise EaError(f"cannot read: {exc.strerror or exc}", file=file) from None
    problems = Problems(file, strict=strict, recover=recover)
    if magic == ZIP_MAGIC:
        data, images = _model_xml_from_archive(path)
        root = _parse_bytes(data, f"{file} [model.xml]")
        problems.file = f"{file} [model.xml]"
    else:
        root = parse_file(path, kind=NATIVE_KIND).getroot()
        images = 0
    with paused_gc():
        model = NativeReader(problems).read(root)
    if images:
        problems.advice("not-carried", f"images in the archive ({images}) are not kept by ea's model")
    model.source = file
    return model


def write_archimate(model: Model, path: str | os.PathLike, *, lang: str | None = None) -> list[str]:
    """Write `model` as an Archi model file (Archi 5 format) atomically.

    Texts in several languages keep the one `text_in(value, lang)` picks. Returns what the
    format could not carry, e.g. `"labels on element nodes (2) are not carried by the Archi model
    file"`.
    """
    with paused_gc():
        root, dropped = build_native(model, lang=lang)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    atomic_write_bytes(path, data)
    return dropped


def _model_xml_from_archive(path: Path) -> tuple[bytes, int]:
    """model.xml from Archi's zip form, unpacked with a hard size cap; and how many images it has."""
    file = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES:
                raise EaError(
                    f"the archive has {len(entries)} entries; an Archi model has model.xml and its images", file=file
                )
            info = next((e for e in entries if e.filename == "model.xml"), None)
            if info is None:
                raise EaError("a zip archive without model.xml is not an Archi model", file=file)
            if info.file_size > MAX_MODEL_XML_BYTES:
                raise EaError(_too_big(info.file_size), file=file)
            with archive.open(info) as member:
                data = member.read(MAX_MODEL_XML_BYTES + 1)
            if len(data) > MAX_MODEL_XML_BYTES:
                raise EaError(_too_big(len(data)) + " (the archive understates it)", file=file)
            images = sum(1 for e in entries if e.filename.startswith("images/") and not e.is_dir())
    except zipfile.BadZipFile as exc:
        raise EaError(f"not a readable zip archive: {exc}", file=file) from None
    except (RuntimeError, NotImplementedError, zlib.error, EOFError) as exc:
        raise EaError(f"cannot unpack model.xml: {exc}", file=file) from None
    except OSError as exc:
        raise EaError(f"cannot read: {exc.strerror or exc}", file=file) from None
    return data, images


def _too_big(size: int) -> str:
    return f"model.xml unpacks to more than {MAX_MODEL_XML_BYTES // (1024 * 1024)} MiB ({size} bytes or more); refused"


def _parse_bytes(data: bytes, where: str) -> etree._Element:
    refuse_dtd(data, where, kind=NATIVE_KIND)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise EaError(f"not well-formed XML: {exc.msg}", file=where, line=exc.lineno or None) from None
    return root
