"""The one XML parser configuration: safe by default.

Never resolves external entities, never loads a DTD, never touches the network. A file with a
DOCTYPE is refused by `refuse_dtd` before any parser reads it, so entity bombs and external
entities end in ea's own one-line refusal, whatever lxml and libxml2 would have done.
"""

from __future__ import annotations

import codecs
import os
import re

from lxml import etree

from ea_model.errors import EaError


def safe_parser(**overrides) -> etree.XMLParser:
    options = dict(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    options.update(overrides)
    return etree.XMLParser(**options)


def safe_iterparse(source, **options) -> etree.iterparse:
    """`etree.iterparse` (streaming, for large files) with the same safe settings as `safe_parser`.

    The caller refuses a DTD with `refuse_dtd(source, path)` before it starts."""
    settings = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)
    settings.update(options)
    return etree.iterparse(source, **settings)


DTD_REFUSAL = (
    "DTDs and entities are not allowed in {kind} (found <!{what}); ea refuses the file before parsing it, "
    "since entity declarations are how entity bombs and external-entity reads work: export the model again without it"
)
_PROLOG_CHUNK = 1 << 16
_PROLOG_MARKS = ("<!DOCTYPE", "<!--", "<?")


def refuse_dtd(source, label: str | os.PathLike | None, *, kind: str = "an ArchiMate exchange file") -> None:
    """Refuse a DOCTYPE (with its entity declarations and external references) before any parser sees it.

    `source` is bytes, a path or a binary file object (read from where it stands, then put back).
    Only the prolog is scanned (XML declaration, comments, processing instructions), so the
    decision and its wording are ea's on every lxml/libxml2 version, and nothing is expanded."""
    if isinstance(source, bytes | bytearray | memoryview):
        chunks = iter([bytes(source)])
        _scan_prolog(chunks, label, kind)
        return
    if hasattr(source, "read"):
        start = source.tell()
        try:
            _scan_prolog(iter(lambda: source.read(_PROLOG_CHUNK), b""), label, kind)
        finally:
            source.seek(start)
        return
    try:
        with open(source, "rb") as handle:
            _scan_prolog(iter(lambda: handle.read(_PROLOG_CHUNK), b""), label, kind)
    except OSError:
        return  # unreadable files are reported by the reader that opens them next, with its wording


def _scan_prolog(chunks, label, kind: str) -> None:
    decoder = None
    text, line = "", 1
    for chunk in chunks:
        if decoder is None:
            decoder = codecs.getincrementaldecoder(_prolog_codec(chunk))("replace")
        text += decoder.decode(chunk)
        text, line, verdict = _consume_prolog(text, line)
        if verdict == "body":
            return
        if verdict is not None:
            where = str(label) if label is not None else None
            raise EaError(DTD_REFUSAL.format(kind=kind, what=verdict), file=where, line=line)


def _consume_prolog(text: str, line: int) -> tuple[str, int, str | None]:
    """Drop what the prolog may hold; say "body" at the root element, the construct at a `<!...`,
    None when more text is needed."""
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n\ufeff":
            pos += 1
        rest = text[pos:]
        if any(len(rest) < len(mark) and mark.startswith(rest) for mark in _PROLOG_MARKS):
            return rest, line + text.count("\n", 0, pos), None  # too short to tell: read on
        if rest.startswith("<?") or rest.startswith("<!--"):
            end = "?>" if rest.startswith("<?") else "-->"
            close = text.find(end, pos + 2)
            if close < 0:
                return rest, line + text.count("\n", 0, pos), None
            pos = close + len(end)
            continue
        line += text.count("\n", 0, pos)
        if rest.startswith("<!"):
            word = re.match(r"<!([A-Za-z]*)", rest).group(1) or rest[2:3]
            return rest, line, (word.upper() + " ...>" if word else "...>")
        return rest, line, "body"


def _prolog_codec(head: bytes) -> str:
    """Enough of XML's encoding detection (appendix F) to read markup characters; every
    ASCII-compatible encoding (UTF-8, windows-1252, TIS-620) reads the same as latin-1 here."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return codec
    if head[:2] == b"<\x00":
        return "utf-16-le"
    if head[:2] == b"\x00<":
        return "utf-16-be"
    return "latin-1"


def parse_file(path: str | os.PathLike, *, kind: str = "an ArchiMate exchange file") -> etree._ElementTree:
    """Parse a whole file safely; errors become one-line EaErrors with the file and line."""
    refuse_dtd(path, path, kind=kind)
    try:
        tree = etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise EaError(f"not well-formed XML: {exc.msg}", file=str(path), line=line) from None
    except OSError as exc:
        raise EaError(f"cannot read: {exc}", file=str(path)) from None
    return tree
