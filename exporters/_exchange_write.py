"""The exchange-format writer (private; the public functions are in `exporters.exchange`).

Writes the document as text, section by section, in the model's order, flushing UTF-8 to the
handle in blocks: no tree is built, so writing is close to the speed of serialising one. Before
writing, one pass makes sure the output will be valid: every identifier an NCName and unique in
the whole file, every reference pointing at something written. What had to change is noted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import BinaryIO

from lxml import etree

from ea_model.model import Model
from ea_model.objects import OrganizationItem, Property, PropertyDefinition
from exporters._exchange_common import (
    ARCHIMATE_NS,
    DC_NS,
    DC_SCHEMA_LOCATION,
    NAME_OPTIONAL,
    PROPERTY_TYPES,
    SCHEMA_LOCATION,
    XSI_NS,
)
from exporters._exchange_write_views import ViewWriting
from exporters.xmlsafe import safe_parser

_FLUSH_AT = 20000  # text parts held before they are encoded and written
_WITH_EXTRA = frozenset({"Access", "Influence", "Association"})

# Characters that need care in text and in attribute values (escapes, and what XML 1.0 cannot hold).
_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_TEXT_SPECIAL = re.compile(f"[&<>\r{_INVALID}]")
_ATTR_SPECIAL = re.compile(f'[&<>"\r\n\t{_INVALID}]')
_INVALID_CHARS = re.compile(f"[{_INVALID}]")
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


class ExchangeWriter(ViewWriting):
    """One write of one model. Call `write(handle)` once; then `notes` says what changed or was left out."""

    def __init__(self, model: Model):
        self.model = model
        self.notes: list[str] = []
        self._noted: set[str] = set()
        self.rename: dict[str, str] = {}  # concepts, property definitions, views, viewpoints
        self.taken: set[str] = set()  # every identifier written so far
        self.parts: list[str] = []
        self._open_tags: dict[tuple[str, str], str] = {}
        self._property_tags: dict[str, tuple[dict[str, str], dict[str, str], str, dict]] = {}
        self._concept_names: dict[str, str] = {}  # lang -> opening <name> at a concept's indent
        self._concept_documentation: dict[str, str] = {}
        self.undeclared: dict[str, str] = {}  # property definitions referred to but not in the model -> id

    # ---- text ---------------------------------------------------------------------------------

    def note(self, message: str) -> None:
        if message not in self._noted:
            self._noted.add(message)
            self.notes.append(message)

    def text(self, value: str) -> str:
        if _TEXT_SPECIAL.search(value) is None:
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
        concept_ids += model._edge_of
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

    def properties(self, indent: str, properties: list[Property]) -> None:
        if not properties:
            return
        emit = self.parts.append
        # Per indent: each definition's <property> opening, each language's <value> opening, and the
        # whole text of single-value properties already written (values repeat: agency ids, channels).
        written = (self._property_tags.get(indent) or self._property_tag_cache(indent))[3]
        known = written.get
        emit(f"{indent}<properties>\n")
        for prop in properties:
            fields = prop.__dict__
            value = fields["value"]
            if len(value) == 1:
                for lang, content in value.items():
                    key = (fields["definition_ref"], lang, content)
                    emit(known(key) or self._single_value_property(indent, key))
            else:
                self._other_property(indent, fields)
        emit(f"{indent}</properties>\n")

    def _other_property(self, indent: str, fields: dict) -> None:
        """A property with no value or with values in several languages (`fields`: its __dict__)."""
        emit = self.parts.append
        openings, values, closing, _ = self._property_tags[indent]
        ref, value = fields["definition_ref"], fields["value"]
        emit(openings.get(ref) or self._property_opening(indent, ref))
        if value:
            for lang, content in value.items():
                value_open = values.get(lang) or self._value_opening(indent, lang)
                emit(f"{value_open}{self.text(content)}</value>\n")
        else:
            emit(f"{indent}    <value/>\n")
        emit(closing)

    def _single_value_property(self, indent: str, key: tuple[str, str, str]) -> str:
        openings, values, closing, written = self._property_tags[indent]
        ref, lang, content = key
        opening = openings.get(ref) or self._property_opening(indent, ref)
        value_open = values.get(lang) or self._value_opening(indent, lang)
        text = f"{opening}{value_open}{self.text(content)}</value>\n{closing}"
        if len(content) <= 60 and len(written) < 200_000:
            written[key] = text
        return text

    def _property_tag_cache(self, indent: str) -> tuple[dict, dict, str, dict]:
        cache = self._property_tags[indent] = ({}, {}, f"{indent}  </property>\n", {})
        return cache

    def _property_opening(self, indent: str, ref: str) -> str:
        target = self.rename.get(ref, ref) if ref in self.model.property_definitions else self.declare(ref)
        opening = self._property_tags[indent][0][ref] = f'{indent}  <property propertyDefinitionRef="{target}">\n'
        return opening

    def _value_opening(self, indent: str, lang: str) -> str:
        opening = self._property_tags[indent][1][lang] = self.open_tag(indent + "    ", "value", lang)
        return opening

    def _concept_body(self, fields: dict, *, name_required: bool) -> None:
        """name*, documentation*, properties of an element or relationship (`fields`: its __dict__)."""
        if fields["name"]:
            self._concept_texts("name", fields["name"])
        elif name_required:
            self.parts.append("      <name/>\n")
        if fields["documentation"]:
            self._concept_texts("documentation", fields["documentation"])
        if fields["properties"]:
            self.properties("      ", fields["properties"])

    def _concept_texts(self, name: str, value: dict[str, str]) -> None:
        """`texts` at a concept's indent, with the opening tags cached per language."""
        emit = self.parts.append
        special = _TEXT_SPECIAL.search
        openings = self._concept_names if name == "name" else self._concept_documentation
        for lang, content in value.items():
            opening = openings.get(lang) or self._concept_opening(openings, name, lang)
            emit(f"{opening}{content if special(content) is None else self.text(content)}</{name}>\n")

    def _concept_opening(self, openings: dict[str, str], name: str, lang: str) -> str:
        opening = openings[lang] = self.open_tag("      ", name, lang)
        return opening

    def _elements(self, handle: BinaryIO) -> None:
        parts = self.parts
        emit = parts.append
        rename = self.rename
        special = _TEXT_SPECIAL.search
        names = self._concept_names
        indent = "      "
        known = (self._property_tags.get(indent) or self._property_tag_cache(indent))[3].get
        single = self._single_value_property
        other = self._other_property
        started = False
        for element in self.model.elements():
            if not started:
                emit("  <elements>\n")
                started = True
            fields = element.__dict__  # read once: attribute access on a model object walks its classes
            ident, el_type, name, properties = fields["id"], fields["type"], fields["name"], fields["properties"]
            if rename:
                ident = rename.get(ident, ident)
            if not (name or fields["documentation"] or properties) and el_type in NAME_OPTIONAL:
                emit(f'    <element identifier="{ident}" xsi:type="{el_type}"/>\n')
                continue
            emit(f'    <element identifier="{ident}" xsi:type="{el_type}">\n')
            if name:  # the common case, written here; the rest as for relationships
                for lang, content in name.items():
                    opening = names.get(lang) or self._concept_opening(names, "name", lang)
                    emit(f"{opening}{content if special(content) is None else self.text(content)}</name>\n")
            elif el_type not in NAME_OPTIONAL:
                emit("      <name/>\n")
            if fields["documentation"]:
                self._concept_texts("documentation", fields["documentation"])
            if properties:  # as `properties`, inline: most elements have a few single-value ones
                emit("      <properties>\n")
                for prop in properties:
                    prop_fields = prop.__dict__
                    value = prop_fields["value"]
                    if len(value) == 1:
                        for lang, content in value.items():
                            key = (prop_fields["definition_ref"], lang, content)
                            emit(known(key) or single(indent, key))
                    else:
                        other(indent, prop_fields)
                emit("      </properties>\n    </element>\n")
            else:
                emit("    </element>\n")
            if len(parts) > _FLUSH_AT:
                self.flush(handle)
        if started:
            emit("  </elements>\n")

    def _relationships(self, handle: BinaryIO) -> None:
        parts = self.parts
        emit = parts.append
        rename = self.rename
        body = self._concept_body
        started = False
        succ = self.model.graph._succ  # as Model.relationships(), without a generator step per relationship
        for rel_id, (source, target) in self.model._edge_of.items():
            if not started:
                emit("  <relationships>\n")
                started = True
            fields = succ[source][target][rel_id]["relationship"].__dict__
            ident, rel_type, source, target = fields["id"], fields["type"], fields["source"], fields["target"]
            if rename:
                ident, source, target = rename.get(ident, ident), rename.get(source, source), rename.get(target, target)
            extra = self._relationship_extra(fields) if rel_type in _WITH_EXTRA else ""
            if fields["name"] or fields["documentation"] or fields["properties"]:
                emit(
                    f'    <relationship identifier="{ident}" xsi:type="{rel_type}" source="{source}" '
                    f'target="{target}"{extra}>\n'
                )
                body(fields, name_required=False)
                emit("    </relationship>\n")
            else:
                emit(
                    f'    <relationship identifier="{ident}" xsi:type="{rel_type}" source="{source}" '
                    f'target="{target}"{extra}/>\n'
                )
            if len(parts) > _FLUSH_AT:
                self.flush(handle)
        if started:
            emit("  </relationships>\n")

    def _relationship_extra(self, fields: dict) -> str:
        """accessType, modifier or isDirected, as the relationship's type has it."""
        rel_type = fields["type"]
        if rel_type == "Access":
            access = fields["access_type"]
            if access is None:
                return ""
            if access in ("Access", "Read", "Write", "ReadWrite"):
                return f' accessType="{access}"'
            self.note(f"accessType {access!r} is not Access/Read/Write/ReadWrite; left out")
            return ""
        if rel_type == "Influence":
            return f' modifier="{self.attr(fields["modifier"])}"' if fields["modifier"] is not None else ""
        directed = fields["is_directed"]
        return "" if directed is None else ' isDirected="true"' if directed else ' isDirected="false"'

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
        known, rename = self.known_ids, self.rename
        for child in item.items:
            fields = child.__dict__
            ref = fields["ref"]
            # Most items are a bare reference to a concept: written here without a call.
            if (
                ref is not None
                and fields["id"] is None
                and ref in known
                and not rename
                and not (fields["items"] or fields["label"] or fields["documentation"])
            ):
                emit(f'{inner}<item identifierRef="{ref}"/>\n')
                if len(parts) > _FLUSH_AT:
                    self.flush(handle)
            else:
                self._item(child, inner, handle)
        emit(f"{indent}</item>\n")

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
