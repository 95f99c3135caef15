"""The exchange-format writer (private; the public functions are in `exporters.exchange`).

Writes the document as text, section by section, in the model's order, flushing UTF-8 to the
handle in blocks: no tree is built, so writing is close to the speed of serialising one. Before
writing, one pass makes sure the output will be valid: every identifier an NCName and unique in
the whole file, every reference pointing at something written. What had to change is noted.
"""

from __future__ import annotations

import re
import unicodedata
from operator import attrgetter
from typing import BinaryIO

from lxml import etree

from ea_model.model import Model
from ea_model.objects import OrganizationItem, PropertyDefinition
from exporters.exchange.common import (
    ARCHIMATE_NS,
    DC_NS,
    DC_SCHEMA_LOCATION,
    PROPERTY_TYPES,
    SCHEMA_LOCATION,
    XSI_NS,
)
from exporters.exchange.write_concepts import FLUSH_AT, INVALID_XML, TEXT_SPECIAL, ConceptWriting
from exporters.exchange.write_views import ViewWriting
from exporters.xmlsafe import safe_parser

_REF, _ID, _ITEMS = attrgetter("ref"), attrgetter("id"), attrgetter("items")
_LABEL, _DOCUMENTATION = attrgetter("label"), attrgetter("documentation")

# Characters that need care in text and in attribute values (escapes, and what XML 1.0 cannot hold).
_ATTR_SPECIAL = re.compile(f'[&<>"\r\n\t{INVALID_XML}]')
_INVALID_CHARS = re.compile(f"[{INVALID_XML}]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_ESCAPES = str.maketrans({k: v for k, v in _ESCAPES.items() if k in "&<>\r"})
_ATTR_ESCAPES = str.maketrans(_ESCAPES)
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_ID_BYTES = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-"
_BAD_ID_START = re.compile(rb"\x00[0-9.\-\x00]|\x00$")


_NAME_START = frozenset({"Ll", "Lu", "Lo", "Lt", "Nl"})  # Unicode categories of letters
_NAME_PART = _NAME_START | {"Nd", "Mc", "Me", "Mn", "Lm"}  # and digits, combining marks, extenders


def is_ncname(value: str) -> bool:
    """An XML NCName as libxml2's schema validator checks xs:ID (XML 1.0, 4th edition classes)."""
    if not value or not (value[0] == "_" or unicodedata.category(value[0]) in _NAME_START):
        return False
    return all(ch in "._-\u00b7" or unicodedata.category(ch) in _NAME_PART for ch in value[1:])


def _all_simple_ncnames(ids: list[str]) -> bool:
    """True when every id is an ASCII NCName; checked in bulk (C speed) for a million ids."""
    if not ids:
        return True
    joined = "\x00".join(ids)
    if not joined.isascii():
        return False
    data = joined.encode("ascii")
    if len(data.translate(None, _ID_BYTES)) != len(ids) - 1:  # only the separators may be left
        return False
    if _BAD_ID_START.search(data) is not None:  # an id starting with a digit, '.' or '-', or an empty one
        return False
    return data[:1].isalpha() or data[:1] == b"_"


class ExchangeWriter(ConceptWriting, ViewWriting):
    """One write of one model. Call `write(handle)` once; then `notes` says what changed or was left out."""

    def __init__(self, model: Model):
        self.model = model
        self.notes: list[str] = []
        self._noted: set[str] = set()
        self.rename: dict[str, str] = {}  # concepts, property definitions, views, viewpoints
        self.taken: set[str] = set()  # every identifier written so far
        self.parts: list[str] = []
        self._open_tags: dict[tuple[str, str], str] = {}
        self._init_concept_writing()
        self.undeclared: dict[str, str] = {}  # property definitions referred to but not in the model -> id

    # ---- text ---------------------------------------------------------------------------------

    def note(self, message: str) -> None:
        if message not in self._noted:
            self._noted.add(message)
            self.notes.append(message)

    def text(self, value: str) -> str:
        if TEXT_SPECIAL.search(value) is None:
            return value
        return self._clean(value).translate(_TEXT_ESCAPES)

    def attr(self, value: str) -> str:
        if _ATTR_SPECIAL.search(value) is None:
            return value
        return self._clean(value).translate(_ATTR_ESCAPES)

    def _clean(self, value: str) -> str:
        if _INVALID_CHARS.search(value) is None:
            return value
        self.note("removed control characters that XML 1.0 cannot hold from some texts")
        return _INVALID_CHARS.sub("", value)

    def lang_attr(self, lang: str) -> str:
        if not lang:
            return ""
        if _LANGUAGE.fullmatch(lang) is None:
            fixed = lang.replace("_", "-")
            if _LANGUAGE.fullmatch(fixed) is None:
                self.note(f"language tag {lang!r} is not valid in XML; written as 'und' (undetermined)")
                fixed = "und"
            else:
                self.note(f"language tag {lang!r} written as {fixed!r}")
            lang = fixed
        return f' xml:lang="{lang}"'

    def open_tag(self, indent: str, name: str, lang: str) -> str:
        """`<name xml:lang="..">` at an indent, cached: there are few languages and many texts."""
        key = (indent + name, lang)
        found = self._open_tags.get(key)
        if found is None:
            found = self._open_tags[key] = f"{indent}<{name}{self.lang_attr(lang)}>"
        return found

    def texts(self, indent: str, name: str, value: dict[str, str], *, required: bool = False) -> None:
        """One `<name xml:lang>` per language; an empty `<name/>` when one is required and there is none."""
        emit = self.parts.append
        if value:
            text = self.text
            for lang, content in value.items():
                emit(f"{self.open_tag(indent, name, lang)}{text(content)}</{name}>\n")
        elif required:
            emit(f"{indent}<{name}/>\n")

    def flush(self, handle: BinaryIO) -> None:
        if self.parts:
            handle.write("".join(self.parts).encode("utf-8"))
            self.parts.clear()

    # ---- identifiers --------------------------------------------------------------------------

    def fresh_id(self, wanted: str) -> str:
        """A valid, unused identifier close to `wanted`."""
        base = "".join(ch if is_ncname("a" + ch) else "_" for ch in wanted) or "id"
        if not is_ncname(base):
            base = "id-" + base
        ident, n = base, 1
        while ident in self.taken:
            n += 1
            ident = f"{base}-{n}"
        return ident

    def claim(self, ident: str | None, what: str) -> str:
        """Register an identifier for the output, replacing it when invalid or already used."""
        if ident is not None and ident not in self.taken and is_ncname(ident):
            self.taken.add(ident)
            return ident
        new = self.fresh_id(ident or what)
        problem = "is not a valid XML identifier" if ident is None or not is_ncname(ident) else "is used twice"
        self.note(f"{what} id {ident!r} {problem}; written as {new!r}")
        self.taken.add(new)
        return new

    def declare(self, ref: str) -> str:
        """The id under which a property definition the model lacks will be declared."""
        ident = self.undeclared.get(ref)
        if ident is None:
            ident = self.undeclared[ref] = self.claim(ref, "property definition")
        return ident

    def _plan_ids(self) -> None:
        model = self.model
        # Model.element_ids() and relationship_ids(), read from the graph's own dicts (no view objects).
        concept_ids = [node for node, data in model.graph._node.items() if "element" in data]
        concept_ids += model._edge_of  # Model.relationship_ids()
        if _all_simple_ncnames(concept_ids):
            self.taken = set(concept_ids)
        else:
            for ident in concept_ids:
                new = self.claim(ident, "concept")
                if new != ident:
                    self.rename[ident] = new
        self.model_id = self.claim(model.info.id, "model")
        for ident in model.property_definitions:
            new = self.claim(ident, "property definition")
            if new != ident:
                self.rename[ident] = new
        for viewpoint in model.info.viewpoints:
            new = self.claim(viewpoint.id, "viewpoint")
            if new != viewpoint.id:
                self.rename[viewpoint.id] = new
        for view in model.views:
            new = self.claim(view.id, "view")
            if new != view.id:
                self.rename[view.id] = new
        self.known_ids = set(self.taken)  # what identifierRef / viewRef may point at

    # ---- the document -------------------------------------------------------------------------

    def write(self, handle: BinaryIO) -> None:
        model = self.model
        self._plan_ids()
        metadata_block, prefixes = self._metadata_block()
        emit = self.parts.append
        namespaces = "".join(f' xmlns:{prefix}="{self.attr(uri)}"' for prefix, uri in sorted(prefixes.items()))
        location = SCHEMA_LOCATION + (f" {DC_SCHEMA_LOCATION}" if DC_NS in prefixes.values() else "")
        version = f' version="{self.attr(model.info.version)}"' if model.info.version is not None else ""
        emit('<?xml version="1.0" encoding="UTF-8"?>\n')
        emit(
            f'<model xmlns="{ARCHIMATE_NS}"{namespaces} xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{location}" '
            f'identifier="{self.model_id}"{version}>\n'
        )
        info = model.info
        self.texts("  ", "name", info.name, required=True)
        self.texts("  ", "documentation", info.documentation)
        self.properties("  ", info.properties)
        if metadata_block:
            emit(metadata_block)
        self._elements(handle)
        self._relationships(handle)
        self._organizations(handle)
        self._property_definitions()
        self.flush(handle)
        self.views(handle)
        emit("</model>\n")
        self.flush(handle)
        if info.profiles:
            self.note(
                f"{len(info.profiles)} specializations (profiles) are kept only as the 'specialization' property "
                "of the concepts that have one; their images are not carried"
            )

    # ---- organizations and property definitions -------------------------------------------------

    def _organizations(self, handle: BinaryIO) -> None:
        items = self.model.organizations
        if not items:
            return
        self.parts.append("  <organizations>\n")
        for item in items:
            self._item(item, "    ", handle)
        self.parts.append("  </organizations>\n")

    def _item(self, item: OrganizationItem, indent: str, handle: BinaryIO) -> None:
        parts = self.parts
        emit = parts.append
        attributes = ""
        if item.id is not None:
            attributes = f' identifier="{self.claim(item.id, "organization item")}"'
        ref = item.ref
        if ref is not None:
            ref = self.rename.get(ref, ref)
            if ref in self.known_ids:
                attributes += f' identifierRef="{ref}"'
            else:
                self.note(f"organization item refers to {item.ref!r}, which is not in the model; reference left out")
        if not (item.label or item.documentation or item.items):
            emit(f"{indent}<item{attributes}/>\n")
            return
        emit(f"{indent}<item{attributes}>\n")
        inner = indent + "  "
        self.texts(inner, "label", item.label)
        self.texts(inner, "documentation", item.documentation)
        children = item.items
        refs = self._all_bare(children)
        if refs is not None:
            self._bare_items(inner, refs, handle)
            emit(f"{indent}</item>\n")
            return
        known, rename = self.known_ids, self.rename
        refs = []  # a run of bare references to concepts, written with one join
        for child in children:
            fields = child.__dict__
            ref = fields["ref"]
            if rename and ref is not None:
                ref = rename.get(ref, ref)
            if (
                ref is not None
                and ref in known
                and fields["id"] is None
                and not (fields["items"] or fields["label"] or fields["documentation"])
            ):
                refs.append(ref)
                continue
            if refs:
                self._bare_items(inner, refs, handle)
                refs = []
            self._item(child, inner, handle)
        if refs:
            self._bare_items(inner, refs, handle)
        emit(f"{indent}</item>\n")

    def _all_bare(self, items: list[OrganizationItem]) -> list[str] | None:
        """The references of `items` when every one is a bare reference to a known concept (a folder of
        a large model holds thousands), checked with C-level passes over the list; else None."""
        if not items or self.rename:
            return None
        refs = list(map(_REF, items))
        if (
            None in refs
            or list(map(_ID, items)).count(None) != len(items)
            or any(map(_ITEMS, items))
            or any(map(_LABEL, items))
            or any(map(_DOCUMENTATION, items))
            or not self.known_ids.issuperset(refs)
        ):
            return None
        return refs

    def _bare_items(self, indent: str, refs: list[str], handle: BinaryIO) -> None:
        """`<item identifierRef="..."/>` for each of `refs` (checked: known, renamed)."""
        between = f'"/>\n{indent}<item identifierRef="'
        self.parts.append(f'{indent}<item identifierRef="{between.join(refs)}"/>\n')
        if len(self.parts) > FLUSH_AT:
            self.flush(handle)

    def _property_definitions(self) -> None:
        definitions = list(self.model.property_definitions.values())
        later = [view.properties for view in self.model.views] + [vp.properties for vp in self.model.info.viewpoints]
        for properties in later:  # written after this section, so looked at now
            for prop in properties:
                if prop.definition_ref not in self.model.property_definitions:
                    self.declare(prop.definition_ref)
        written = [(self.rename.get(d.id, d.id), d) for d in definitions]
        for ref, ident in self.undeclared.items():
            self.note(f"properties refer to property definition {ref!r}, which the model does not declare; declared it")
            written.append((ident, PropertyDefinition(id=ident, name={"": ref})))
        if not written:
            return
        emit = self.parts.append
        emit("  <propertyDefinitions>\n")
        for ident, definition in written:
            data_type = definition.type if definition.type in PROPERTY_TYPES else "string"
            emit(f'    <propertyDefinition identifier="{ident}" type="{data_type}">\n')
            self.texts("      ", "name", definition.name, required=True)
            self.texts("      ", "documentation", definition.documentation)
            emit("    </propertyDefinition>\n")
        emit("  </propertyDefinitions>\n")

    # ---- metadata -------------------------------------------------------------------------------

    def _metadata_block(self) -> tuple[str, dict[str, str]]:
        """The `<metadata>` element as text, and the namespace prefixes the root must declare for it.

        Each item is kept verbatim; parsing it (safely) first makes sure nothing malformed gets in."""
        metadata = self.model.info.metadata
        if metadata is None:
            return "", {}
        items = []
        for text in metadata.items:
            try:
                items.append(etree.fromstring(text.encode("utf-8"), safe_parser()))
            except (etree.XMLSyntaxError, ValueError):
                self.note(f"a metadata item is not well-formed XML and was left out: {text[:60]!r}")
        prefixes: dict[str, str] = {}
        for item in items:
            for prefix, uri in item.nsmap.items():
                if prefix and prefix != "xsi":
                    prefixes.setdefault(prefix, uri)  # a clash keeps its own declaration on the item
        wrapper = etree.Element(f"{{{ARCHIMATE_NS}}}metadata", nsmap={None: ARCHIMATE_NS, **prefixes})
        lines = ["  <metadata>\n"]
        if metadata.schema_name is not None:
            lines.append(f"    <schema>{self.text(metadata.schema_name)}</schema>\n")
        if metadata.schema_version is not None:
            lines.append(f"    <schemaversion>{self.text(metadata.schema_version)}</schemaversion>\n")
        for item in items:
            wrapper.append(item)
            etree.cleanup_namespaces(wrapper, top_nsmap=prefixes)
            serialised = etree.tostring(wrapper, encoding="unicode")
            inner = serialised[serialised.index(">") + 1 : serialised.rindex("<")]
            lines.append(f"    {inner}\n")
            wrapper.remove(item)
        lines.append("  </metadata>\n")
        return "".join(lines), prefixes
