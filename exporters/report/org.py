"""Who delivers a service, for the report's filters: its owning units (convention 2), the department
each rolls up to, and the district offices it is delivered at.

A unit's place in the organisation is read from the model (`Composition`/`Aggregation` from the parent
actor, as `exporters.diagrams.landscape.unit_chain` reads it); what kind of unit an actor is comes from
the agency catalog (`unit: department | district_offices`, `dopa_code` for a district office) through
the actor's `agency` property, or from the same keys as properties on the actor itself.

- **Department**: the nearest unit up the chain that is a department; a unit under the district
  offices rolls up to the district offices as a whole; otherwise the owner's top unit below the root.
- **District**: an owner that is (or is part of) one district office is delivered there; an owner that
  is the district offices as a whole, or a section common to all of them, is delivered at every
  district office (`ALL_DISTRICTS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ea_model.compliance.criteria import DgaCatalog
from ea_model.matrices import Axis
from ea_model.model import Model
from ea_model.objects import Element, LangString
from exporters.diagrams.landscape import unit_chain

ALL_DISTRICTS = "*"
_UNIT_TYPES = ("BusinessActor", "BusinessCollaboration")


@dataclass(frozen=True)
class Unit:
    id: str
    name: LangString


@dataclass
class Delivery:
    owners: list[Unit] = field(default_factory=list)
    departments: list[Unit] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)  # district office element ids, or ALL_DISTRICTS


class Organisation:
    """Unit kinds for one model, resolved once."""

    def __init__(self, model: Model, catalog: DgaCatalog) -> None:
        self.model = model
        self.catalog = catalog
        self._chains: dict[str, list[str]] = {}

    def _fact(self, actor: Element, key: str) -> str | None:
        value = self.model.property_value(actor, key)
        if value:
            return value.strip()
        agency_id = self.model.property_value(actor, "agency")
        agency = self.catalog.agency(agency_id.strip()) if agency_id else None
        extra = (agency.model_extra or {}) if agency is not None else {}
        found = extra.get(key)
        return str(found) if found is not None else None

    def is_district(self, actor_id: str) -> bool:
        return self._fact(self.model.element(actor_id), "dopa_code") is not None

    def is_district_offices(self, actor_id: str) -> bool:
        return self._fact(self.model.element(actor_id), "unit") == "district_offices"

    def is_department(self, actor_id: str) -> bool:
        return self._fact(self.model.element(actor_id), "unit") == "department"

    def chain(self, actor_id: str) -> list[str]:
        """The actor and its parent units, top-most first."""
        if actor_id not in self._chains:
            self._chains[actor_id] = unit_chain(self.model, actor_id)
        return self._chains[actor_id]

    def districts(self) -> list[Unit]:
        """Every district office in the model, in model order."""
        return [self._unit(a.id) for a in self.model.elements(_UNIT_TYPES) if self.is_district(a.id)]

    def delivery(self, service_id: str) -> Delivery:
        owners = [
            r.source
            for r in self.model.incoming(service_id, ("Assignment",))
            if self.model.element(r.source).type in _UNIT_TYPES
        ]
        out = Delivery(owners=[self._unit(o) for o in dict.fromkeys(owners)])
        departments: dict[str, None] = {}
        districts: dict[str, None] = {}
        for owner in dict.fromkeys(owners):
            chain = self.chain(owner)
            district = next((u for u in reversed(chain) if self.is_district(u)), None)
            offices = next((u for u in reversed(chain) if self.is_district_offices(u)), None)
            if district is not None:
                districts[district] = None
            elif offices is not None:
                districts[ALL_DISTRICTS] = None
            departments[self._department(chain, offices)] = None
        out.departments = [self._unit(d) for d in departments]
        out.districts = list(districts)
        return out

    def _department(self, chain: list[str], offices: str | None) -> str:
        if offices is not None:
            return offices
        department = next((u for u in reversed(chain) if self.is_department(u)), None)
        if department is not None:
            return department
        return chain[1] if len(chain) > 1 else chain[0]

    def _unit(self, actor_id: str) -> Unit:
        return Unit(actor_id, self.model.element(actor_id).name)


def service_departments(model: Model, catalog: DgaCatalog, service_ids: Iterable[str]) -> dict[str, list[Axis]]:
    """Service id -> the departments that deliver it, as rows for `ea_model.matrices.departments_outcomes`."""
    org = Organisation(model, catalog)
    return {
        sid: [Axis(d.id, d.name, "BusinessActor") for d in org.delivery(sid).departments]
        for sid in service_ids
        if sid in model
    }
