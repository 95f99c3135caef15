"""A Model -> Archi's native model XML (what Archi 4.9+ and 5.x open as a `.archimate` file).

The inverse of `_archi_native_read`: organizations -> Archi's nine typed top folders (a
top-level item whose label is a top folder's name, or whose contents all belong in one, becomes
that folder; any other folder is recreated inside the top folder of each object it holds, as
Archi's exchange importer does); property definitions -> keys; `specialization` properties ->
profiles; absolute coordinates -> Archi's relative bounds and bendpoints. What Archi's format has
no place for is left out and counted in the returned list.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from lxml import etree

from ea_model import metamodel
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.objects import Concept, LangString, OrganizationItem, Profile, text_in
from exporters.archi.common import (
    DOCUMENTATION_JOIN,
    NAME_JOIN,
    SPECIALIZATION_ID,
    archi_class,
    one_text,
    profile_id,
    stable_id,
    used_property_definitions,
)
from exporters.archi.native_read_views import ARCHI_NS, XSI_TYPE
from exporters.archi.native_write_views import ViewWriter

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
MODEL_VERSION = "5.0.0"  # the Archi model-file version written (Archi 5.x; what the reference files carry)
FORMAT = "the Archi model file"

TOP_FOLDERS = (
    ("strategy", "Strategy"),
    ("business", "Business"),
    ("application", "Application"),
    ("technology", "Technology & Physical"),
    ("motivation", "Motivation"),
    ("implementation_migration", "Implementation & Migration"),
    ("other", "Other"),
    ("relations", "Relations"),
    ("diagrams", "Views"),
)
_FOLDER_OF_LAYER = {
    Layer.STRATEGY: "strategy",
    Layer.BUSINESS: "business",
    Layer.APPLICATION: "application",
    Layer.TECHNOLOGY: "technology",
    Layer.PHYSICAL: "technology",
    Layer.MOTIVATION: "motivation",
    Layer.IMPLEMENTATION_MIGRATION: "implementation_migration",
    Layer.OTHER: "other",
}
_FOLDER_LABELS = {
    "strategy": {"strategy"},
    "business": {"business"},
    "application": {"application"},
    "technology": {"technology & physical", "technology and physical", "technology"},
    "motivation": {"motivation"},
    "implementation_migration": {"implementation & migration", "implementation and migration"},
    "other": {"other"},
    "relations": {"relations", "relationships"},
    "diagrams": {"views", "diagrams"},
}
_ACCESS_CODES = {"Read": "1", "Access": "2", "ReadWrite": "3"}  # Write (0) is Archi's default: not written


class _Folder:
    def __init__(
        self, name: str, folder_id: str | None, documentation: str = "", folder_type: str | None = None, *, seed=""
    ):
        self.name, self.id, self.documentation, self.type = name, folder_id, documentation, folder_type
        self.seed = seed or f"folder/{folder_type}"
        self.subfolders: dict[int, _Folder] = {}
        self.refs: list[str] = []

    def sub(self, key: int, make) -> _Folder:
        if key not in self.subfolders:
            self.subfolders[key] = make()
        return self.subfolders[key]


class NativeWriter(ViewWriter):
    def __init__(self, model: Model, lang: str | None):
        self.m = model
        self.lang = lang
        self.dropped: Counter[str] = Counter()
        self.used_ids: set[str] = set(self.m.graph.nodes) | set(self.m._edge_of) | {v.id for v in self.m.views}
        for view in self.m.views:
            self.used_ids.update(n.id for n in view.iter_nodes())
            self.used_ids.update(c.id for c in view.connections)
        self.profiles: dict[tuple[str, str], Profile] = {(p.concept_type, p.name): p for p in model.info.profiles}
        self.used_ids.update(p.id for p in model.info.profiles)
        self.view_ids = {v.id for v in model.views}

    # ---- helpers -------------------------------------------------------------------------------

    def text(self, value: LangString | None, join: str | None = None) -> str:
        """`value`'s one text (`one_text`; `join` for names and documentation), counting what it leaves out."""
        out, used = one_text(value, self.lang, join=join)
        if value:
            if len(value) > used:
                self.dropped["texts in a second language (names, documentation, values)"] += len(value) - used
            elif "" not in value:
                self.dropped["language tags of texts (xml:lang)"] += 1
        return out

    def label_text(self, value: LangString | None) -> str:
        return self.text(value, NAME_JOIN)

    def doc_text(self, value: LangString | None) -> str:
        return self.text(value, DOCUMENTATION_JOIN)

    def fresh(self, wanted: str | None, seed: str) -> str:
        """`wanted` when it is free, else an id derived from `seed`, so that converting the same
        model twice writes the same file."""
        if wanted and wanted not in self.used_ids:
            self.used_ids.add(wanted)
            return wanted
        made = stable_id(f"{self.m.info.id}/{seed}")
        while made in self.used_ids:
            made = stable_id(made)
        self.used_ids.add(made)
        return made

    def folder_type_of(self, ref: str) -> str | None:
        if ref in self.view_ids:
            return "diagrams"
        if self.m.is_relationship(ref):
            return "relations"
        element = self.m.get_element(ref)
        return _FOLDER_OF_LAYER[metamodel.ELEMENT_TYPES[element.type].layer] if element else None

    # ---- the whole model -----------------------------------------------------------------------

    def build(self) -> etree._Element:
        m = self.m
        root = etree.Element(f"{{{ARCHI_NS}}}model", nsmap={"xsi": XSI_NS, "archimate": ARCHI_NS})
        root.set("name", self.label_text(m.info.name))
        root.set("id", m.info.id)
        root.set("version", MODEL_VERSION)
        objects = self.object_xml()
        for folder in self.folders():
            root.append(self.folder_xml(folder, objects))
        self.add_properties(root, m.info.properties)
        purpose = self.doc_text(m.info.documentation)
        if purpose:
            etree.SubElement(root, "purpose").text = purpose
        for profile in self.profiles.values():
            self.profile_xml(root, profile)
        self.count_model_level()
        return root

    def count_model_level(self) -> None:
        info = self.m.info
        if info.metadata and (info.metadata.items or info.metadata.schema_name):
            self.dropped["model metadata entries (Dublin Core)"] += max(1, len(info.metadata.items))
        if info.version:
            self.dropped["the model version attribute"] += 1
        self.dropped["viewpoint definitions"] += len(getattr(info, "viewpoints", None) or [])
        for view in self.m.views:
            self.dropped["views' references to viewpoint definitions"] += (
                1 if getattr(view, "viewpoint_ref", None) else 0
            )
            for node in view.iter_nodes():
                self.dropped["further view references on one node"] += len(getattr(node, "extra_view_refs", None) or [])
            for conn in view.connections:
                refs = [getattr(conn, "view_ref", None), *(getattr(conn, "extra_view_refs", None) or [])]
                self.dropped["view references on connections"] += sum(1 for r in refs if r)
        defs = self.m.property_definitions.values()
        used = used_property_definitions(self.m)
        self.dropped["property definitions no object uses"] += sum(
            1 for d in defs if d.id not in used and d.id != SPECIALIZATION_ID
        )
        self.dropped["property definition data types other than string"] += sum(1 for d in defs if d.type != "string")
        self.dropped["property definition documentation"] += sum(1 for d in defs if d.documentation)

    def object_xml(self) -> dict[str, etree._Element]:
        out: dict[str, etree._Element] = {}
        for element in self.m.elements():
            x = etree.Element("element")
            x.set(XSI_TYPE, "archimate:" + archi_class(element.type))
            self.name_and_id(x, element)
            if element.type == "OrJunction":
                x.set("type", "or")
            self.concept_body(x, element)
            out[element.id] = x
        for rel in self.m.relationships():
            x = etree.Element("element")
            x.set(XSI_TYPE, "archimate:" + archi_class(rel.type))
            self.name_and_id(x, rel)
            x.set("source", rel.source)
            x.set("target", rel.target)
            if rel.type == "Access" and rel.access_type != "Write":
                x.set("accessType", _ACCESS_CODES.get(rel.access_type or "Access", "2"))
            elif rel.type == "Influence" and rel.modifier:
                x.set("strength", rel.modifier)
            elif rel.type == "Association" and rel.is_directed:
                x.set("directed", "true")
            self.concept_body(x, rel)
            out[rel.id] = x
        for view in self.m.views:
            out[view.id] = self.view_xml(view)
        return out

    def name_and_id(self, x: etree._Element, concept: Concept) -> None:
        name = self.label_text(concept.name)
        if name:
            x.set("name", name)
        x.set("id", concept.id)

    def concept_body(self, x: etree._Element, concept: Concept) -> None:
        self.add_documentation(x, concept.documentation)
        self.add_properties(x, [p for p in concept.properties if p.definition_ref != SPECIALIZATION_ID])
        refs = []
        for prop in concept.properties:
            if prop.definition_ref == SPECIALIZATION_ID:
                refs.append(self.profile_for(archi_class(concept.type), text_in(prop.value, self.lang)).id)
        if refs:
            x.set("profiles", " ".join(refs))

    def profile_for(self, concept_class: str, name: str) -> Profile:
        key = (concept_class, name)
        if key not in self.profiles:
            self.profiles[key] = Profile(
                id=self.fresh(profile_id(concept_class, name), f"profile/{concept_class}/{name}"),
                name=name,
                concept_type=concept_class,
            )
        return self.profiles[key]

    def profile_xml(self, root: etree._Element, profile: Profile) -> None:
        x = etree.SubElement(root, "profile")
        x.set("name", profile.name)
        x.set("id", profile.id)
        x.set("conceptType", profile.concept_type)
        if profile.image_path:
            self.dropped["specialization images (the image files are not kept)"] += 1

    def add_documentation(self, x: etree._Element, value: LangString, tag: str = "documentation") -> None:
        text = self.doc_text(value)
        if text:
            etree.SubElement(x, tag).text = text

    def add_properties(self, x: etree._Element, properties) -> None:
        for prop in properties:
            definition = self.m.property_definitions.get(prop.definition_ref)
            key = self.text(definition.name) if definition else prop.definition_ref
            p = etree.SubElement(x, "property")
            p.set("key", key or prop.definition_ref)
            p.set("value", self.text(prop.value))

    # ---- folders -------------------------------------------------------------------------------

    def folders(self) -> list[_Folder]:
        tops = {t: _Folder(name, None, "", t) for t, name in TOP_FOLDERS}
        typed = self.classify(self.m.organizations)
        placed: set[str] = set()
        for item in self.m.organizations:
            top_type = typed.get(id(item))
            if top_type is not None and tops[top_type].id is None:
                top = tops[top_type]
                top.name = self.label_text(item.label) or top.name
                top.id = self.fresh(item.id, f"folder/{top_type}")
                top.documentation = self.doc_text(item.documentation)
            self.place(item, [item], top_type, tops, placed)
        for kind, refs in self.unplaced(placed).items():
            tops[kind].refs.extend(refs)
        for top in tops.values():
            top.id = top.id or self.fresh(None, f"folder/{top.type}")
        return list(tops.values())

    def classify(self, items: list[OrganizationItem]) -> dict[int, str]:
        """Which top-level items are Archi's typed top folders: by label, else by homogeneous content."""
        typed: dict[int, str] = {}
        claimed: set[str] = set()
        for item in items:
            labels = {v.strip().casefold() for v in item.label.values()}
            for folder_type, names in _FOLDER_LABELS.items():
                if labels & names and folder_type not in claimed and item.ref is None:
                    typed[id(item)] = folder_type
                    claimed.add(folder_type)
                    break
        for item in items:
            if id(item) in typed or item.ref is not None:
                continue
            kinds = {self.folder_type_of(ref) for ref in _refs_in(item)} - {None}
            if len(kinds) == 1 and (kind := kinds.pop()) not in claimed:
                typed[id(item)] = kind
                claimed.add(kind)
        return typed

    def place(self, item: OrganizationItem, path: list[OrganizationItem], top_type, tops, placed) -> None:
        if item.ref is not None and not item.items:
            self.place_ref(item.ref, path[:-1], top_type, tops, placed)
            return
        if item.ref is not None:
            self.dropped["folders that also reference a concept (the reference)"] += 1
        if top_type is not None and len(path) > 1:
            self.folder_at(tops[top_type], path[1:])  # keep empty sub-folders of a top folder
        elif top_type is None and not any(True for _ in _refs_in(item)):
            # Archi keeps every object in the top folder of its kind: an empty folder outside
            # those has nowhere to go (Archi's exchange importer drops it too).
            self.dropped["empty folders outside Archi's top folders"] += 1
            return
        for child in item.items:
            self.place(child, [*path, child], top_type, tops, placed)

    def place_ref(self, ref: str, path: list[OrganizationItem], top_type, tops, placed) -> None:
        kind = self.folder_type_of(ref)
        if kind is None:
            self.dropped["organization entries that point to nothing"] += 1
            return
        if ref in placed:
            self.dropped["second organization entries for one object"] += 1
            return
        placed.add(ref)
        folders = path[1:] if top_type is not None else path
        self.folder_at(tops[kind], folders).refs.append(ref)

    def folder_at(self, top: _Folder, path: list[OrganizationItem]) -> _Folder:
        node = top
        for item in path:
            node = node.sub(
                id(item),
                lambda item=item, parent=node: _Folder(
                    self.label_text(item.label) or "Folder",
                    self.fresh(item.id, f"{parent.seed}/{len(parent.subfolders)}"),
                    self.doc_text(item.documentation),
                    seed=f"{parent.seed}/{len(parent.subfolders)}",
                ),
            )
        return node

    def unplaced(self, placed: set[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for ref in (
            [e.id for e in self.m.elements()] + [r.id for r in self.m.relationships()] + [v.id for v in self.m.views]
        ):
            if ref not in placed:
                out[self.folder_type_of(ref)].append(ref)
        return out

    def folder_xml(self, folder: _Folder, objects: dict[str, etree._Element]) -> etree._Element:
        x = etree.Element("folder")
        x.set("name", folder.name)
        x.set("id", folder.id)
        if folder.type:
            x.set("type", folder.type)
        for sub in folder.subfolders.values():
            x.append(self.folder_xml(sub, objects))
        if folder.documentation:
            etree.SubElement(x, "documentation").text = folder.documentation
        for ref in folder.refs:
            x.append(objects[ref])
        return x


def _refs_in(item: OrganizationItem):
    if item.ref is not None and not item.items:
        yield item.ref
    for child in item.items:
        yield from _refs_in(child)


def build_native(model: Model, *, lang: str | None = None) -> tuple[etree._Element, list[str]]:
    """The native model XML for `model`, and what it could not carry (`"... (n) are not carried ..."`)."""
    writer = NativeWriter(model, lang)
    root = writer.build()
    dropped = [f"{what} ({n}) are not carried by {FORMAT}" for what, n in writer.dropped.items() if n]
    return root, dropped
