"""Validate an ArchiMate exchange file against the Open Group XSDs, offline.

The schemas ship with the package (`exporters/xsd/`, byte-identical to the ones Archi bundles).
`archimate3_Diagram.xsd` (model + views + diagrams) and `dc.xsd` (Dublin Core inside
`<metadata>`) are loaded together through a small wrapper schema, the way Archi's own validator
does; the W3C `xml.xsd` both import by URL is served from the local copy by a resolver, so
nothing touches the network. The schema is built once per process.

    >>> from exporters.exchange.schema import validate_xsd
    >>> validate_xsd("model.xml")  # doctest: +SKIP
    [XsdProblem(line=12, column=0, message="Element 'node', attribute 'x': ...")]
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from ea_model.errors import EaError
from exporters.exchange.identity import check_file
from exporters.exchange.xsd_sources import ARCHIMATE_NS, WRAPPER, XSD_DIR, LocalSchemas
from exporters.xmlsafe import parse_file, refuse_dtd, safe_parser


class XsdProblem(NamedTuple):
    """One schema violation, where the instance document has it."""

    line: int
    column: int
    message: str

    def as_json(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@lru_cache(maxsize=1)
def archimate_schema() -> etree.XMLSchema:
    """The exchange-format schema (Diagram + Dublin Core), built once."""
    parser = safe_parser()
    parser.resolvers.add(LocalSchemas())
    wrapper = etree.fromstring(WRAPPER, parser, base_url=(XSD_DIR / "wrapper.xsd").as_uri())
    try:
        return etree.XMLSchema(etree.ElementTree(wrapper))
    except etree.XMLSchemaParseError as exc:  # a broken installation, not a user error
        raise RuntimeError(f"cannot load the bundled ArchiMate schemas in {XSD_DIR}: {exc}") from exc


def _parse(source: str | os.PathLike | bytes) -> etree._ElementTree:
    if isinstance(source, bytes):
        refuse_dtd(source, None)
        try:
            root = etree.fromstring(source, safe_parser())
        except etree.XMLSyntaxError as exc:
            raise EaError(f"not well-formed XML: {exc.msg}", line=exc.lineno or None) from None
        return root.getroottree()
    return parse_file(source)


def _readable(message: str) -> str:
    # lxml spells every name as {namespace}local; the ArchiMate namespace is the expected one, so drop it.
    return message.replace("{" + ARCHIMATE_NS + "}", "")


STREAM_ABOVE = 64 << 20  # bytes: a larger file is validated streaming (see validate_xsd)


def validate_xsd(source: str | os.PathLike | bytes) -> list[XsdProblem]:
    """Schema violations of an exchange file (a path, or the document as bytes); empty when valid.

    A file up to STREAM_ABOVE bytes is validated whole by libxml2. A larger one is first validated as it
    streams (`identity.check_file`), in memory a fraction of the file's size instead of several times
    it: a valid file ends there, and so does one that breaks only identity constraints (a duplicate
    identifier, a reference to nothing: ea's messages, on their lines). A structural error has no line
    when streamed, so such a file is validated whole after all, for every violation on its line. A file
    that cannot be read or is not well-formed XML raises EaError (file and line)."""
    if not isinstance(source, bytes) and _size(source) > STREAM_ABOVE:
        return _validate_streaming(source)
    return _validate_whole(source)


def _validate_whole(source: str | os.PathLike | bytes) -> list[XsdProblem]:
    tree = _parse(source)
    schema = archimate_schema()
    if schema.validate(tree):
        return []
    problems = [XsdProblem(err.line, err.column, _readable(err.message)) for err in schema.error_log]
    return sorted(problems, key=lambda p: p.line)  # key constraints are reported last; show them in place


def _size(path: str | os.PathLike) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported by the whole-file parse, with its usual message


def _validate_streaming(path: str | os.PathLike) -> list[XsdProblem]:
    try:
        problems = check_file(path)
    except (OSError, EaError):  # unreadable, a DTD, not well-formed: the usual one-line error, naming the file
        return _validate_whole(path)
    if any(line is None for line, _ in problems):
        return _validate_whole(path)  # a structural error: libxml2's full report, with lines
    return sorted((XsdProblem(line, 0, _readable(message)) for line, message in problems), key=lambda p: p.line)


def is_valid_xsd(source: str | os.PathLike | bytes) -> bool:
    return not validate_xsd(source)
