"""Build small models for the DGA checks, using only the documented conventions
(docs/modeling-conventions.md). Every method adds ArchiMate structure or a documented property; none
knows what a check looks for."""

from __future__ import annotations

from ea_model import Element, Model, Relationship


class ServiceModel:
    """A model under construction: one citizen role, one business role, and helpers per convention."""

    def __init__(self) -> None:
        self.model = Model()
        self._n = 0
        self._platforms: dict[str, str] = {}
        self._actors: dict[str, str] = {}
        self.citizen = self.element("BusinessRole", "Citizen", "ประชาชน", party="citizen")
        self.business = self.element("BusinessRole", "Business operator", "ผู้ประกอบการ", party="business")

    # ---- primitives ----------------------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        self._n += 1
        return f"id-{prefix}-{self._n}"

    def element(self, type: str, en: str, th: str | None = None, **props: object) -> str:
        el_id = self._id(type.lower())
        name = {"en": en} if th is None else {"th": th, "en": en}
        el = Element(id=el_id, type=type, name=name)
        self.model.add_element(el)
        for key, value in props.items():
            if value is not None:
                self.model.set_property(el, key, str(value).lower() if isinstance(value, bool) else str(value))
        return el_id

    def relate(self, type: str, source: str, target: str, access: str | None = None, **props: object) -> str:
        rel_id = self._id(type.lower())
        rel = Relationship(id=rel_id, type=type, source=source, target=target, access_type=access)
        self.model.add_relationship(rel)
        for key, value in props.items():
            self.model.set_property(rel, key, str(value))
        return rel_id

    def set(self, concept_id: str, **props: object) -> None:
        concept = self.model.concept(concept_id)
        for key, value in props.items():
            self.model.set_property(concept, key, str(value).lower() if isinstance(value, bool) else str(value))

    # ---- conventions 1-3: service, owner, process ------------------------------------------------

    def service(self, en: str = "Permit", party: str = "citizen", **props: object) -> str:
        svc = self.element("BusinessService", en, f"บริการ {en}", **props)
        self.relate("Serving", svc, self.citizen if party == "citizen" else self.business)
        return svc

    def agency(self, agency_id: str) -> str:
        if agency_id not in self._actors:
            self._actors[agency_id] = self.element("BusinessActor", agency_id, agency=agency_id)
        return self._actors[agency_id]

    def owner(self, service: str, agency_id: str = "BMA") -> str:
        actor = self.agency(agency_id)
        self.relate("Assignment", actor, service)
        return actor

    def process(self, service: str, **props: object) -> str:
        proc = self.element("BusinessProcess", "Handle request", **props)
        self.relate("Realization", proc, service)
        return proc

    def step(self, process: str, **props: object) -> str:
        step = self.element("BusinessProcess", "Step", **props)
        self.relate("Composition", process, step)
        return step

    # ---- convention 5: channels -----------------------------------------------------------------

    def channel(self, service: str, kind: str | None = "web", component: str | None = None) -> str:
        props = {"channel": kind} if kind else {}
        iface = self.element("ApplicationInterface", f"{kind} channel", **props)
        self.relate("Serving", iface, service)
        if component:
            self.relate("Composition", component, iface)
        return iface

    def counter(self, service: str) -> str:
        counter = self.element("BusinessInterface", "Counter", "เคาน์เตอร์", channel="counter")
        self.relate("Assignment", counter, service)
        return counter

    def application(self, en: str = "BMA system", **props: object) -> str:
        return self.element("ApplicationComponent", en, **props)

    # ---- convention 9: platforms ----------------------------------------------------------------

    def platform(self, platform_id: str) -> str:
        """The platform's ApplicationService (its tagged ApplicationComponent composes it)."""
        if platform_id not in self._platforms:
            component = self.element("ApplicationComponent", platform_id, platform=platform_id)
            service = self.element("ApplicationService", f"{platform_id} service")
            self.relate("Realization", component, service)
            self._platforms[platform_id] = service
        return self._platforms[platform_id]

    def serve(self, platform_id: str, target: str, **props: object) -> str:
        """Platform `Serving` → target (service, process, or BMA application)."""
        return self.relate("Serving", self.platform(platform_id), target, **props)

    def flow(self, platform_id: str, target: str) -> str:
        return self.relate("Flow", self.platform(platform_id), target)

    # ---- convention 4: documents ------------------------------------------------------------------

    def document(self, process: str, issuer: str | None = None, en: str = "Document") -> str:
        """A required document: process Access(Read) → BusinessObject; issuer = an agency id, "citizen",
        or None (issuer not modelled)."""
        doc = self.element("BusinessObject", en)
        self.relate("Access", process, doc, access="Read")
        if issuer == "citizen":
            self.relate("Access", self.citizen, doc, access="Write")
        elif issuer is not None:
            self.relate("Access", self.agency(issuer), doc, access="Write")
        return doc

    def document_data(self, doc: str) -> str:
        data = self.element("DataObject", "Record behind the document")
        self.relate("Realization", data, doc)
        return data

    def digital_path(self, doc: str, target: str, platform_id: str = "gdx", **link_props: object) -> str:
        """DataObject realizes the document, read by the platform, which serves `target`."""
        data = self.document_data(doc)
        self.relate("Access", self.platform(platform_id), data, access="Read")
        self.serve(platform_id, target, **link_props)
        return data

    def paper_copy(self, doc: str) -> str:
        rep = self.element("Representation", "Paper copy", "สำเนา")
        self.relate("Realization", rep, doc)
        return rep

    # ---- convention 8: data ---------------------------------------------------------------------

    def data(self, process: str, **props: object) -> str:
        data = self.element("DataObject", "Register", **props)
        self.relate("Access", process, data, access="Write")
        return data

    def publish(self, data: str, platform_id: str = "data-bangkok") -> str:
        return self.relate("Access", self.platform(platform_id), data, access="Read")
