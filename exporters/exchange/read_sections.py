"""Reading the model's smaller sections (private; a mixin of the exchange reader): the model's own
header, metadata, property definitions, organizations (streamed item by item: a large model has one
item per concept) and viewpoint definitions."""

from __future__ import annotations

import copy

from lxml import etree

from ea_model.construct import fast_constructor
from ea_model.objects import (
    Concern,
    Metadata,
    ModelInfo,
    ModelingNote,
    OrganizationItem,
    Property,
    PropertyDefinition,
    ViewpointDefinition,
)
from exporters.exchange.common import (
    ARCHIMATE_NS,
    ELEMENT_TYPE_OF,
    MODEL_SECTIONS,
    PROPERTY_TYPES,
    RELATIONSHIP_TYPE_OF,
    VIEWPOINT_CONTENTS,
    VIEWPOINT_PURPOSES,
    tag,
)

T_NAME, T_LABEL, T_DOCUMENTATION, T_PROPERTIES = tag("name"), tag("label"), tag("documentation"), tag("properties")
T_ITEM, T_ORGANIZATIONS = tag("item"), tag("organizations")
T_SCHEMA, T_SCHEMA_VERSION = tag("schema"), tag("schemaversion")

_new_item = fast_constructor(OrganizationItem, dict(id=None, label={}, documentation={}, ref="x", items=[]))


