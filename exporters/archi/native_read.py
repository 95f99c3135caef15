"""Archi's native model XML (what a `.archimate` file, or the `model.xml` in its zip form, holds)
-> a Model.

What maps where: folders -> organizations (Archi's typed top folders become top-level items
labelled with the folder's name); property keys -> property definitions `propid-N` numbered in
order of first use, as Archi's exchange exporter numbers them; profiles -> `ModelInfo.profiles`
plus a `specialization` property on each concept that has one; Groups -> Container nodes, Notes
-> Label nodes, view references -> Label nodes with `view_ref`; relative bounds and bendpoints ->
absolute coordinates, shifted so that none is negative (as Archi's exchange exporter does). What
the model has no place for (sketch and canvas views, folder properties, Archi-only appearance
settings...) is left out and listed in one advice finding.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.objects import Element, ModelInfo, OrganizationItem, Profile, Property, Relationship
from exporters.archi.common import (
    Problems,
    PropertyKeys,
    element_type_of,
    relationship_type_of,
    specialization_definition,
    specialization_property,
    used_property_definitions,
    xml_id,
)
from exporters.archi.native_read_views import ARCHI_NS, XSI_TYPE, ViewReader, local_type, text_of

# Archi's top folders in the order its exchange exporter writes elements.
ELEMENT_FOLDERS = (
    "strategy",
    "business",
    "application",
    "technology",
    "motivation",
    "implementation_migration",
    "other",
)
ACCESS_TYPES = {"0": "Write", "1": "Read", "2": "Access", "3": "ReadWrite"}
SKETCH_VIEWS = {"SketchModel", "CanvasModel"}


class NativeReader(ViewReader):
    def __init__(self, problems: Problems):
        self.p = problems
        self.model = Model()
        self.ids: dict[str, str] = {}  # native id -> model id
        self.taken: set[str] = set()
        self.keys = PropertyKeys()
        self.diagrams: dict[str, tuple[str, str]] = {}  # native id -> (class, name)
        self.profiles: dict[str, Profile] = {}  # native id -> profile
        self.not_carried: Counter[str] = Counter()
        self.appearance: Counter[str] = Counter()
        self.view_ids: set[str] = set()
        self.uses_specialization = False

    # ---- the whole file ------------------------------------------------------------------------

    def read(self, root: etree._Element) -> Model:
        qname = etree.QName(root)
        if qname.localname != "model" or qname.namespace != ARCHI_NS:
            raise EaError(
                f"not an Archi model: the root element is <{qname.localname}> in {qname.namespace or 'no namespace'}",
                file=self.p.file,
                line=root.sourceline,
            )
        for prop in root.iter("property"):
            if prop.get("key"):
                self.keys.id_for(prop.get("key"))
        info_id = self.claim(root, "the model") or "id-model"
        for profile_el in root.findall("profile"):
            self.read_profile(profile_el)

        tops = root.findall("folder")
        ordered = sorted(tops, key=lambda f: _folder_rank(f.get("type")))
        concepts: list[etree._Element] = []
        for folder in ordered:
            self.collect(folder, concepts)
        kinds = {el: local_type(el.get(XSI_TYPE)) for el in concepts}
        relationships: list[tuple[etree._Element, str]] = []
        views = []
        for el in concepts:
            kind = kinds[el]
            mid = self.claim(el, kind or "object")
            if mid is None:
                continue
            if kind in SKETCH_VIEWS or kind == "ArchimateDiagramModel":
                self.diagrams[el.get("id")] = (kind, el.get("name") or "")
                if kind == "ArchimateDiagramModel":
                    views.append(el)
                else:
                    self.not_carried["sketch and canvas views"] += 1
            elif relationship_type_of(kind) and kind.endswith("Relationship"):
                relationships.append((el, mid))
            elif element_type_of(kind):
                self.read_element(el, kind, mid)
            else:
                self.p.error("unknown-type", f"unknown Archi type {kind or '(none)'!r}", line=el.sourceline, ref=mid)
        self.read_relationships(relationships)
        for el in views:
            self.read_view(el)
        self.view_ids = {v.id for v in self.model.views}

        model = self.model
        model.info = ModelInfo(
            id=info_id,
            name=text_of(root.get("name")),
            documentation=text_of(self.documentation(root, "purpose")),
            properties=self.properties(root),
            profiles=list(self.profiles.values()),
        )
        if root.find("metadata") is not None:
            self.not_carried["model metadata entries"] += len(root.find("metadata"))
        model.organizations = [item for folder in tops if (item := self.organization(folder, top=True))]
        self.keys.install(model, used=used_property_definitions(model))
        if self.uses_specialization or self.profiles:
            specialization_definition(model)
        self.report()
        model.load_findings = self.p.findings
        return model

    def report(self) -> None:
        parts = [f"{what} ({n})" for what, n in self.not_carried.items()]
        if self.appearance:
            settings = ", ".join(f"{name} ({n})" for name, n in sorted(self.appearance.items()))
            parts.append(f"Archi-only appearance settings: {settings}")
        if parts:
            self.p.advice("not-carried", "not read (ea's model has no place for them): " + "; ".join(parts))

    def collect(self, folder: etree._Element, out: list[etree._Element]) -> None:
        """Every object in a folder in the order Archi's exchange exporter writes them:
        the folder's own objects, then each sub-folder's."""
        if folder.get("id"):
            self.claim(folder, "folder")
        if folder.findall("property"):
            self.not_carried["folder properties"] += len(folder.findall("property"))
        out.extend(folder.findall("element"))
        for sub in folder.findall("folder"):
            self.collect(sub, out)

    def claim(self, el: etree._Element, what: str) -> str | None:
        """The model id for an object's native id; None (after reporting) when missing or taken."""
        native = el.get("id")
        if not native:
            self.p.error("missing-id", f"{what} without an id", line=el.sourceline)
            return None
        mid = xml_id(native)
        if native in self.ids or mid in self.taken:
            self.p.error("duplicate-id", f"duplicate id {native!r}", line=el.sourceline, ref=mid)
            return None
        self.ids[native] = mid
        self.taken.add(mid)
        return mid

    # ---- concepts ------------------------------------------------------------------------------

    def documentation(self, el: etree._Element, tag: str = "documentation") -> str | None:
        child = el.find(tag)
        return child.text if child is not None else el.get(tag)

    def properties(self, el: etree._Element) -> list[Property]:
        out = []
        for prop in el.findall("property"):
            key = prop.get("key")
            if key:
                out.append(Property(definition_ref=self.keys.id_for(key), value={"": prop.get("value") or ""}))
        return out

    def read_profile(self, el: etree._Element) -> None:
        mid = self.claim(el, "profile")
        if mid is None:
            return
        self.profiles[el.get("id")] = Profile(
            id=mid, name=el.get("name") or "", concept_type=el.get("conceptType") or "", image_path=el.get("imagePath")
        )

    def concept_properties(self, el: etree._Element, mid: str) -> list[Property]:
        props = self.properties(el)
        for native in (el.get("profiles") or "").split():
            profile = self.profiles.get(native)
            if profile is None:
                self.p.error(
                    "dangling-reference", f"{mid!r} refers to missing profile {native!r}", line=el.sourceline, ref=mid
                )
                continue
            props.append(specialization_property(profile.name))
            self.uses_specialization = True
        if el.findall("feature"):
            self.not_carried["concept features"] += len(el.findall("feature"))
        return props

    def read_element(self, el: etree._Element, kind: str, mid: str) -> None:
        element = Element(
            id=mid,
            type=element_type_of(kind, el.get("type")),
            name=text_of(el.get("name")),
            documentation=text_of(self.documentation(el)),
            properties=self.concept_properties(el, mid),
        )
        self.model.add_element(element)

    def read_relationships(self, items: list[tuple[etree._Element, str]]) -> None:
        pending: list[tuple[Relationship, etree._Element]] = []
        for el, mid in items:
            rel = self.relationship(el, mid)
            if rel is not None:
                pending.append((rel, el))
        # Relationships may connect to relationships written later in the file: add in rounds.
        model = self.model
        while pending:
            waiting = []
            for rel, el in pending:
                if rel.source in model and rel.target in model:
                    model.add_relationship(rel)
                else:
                    waiting.append((rel, el))
            if len(waiting) == len(pending):
                break
            pending = waiting
        for rel, el in pending:
            missing = rel.source if rel.source not in self.model else rel.target
            self.p.error(
                "dangling-reference",
                f"relationship {rel.id!r} refers to {missing!r}, which is not an element or relationship in the file",
                line=el.sourceline,
                ref=rel.id,
            )

    def relationship(self, el: etree._Element, mid: str) -> Relationship | None:
        kind = local_type(el.get(XSI_TYPE))
        ends = []
        for attr in ("source", "target"):
            native = el.get(attr)
            if not native:
                self.p.error("dangling-reference", f"relationship {mid!r} has no {attr}", line=el.sourceline, ref=mid)
                return None
            ends.append(self.ids.get(native, xml_id(native)))
        rtype = relationship_type_of(kind)
        extra: dict = {}
        if rtype == "Access":
            code = el.get("accessType", "0")
            extra["access_type"] = ACCESS_TYPES.get(code)
            if extra["access_type"] is None:
                self.p.warning(
                    "bad-value", f"unknown accessType {code!r} on {mid!r}; read as Write", line=el.sourceline, ref=mid
                )
                extra["access_type"] = "Write"
        elif rtype == "Influence" and el.get("strength"):
            extra["modifier"] = el.get("strength")
        elif rtype == "Association" and el.get("directed") == "true":
            extra["is_directed"] = True
        return Relationship(
            id=mid,
            type=rtype,
            source=ends[0],
            target=ends[1],
            name=text_of(el.get("name")),
            documentation=text_of(self.documentation(el)),
            properties=self.concept_properties(el, mid),
            **extra,
        )

    # ---- organizations ---------------------------------------------------------------------------

    def organization(self, folder: etree._Element, *, top: bool = False) -> OrganizationItem | None:
        items = [item for sub in folder.findall("folder") if (item := self.organization(sub)) is not None]
        for el in folder.findall("element"):
            mid = self.ids.get(el.get("id") or "")
            if mid is not None and (mid in self.model or mid in self.view_ids):
                items.append(OrganizationItem(ref=mid))
        documentation = text_of(self.documentation(folder))
        if top and not items and not documentation:
            return None  # Archi's exchange exporter leaves out empty top-level folders too
        native = folder.get("id")
        return OrganizationItem(
            id=self.ids.get(native) if native else None,
            label=text_of(folder.get("name")),
            documentation=documentation,
            items=items,
        )


def _folder_rank(folder_type: str | None) -> int:
    order = (*ELEMENT_FOLDERS, "relations", "diagrams")
    return order.index(folder_type) if folder_type in order else len(order)
