"""The model's objects as pydantic models: what a reader produces and a writer consumes.

Multilingual text (names, documentation, labels, property values) is a `LangString`: a plain
dict from `xml:lang` to text, in document order, with "" for text that carries no language.
`text_in(value, lang)` is the one rule for "the text to show in language X".

Readers are the boundary: they validate what they read and may then build objects with
`model_construct` (no second validation) for speed. Code inside trusts the types.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LangString = dict[str, str]
NO_LANG = ""

PropertyType = Literal["string", "boolean", "currency", "date", "time", "number"]


def text_in(value: LangString | None, lang: str | None = None) -> str:
    """The text to show for `lang`.

    The rule, in order: the exact language tag; a tag with the same primary language
    (`th` matches `th-TH` and the other way round); the text with no language; English; the
    first text written. Empty when there is none.
    """
    if not value:
        return ""
    if lang:
        if lang in value:
            return value[lang]
        primary = lang.split("-")[0].lower()
        for tag, text in value.items():
            if tag and tag.split("-")[0].lower() == primary:
                return text
    if NO_LANG in value:
        return value[NO_LANG]
    for tag, text in value.items():
        if tag.split("-")[0].lower() == "en":
            return text
    return next(iter(value.values()))


def same_text(a: LangString | None, b: LangString | None) -> bool:
    """Whether two multilingual texts say the same thing, ignoring surrounding white space.

    Tags matter only when both sides tag the same set of languages: a name written untagged by
    one tool and `xml:lang="en"` by another, with the same words, is the same name.
    """
    na = {tag: text.strip() for tag, text in (a or {}).items() if text.strip()}
    nb = {tag: text.strip() for tag, text in (b or {}).items() if text.strip()}
    if na.keys() == nb.keys():
        return na == nb
    return sorted(na.values()) == sorted(nb.values())


def lang_string(th: str | None = None, en: str | None = None, **others: str) -> LangString:
    """Build a Thai/English LangString (`lang_string(th="ใบอนุญาต", en="Permit")`)."""
    out: LangString = {}
    if th is not None:
        out["th"] = th
    if en is not None:
        out["en"] = en
    out.update(others)
    return out


class _Object(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Property(_Object):
    """A property value; `definition_ref` is the id of a PropertyDefinition."""

    definition_ref: str
    value: LangString = Field(default_factory=dict)


class PropertyDefinition(_Object):
    id: str
    name: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    type: PropertyType = "string"


class Concept(_Object):
    """What elements and relationships share."""

    id: str
    type: str
    name: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    properties: list[Property] = Field(default_factory=list)

    def label(self, lang: str | None = None) -> str:
        return text_in(self.name, lang)


class Element(Concept):
    """An ArchiMate element (or junction); `type` is an exchange-format type name."""


class Relationship(Concept):
    source: str
    target: str
    access_type: str | None = None  # Access only; None means the schema default (Access)
    is_directed: bool | None = None  # Association only
    modifier: str | None = None  # Influence only


class OrganizationItem(_Object):
    """A folder (label, documentation, children) or a reference to a concept or view (`ref`)."""

    id: str | None = None
    label: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    ref: str | None = None
    items: list[OrganizationItem] = Field(default_factory=list)


class Bounds(_Object):
    x: int
    y: int
    w: int
    h: int


class Point(_Object):
    x: int
    y: int


class Color(_Object):
    r: int
    g: int
    b: int
    a: int | None = None  # opacity in percent, as the schema has it


class Font(_Object):
    name: str | None = None
    size: str | None = None  # kept as written ("9", "10.5")
    style: str | None = None  # space-separated list: plain bold italic underline
    color: Color | None = None


class Style(_Object):
    fill_color: Color | None = None
    line_color: Color | None = None
    font: Font | None = None
    line_width: int | None = None


class ViewNode(_Object):
    """A node on a view. `type` is Element (needs element_ref), Container or Label."""

    id: str
    type: Literal["Element", "Container", "Label"] = "Element"
    element_ref: str | None = None
    bounds: Bounds
    label: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    properties: list[Property] = Field(default_factory=list)
    style: Style | None = None
    view_ref: str | None = None  # Label nodes that link to another view
    extra_view_refs: list[str] = Field(default_factory=list)  # further <viewRef>s, rare (the schema allows many)
    concept_ref: str | None = None  # Label nodes may name a concept they annotate
    xpath_part: str | None = None
    children: list[ViewNode] = Field(default_factory=list)


class ViewConnection(_Object):
    """A connection on a view. `type` is Relationship (needs relationship_ref) or Line."""

    id: str
    type: Literal["Relationship", "Line", "NestingRelationship"] = "Relationship"
    relationship_ref: str | None = None
    source: str | None = None  # a node id
    target: str | None = None
    label: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    properties: list[Property] = Field(default_factory=list)
    style: Style | None = None
    view_ref: str | None = None  # a connection may link to a view too (drill-down)
    extra_view_refs: list[str] = Field(default_factory=list)
    source_attachment: Point | None = None
    bendpoints: list[Point] = Field(default_factory=list)
    target_attachment: Point | None = None


class View(_Object):
    id: str
    name: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    properties: list[Property] = Field(default_factory=list)
    viewpoint: str | None = None
    viewpoint_ref: str | None = None  # id of a ViewpointDefinition in ModelInfo.viewpoints
    nodes: list[ViewNode] = Field(default_factory=list)
    connections: list[ViewConnection] = Field(default_factory=list)

    def iter_nodes(self):
        """Every node, depth first, parents before children."""
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


class Metadata(_Object):
    """Model metadata. `schema_name`/`schema_version` as written; `items` keeps each child
    element (Dublin Core or anything else) verbatim as serialised XML, so nothing is lost."""

    schema_name: str | None = None
    schema_version: str | None = None
    items: list[str] = Field(default_factory=list)


class Profile(_Object):
    """A specialization as Archi keeps it (its "profile"): a named subtype of one concept type.

    `concept_type` is Archi's class name (`BusinessActor`, `AssignmentRelationship`, `Junction`).
    Which concepts carry it is a property with definition id `specialization` (the value is the
    profile's name), the convention Archi's exchange importer reads, so exchange XML carries it too.
    """

    id: str
    name: str
    concept_type: str
    image_path: str | None = None  # an image inside the Archi archive; the image itself is not kept


class Concern(_Object):
    """A concern a viewpoint definition addresses, with the stakeholders who have it."""

    label: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    stakeholders: list[LangString] = Field(default_factory=list)


class ModelingNote(_Object):
    documentation: LangString = Field(default_factory=dict)
    type: str | None = None  # e.g. "OCL"


class ViewpointDefinition(_Object):
    """A viewpoint the model defines itself (exchange format `<views><viewpoints>`); views name it by
    `viewpoint_ref`. `purpose`/`content` are lists of Designing/Deciding/Informing and
    Details/Coherence/Overview."""

    id: str
    name: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    properties: list[Property] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    purpose: list[str] = Field(default_factory=list)
    content: list[str] = Field(default_factory=list)
    allowed_element_types: list[str] = Field(default_factory=list)
    allowed_relationship_types: list[str] = Field(default_factory=list)
    modeling_notes: list[ModelingNote] = Field(default_factory=list)


class ModelInfo(_Object):
    """Model-level facts besides its concepts and views."""

    id: str = "id-model"
    name: LangString = Field(default_factory=dict)
    documentation: LangString = Field(default_factory=dict)
    properties: list[Property] = Field(default_factory=list)
    metadata: Metadata | None = None
    version: str | None = None  # the model's `version` attribute, when written
    profiles: list[Profile] = Field(default_factory=list)  # specializations declared by the model (Archi)
    viewpoints: list[ViewpointDefinition] = Field(default_factory=list)  # viewpoints the model defines itself


OrganizationItem.model_rebuild()
ViewNode.model_rebuild()
