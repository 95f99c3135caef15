"""Writing elements, relationships and properties (private; a mixin of the exchange writer).

This is the hot path of a save: a large model has hundreds of thousands of concepts and millions
of texts. Concepts are written in blocks. Inside a block, texts go out as they are and are also
collected; one regular-expression search over the block's texts (at C speed) then confirms that
none needed escaping, which is the common case. When one did, the block is written again with
every text escaped on its own. The output is the same either way; only the work differs.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from ea_model.objects import Property
from exporters.exchange.common import NAME_OPTIONAL

_BLOCK = 2000  # concepts per block: one text check each
FLUSH_AT = 20000  # text parts held before they are encoded and written
_WITH_EXTRA = frozenset({"Access", "Influence", "Association"})

# Characters that need care in text (escapes, and what XML 1.0 cannot hold).
INVALID_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
TEXT_SPECIAL = re.compile(f"[&<>\r{INVALID_XML}]")


class ConceptWriting:
    """The elements and relationships sections, and properties wherever they appear.

    Uses the writer's `parts`, `text`, `open_tag`, `rename`, `declare`, `note` and `flush`."""

    def _init_concept_writing(self) -> None:
        self._property_openings: dict[str, dict[str, str]] = {}  # indent -> definition ref -> <property ..>
        self._plain_values: dict[str, dict[str, str]] = {}  # indent -> ref -> <property ..><value> (no xml:lang)
        self._text_openings: dict[str, dict[str, str]] = {"name": {}, "documentation": {}}  # at a concept's indent

    # ---- sections -----------------------------------------------------------------------------

    def _elements(self, handle: BinaryIO) -> None:
        elements = [data["element"] for data in self.model.graph._node.values() if "element" in data]
        self._blocks(handle, "elements", elements, self._element_block)

    def _relationships(self, handle: BinaryIO) -> None:
        relationships = [data["relationship"] for _, _, data in self.model._edge_of.values()]
        self._blocks(handle, "relationships", relationships, self._relationship_block)

    def _blocks(self, handle: BinaryIO, section: str, concepts: list, write_block) -> None:
        if not concepts:
            return
        parts = self.parts
        parts.append(f"  <{section}>\n")
        special = TEXT_SPECIAL.search
        for start in range(0, len(concepts), _BLOCK):
            block = concepts[start : start + _BLOCK]
            mark = len(parts)
            texts: list[str] = []
            write_block(block, texts)
            if texts and special("\n".join(texts)) is not None:
                del parts[mark:]  # a text needs escaping: this block again, text by text
                write_block(block, None)
            if len(parts) > FLUSH_AT:
                self.flush(handle)
        parts.append(f"  </{section}>\n")

    # ---- one block ----------------------------------------------------------------------------

    def _element_block(self, block: list, texts: list[str] | None) -> None:
        """`texts`: collect the texts written as they are; None: escape each one."""
        emit = self.parts.append
        rename = self.rename
        concept_texts = self._concept_texts
        properties = self.properties
        for element in block:
            fields = element.__dict__  # read once: attribute access on a model object walks its classes
            ident, el_type, name, documentation, props = (
                fields["id"],
                fields["type"],
                fields["name"],
                fields["documentation"],
                fields["properties"],
            )
            if rename:
                ident = rename.get(ident, ident)
            if not (name or documentation or props) and el_type in NAME_OPTIONAL:
                emit(f'    <element identifier="{ident}" xsi:type="{el_type}"/>\n')
                continue
            emit(f'    <element identifier="{ident}" xsi:type="{el_type}">\n')
            if name:
                concept_texts("name", name, texts)
            elif el_type not in NAME_OPTIONAL:
                emit("      <name/>\n")
            if documentation:
                concept_texts("documentation", documentation, texts)
            if props:
                properties("      ", props, texts)
            emit("    </element>\n")

    def _relationship_block(self, block: list, texts: list[str] | None) -> None:
        emit = self.parts.append
        rename = self.rename
        concept_texts = self._concept_texts
        for rel in block:
            fields = rel.__dict__
            ident, rel_type, source, target = fields["id"], fields["type"], fields["source"], fields["target"]
            if rename:
                ident, source, target = rename.get(ident, ident), rename.get(source, source), rename.get(target, target)
            extra = self._relationship_extra(fields) if rel_type in _WITH_EXTRA else ""
            if not (fields["name"] or fields["documentation"] or fields["properties"]):
                emit(
                    f'    <relationship identifier="{ident}" xsi:type="{rel_type}" source="{source}" '
                    f'target="{target}"{extra}/>\n'
                )
                continue
            emit(
                f'    <relationship identifier="{ident}" xsi:type="{rel_type}" source="{source}" '
                f'target="{target}"{extra}>\n'
            )
            if fields["name"]:
                concept_texts("name", fields["name"], texts)
            if fields["documentation"]:
                concept_texts("documentation", fields["documentation"], texts)
            if fields["properties"]:
                self.properties("      ", fields["properties"], texts)
            emit("    </relationship>\n")

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

    # ---- texts and properties -----------------------------------------------------------------

    def _concept_texts(self, name: str, value: dict[str, str], texts: list[str] | None) -> None:
        """`<name>` or `<documentation>`, one per language, at a concept's indent."""
        emit = self.parts.append
        openings = self._text_openings[name]
        for lang, content in value.items():
            opening = openings.get(lang)
            if opening is None:
                opening = openings[lang] = self.open_tag("      ", name, lang)
            if texts is None:
                content = self.text(content)
            else:
                texts.append(content)
            emit(f"{opening}{content}</{name}>\n")

    def properties(self, indent: str, properties: list[Property], texts: list[str] | None = None) -> None:
        """`<properties>` at `indent`. With `texts`, values go out as they are and are collected for
        the block's check; without, each value is escaped."""
        if not properties:
            return
        emit = self.parts.append
        plain = self._plain_values.get(indent)
        if plain is None:
            plain = self._plain_values[indent] = {}
        closing = f"</value>\n{indent}  </property>\n"
        emit(f"{indent}<properties>\n")
        for prop in properties:
            fields = prop.__dict__
            value = fields["value"]
            content = value.get("") if len(value) == 1 else None
            if content is None:  # tagged with a language, several values, or none
                self._other_property(indent, fields, texts)
                continue
            ref = fields["definition_ref"]
            prefix = plain.get(ref)
            if prefix is None:
                prefix = plain[ref] = f"{self._property_opening(indent, ref)}{indent}    <value>"
            if texts is None:
                content = self.text(content)
            else:
                texts.append(content)
            emit(f"{prefix}{content}{closing}")
        emit(f"{indent}</properties>\n")

    def _other_property(self, indent: str, fields: dict, texts: list[str] | None) -> None:
        """A property with no value, or with values in one or more languages (`fields`: its __dict__)."""
        emit = self.parts.append
        emit(self._property_opening(indent, fields["definition_ref"]))
        value = fields["value"]
        if value:
            for lang, content in value.items():
                if texts is None:
                    content = self.text(content)
                else:
                    texts.append(content)
                emit(f"{self.open_tag(indent + '    ', 'value', lang)}{content}</value>\n")
        else:
            emit(f"{indent}    <value/>\n")
        emit(f"{indent}  </property>\n")

    def _property_opening(self, indent: str, ref: str) -> str:
        openings = self._property_openings.get(indent)
        if openings is None:
            openings = self._property_openings[indent] = {}
        opening = openings.get(ref)
        if opening is None:
            target = self.rename.get(ref, ref) if ref in self.model.property_definitions else self.declare(ref)
            opening = openings[ref] = f'{indent}  <property propertyDefinitionRef="{target}">\n'
        return opening
