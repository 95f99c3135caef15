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
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from ea_model.errors import EaError
from exporters.xmlsafe import parse_file, refuse_dtd, safe_parser

XSD_DIR = Path(__file__).resolve().parent / "xsd"
ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# A schema with no target namespace of its own whose only job is to bring both namespaces into one
# XMLSchema object (lxml takes one root schema document).
_WRAPPER = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="{ARCHIMATE_NS}" schemaLocation="archimate3_Diagram.xsd"/>
  <xs:import namespace="{DC_NS}" schemaLocation="dc.xsd"/>
</xs:schema>
""".encode()


class XsdProblem(NamedTuple):
    """One schema violation, where the instance document has it."""

    line: int
    column: int
    message: str

    def as_json(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


class _LocalSchemas(etree.Resolver):
    """Serve the W3C xml.xsd (imported by URL from archimate3_Model.xsd and dc.xsd) from the local copy,
    and refuse every other remote location instead of letting libxml2 try the network."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("/xml.xsd"):
            return self.resolve_filename(str(XSD_DIR / "xml.xsd"), context)
        if url and "://" in url and not url.startswith("file:"):
            raise ValueError(f"{url} is not bundled and the network is never used")  # lxml reports a load failure
        return None


@lru_cache(maxsize=1)
def archimate_schema() -> etree.XMLSchema:
    """The exchange-format schema (Diagram + Dublin Core), built once."""
    parser = safe_parser()
    parser.resolvers.add(_LocalSchemas())
    wrapper = etree.fromstring(_WRAPPER, parser, base_url=(XSD_DIR / "wrapper.xsd").as_uri())
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


def validate_xsd(source: str | os.PathLike | bytes) -> list[XsdProblem]:
    """Schema violations of an exchange file (a path, or the document as bytes); empty when valid.

    A file that cannot be read or is not well-formed XML raises EaError (file and line)."""
    tree = _parse(source)
    schema = archimate_schema()
    if schema.validate(tree):
        return []
    problems = [XsdProblem(err.line, err.column, _readable(err.message)) for err in schema.error_log]
    return sorted(problems, key=lambda p: p.line)  # key constraints are reported last; show them in place


def is_valid_xsd(source: str | os.PathLike | bytes) -> bool:
    return not validate_xsd(source)