class SectionReading:
    # ---- the model itself -----------------------------------------------------------------------

    def _read_header(self, root) -> None:
        """The model's own identifier, names, documentation and properties, and the section order."""
        name: dict[str, str] = {}
        documentation: dict[str, str] = {}
        properties: list[Property] = []
        order = []
        for child in root:
            child_tag = child.tag
            if not isinstance(child_tag, str):
                continue
            local = etree.QName(child_tag).localname if child_tag.startswith("{" + ARCHIMATE_NS) else None
            if local in MODEL_SECTIONS:
                order.append((MODEL_SECTIONS.index(local), local, child.sourceline))
            if child_tag == T_NAME:
                self.lang_text(name, child, "model")
            elif child_tag == T_DOCUMENTATION:
                self.lang_text(documentation, child, "model")
            elif child_tag == T_PROPERTIES:
                properties = self.properties(child, "model")
            elif local is None or local not in MODEL_SECTIONS:
                self.unexpected(child, "model")
        for (before, before_name, _), (after, after_name, line) in zip(order, order[1:], strict=False):
            if after < before:
                self.warn(
                    "schema-order",
                    f"<{after_name}> comes after <{before_name}>; "
                    f"the schema wants the order {', '.join(MODEL_SECTIONS)}",
                    line=line,
                )
                break
        ident = root.get("identifier")
        if ident is None:
            ident = "id-model"
            self.warn("missing-identifier", "<model> has no identifier", line=root.sourceline)
        elif self.taken(ident):
            self.warn("duplicate-id", self.duplicate_message(ident, "model"), ref=ident, line=root.sourceline)
        if not name:
            self.warn("missing-name", "the model has no name", line=root.sourceline)
        self.info = ModelInfo(
            id=ident,
            name=name,
            documentation=documentation,
            properties=properties,
            metadata=self.metadata,
            version=root.get("version"),
        )

    def _metadata(self, el) -> None:
        schema = version = None
        items: list[str] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == T_SCHEMA:
                schema = child.text or ""
            elif child.tag == T_SCHEMA_VERSION:
                version = child.text or ""
            else:
                item = copy.deepcopy(child)  # on its own, with only the namespaces it uses
                item.tail = None
                etree.cleanup_namespaces(item)
                items.append(etree.tostring(item, encoding="unicode"))
        self.metadata = Metadata(schema_name=schema, schema_version=version, items=items)

    def _property_definitions(self, section) -> None:
        for el in section:
            if el.tag != tag("propertyDefinition"):
                self.unexpected(el, "propertyDefinitions")
                continue
            ident = self.identifier(el, "propertyDefinition")
            if ident is None:
                continue
            name: dict[str, str] = {}
            documentation: dict[str, str] = {}
            for child in el:
                if child.tag == T_NAME:
                    self.lang_text(name, child, "propertyDefinition")
                elif child.tag == T_DOCUMENTATION:
                    self.lang_text(documentation, child, "propertyDefinition")
                else:
                    self.unexpected(child, "propertyDefinition")
            data_type = el.get("type")
            if data_type not in PROPERTY_TYPES:
                if data_type is not None and data_type.strip().lower() in PROPERTY_TYPES:
                    data_type = data_type.strip().lower()
                else:
                    self.warn(
                        "invalid-value",
                        f"property definition {ident!r} has type {data_type!r}; read as string",
                        ref=ident,
                        line=el.sourceline,
                    )
                    data_type = "string"
            if not name:
                self.warn("missing-name", f"property definition {ident!r} has no name", ref=ident, line=el.sourceline)
            self.property_definitions[ident] = PropertyDefinition(
                id=ident, name=name, documentation=documentation, type=data_type
            )

    # ---- organizations ----------------------------------------------------------------------

    def read_organization_item(self, el) -> None:
        """One `<item>`, at its end: its own items ended (and were read) before it. Items are
        streamed like concepts because a large model has one per concept."""
        parent = el.getparent()
        item_lists = self.item_lists
        siblings = item_lists.get(parent)
        if siblings is None:
            siblings = item_lists[parent] = self.organizations if parent.tag == T_ORGANIZATIONS else []
        get = el.get
        ident, ref = get("identifier"), self.own_id(get("identifierRef"))
        if ident is not None:
            if self.taken(ident):
                self.error("duplicate-id", self.duplicate_message(ident, "item"), ref=ident, line=el.sourceline)
                ident = None
            else:
                self.other_ids[ident] = "organization item"
        label: dict[str, str] = {}
        documentation: dict[str, str] = {}
        items = item_lists.pop(el, None)  # the items read inside it (they were removed: len(el) misses them)
        if items is None:
            items = []
        if len(el):
            for child in el:
                child_tag = child.tag
                if child_tag == T_LABEL:
                    self.lang_text(label, child, "item")
                elif child_tag == T_DOCUMENTATION:
                    self.lang_text(documentation, child, "item")
                else:
                    self.unexpected(child, "item")
        item = _new_item({"id": ident, "label": label, "documentation": documentation, "ref": ref, "items": items})
        siblings.append(item)
        if ref is not None and ref not in self.concepts:
            self.organization_checks.append((item, siblings, el.sourceline))
        parent.remove(el)  # read: free it now

    def end_organizations(self, section) -> None:
        self.item_lists.pop(section, None)
        for child in section:
            self.unexpected(child, "organizations")

    # ---- viewpoint definitions --------------------------------------------------------------

    def read_viewpoints(self, section) -> None:
        for el in section:
            if el.tag != tag("viewpoint"):
                self.unexpected(el, "viewpoints")
                continue
            ident = self.identifier(el, "viewpoint")
            if ident is None:
                continue
            fields: dict = {"id": ident, "name": {}, "documentation": {}, "concerns": [], "modeling_notes": []}
            fields |= {"allowed_element_types": [], "allowed_relationship_types": [], "purpose": [], "content": []}
            for child in el:
                local = etree.QName(child).localname if isinstance(child.tag, str) else None
                if child.tag == T_NAME:
                    self.lang_text(fields["name"], child, "viewpoint")
                elif child.tag == T_DOCUMENTATION:
                    self.lang_text(fields["documentation"], child, "viewpoint")
                elif child.tag == T_PROPERTIES:
                    fields["properties"] = self.properties(child, "viewpoint")
                elif child.tag == tag("concern"):
                    fields["concerns"].append(self._concern(child))
                elif child.tag in (tag("viewpointPurpose"), tag("viewpointContent")):
                    words, allowed = (
                        (child.text or "").split(),
                        (VIEWPOINT_PURPOSES if local == "viewpointPurpose" else VIEWPOINT_CONTENTS),
                    )
                    if not set(words) <= allowed:
                        self.warn(
                            "invalid-value", f"<{local}> {' '.join(words)!r} has unknown words", line=child.sourceline
                        )
                    fields["purpose" if local == "viewpointPurpose" else "content"] = words
                elif child.tag in (tag("allowedElementType"), tag("allowedRelationshipType")):
                    table = ELEMENT_TYPE_OF if local == "allowedElementType" else RELATIONSHIP_TYPE_OF
                    allowed_type = child.get("type")
                    if allowed_type not in table:
                        self.warn(
                            "invalid-value",
                            f"<{local} type={allowed_type!r}> is not an ArchiMate type",
                            line=child.sourceline,
                        )
                    else:
                        key = "allowed_element_types" if local == "allowedElementType" else "allowed_relationship_types"
                        fields[key].append(allowed_type)
                elif child.tag == tag("modelingNote"):
                    note_doc: dict[str, str] = {}
                    for sub in child:
                        if sub.tag == T_DOCUMENTATION:
                            self.lang_text(note_doc, sub, "modelingNote")
                        else:
                            self.unexpected(sub, "modelingNote")
                    fields["modeling_notes"].append(ModelingNote(documentation=note_doc, type=child.get("type")))
                else:
                    self.unexpected(child, "viewpoint")
            self.viewpoints.append(ViewpointDefinition(**fields))

    def _concern(self, el) -> Concern:
        label: dict[str, str] = {}
        documentation: dict[str, str] = {}
        stakeholders: list[dict[str, str]] = []
        for child in el:
            if child.tag == T_LABEL:
                self.lang_text(label, child, "concern")
            elif child.tag == T_DOCUMENTATION:
                self.lang_text(documentation, child, "concern")
            elif child.tag == tag("stakeholders"):
                for stakeholder in child:
                    if stakeholder.tag != tag("stakeholder"):
                        self.unexpected(stakeholder, "stakeholders")
                        continue
                    names: dict[str, str] = {}
                    for sub in stakeholder:
                        if sub.tag == T_LABEL:
                            self.lang_text(names, sub, "stakeholder")
                        else:
                            self.unexpected(sub, "stakeholder")
                    stakeholders.append(names)
            else:
                self.unexpected(child, "concern")
        return Concern(label=label, documentation=documentation, stakeholders=stakeholders)
