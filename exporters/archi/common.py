"""What Archi's native format and its CSV format share: type names, ids, specializations, and
the reader's problem reporting (strict / recover) with file and line.

Archi names relationship classes with a `Relationship` suffix and has one `Junction` class
(`type="or"` for an Or junction); ea uses the exchange format's names. Archi's own ids may start
with a digit; its exchange exporter (XMLModelExporter.checkID, Archi >= 4.7) prefixes those with
`id-`, and so do ea's readers, so one model gets the same ids whichever format it arrives in.
"""

from __future__ import annotations

import re
import uuid

from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.findings import Finding
from ea_model.model import Model
from ea_model.naming import BOTH, display_name
from ea_model.objects import Concept, LangString, Property, PropertyDefinition, text_in

# The property definition Archi's exchange importer turns into a specialization (profile).
SPECIALIZATION_ID = "specialization"
SPECIALIZATION_NAME = "Specialization"

# Archi keeps one text per name: with `lang="both"` the Thai and the English text are joined into it,
# names as `display_name` shows them ("ไทย / English"), documentation a blank line apart.
NAME_JOIN = " / "
DOCUMENTATION_JOIN = "\n\n"

JUNCTION_CLASS = "Junction"
_REL_SUFFIX = "Relationship"

# Archi viewpoint ids <-> exchange viewpoint names (XMLTypeMapper.ViewPointsMapping; Archi maps no
# id to "Application Platform", "Goal Contribution" or "Principles").
VIEWPOINT_NAMES: dict[str, str] = {
    "organization": "Organization",
    "information_structure": "Information Structure",
    "technology": "Technology",
    "layered": "Layered",
    "physical": "Physical",
    "product": "Product",
    "application_usage": "Application Usage",
    "technology_usage": "Technology Usage",
    "business_process_cooperation": "Business Process Cooperation",
    "application_cooperation": "Application Cooperation",
    "service_realization": "Service Realization",
    "implementation_deployment": "Implementation and Deployment",
    "goal_realization": "Goal Realization",
    "requirements_realization": "Requirements Realization",
    "motivation": "Motivation",
    "strategy": "Strategy",
    "capability": "Capability Map",
    "outcome_realization": "Outcome Realization",
    "resource": "Resource Map",
    "project": "Project",
    "migration": "Migration",
    "implementation_migration": "Implementation and Migration",
    "stakeholder": "Stakeholder",
    "value_stream": "Value Stream",
    # Archi's ids for the 3.1 viewpoints it maps; kept symmetric with the names above.
    "application_structure": "Application Structure",
}
VIEWPOINT_IDS: dict[str, str] = {name: vid for vid, name in VIEWPOINT_NAMES.items()}

_NCNAME = re.compile(r"^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$")
_NCNAME_CHAR = re.compile(r"[^\w.\-\u00B7\u00C0-\uFFFF]")


def archi_class(concept_type: str) -> str:
    """Archi's class name for an exchange type (`Assignment` -> `AssignmentRelationship`)."""
    if concept_type in metamodel.RELATIONSHIP_TYPES:
        return concept_type + _REL_SUFFIX
    if concept_type in metamodel.JUNCTION_TYPES:
        return JUNCTION_CLASS
    return concept_type


def element_type_of(archi_name: str, junction_type: str | None = None) -> str | None:
    """The exchange element type for an Archi element class (also accepts exchange names), or None."""
    if archi_name == JUNCTION_CLASS:
        return "OrJunction" if (junction_type or "").lower() == "or" else "AndJunction"
    if archi_name in metamodel.ELEMENT_TYPES:
        return archi_name
    return None


def relationship_type_of(archi_name: str) -> str | None:
    """The exchange relationship type for an Archi class (`FlowRelationship` -> `Flow`; `Flow` too)."""
    base = archi_name[: -len(_REL_SUFFIX)] if archi_name.endswith(_REL_SUFFIX) else archi_name
    return base if base in metamodel.RELATIONSHIP_TYPES else None


def xml_id(archi_id: str) -> str:
    """A valid XML id for an Archi id, as Archi's exchange exporter makes it.

    Archi prefixes `id-` when the id starts with a digit; ids that are still not NCNames (a
    leading `-` or `.`, spaces, colons: ids typed into a spreadsheet) get the prefix too and their
    invalid characters become `_`.
    """
    if _NCNAME.match(archi_id):
        return archi_id
    if archi_id[:1].isdigit() and _NCNAME.match("id-" + archi_id):
        return "id-" + archi_id
    return "id-" + _NCNAME_CHAR.sub("_", archi_id)


def new_id() -> str:
    """A fresh id in the form Archi (>= 4.7) generates."""
    return "id-" + uuid.uuid4().hex


def stable_id(seed: str) -> str:
    """An id that depends only on `seed` (for objects a format needs and the model lacks)."""
    return "id-" + uuid.uuid5(uuid.NAMESPACE_URL, f"ea:{seed}").hex


def profile_id(concept_class: str, name: str) -> str:
    """A stable id for a specialization known only by name and concept type (CSV)."""
    return "id-" + uuid.uuid5(uuid.NAMESPACE_URL, f"archi-profile:{concept_class}/{name}").hex


def specialization_definition(model: Model) -> PropertyDefinition:
    definition = model.property_definitions.get(SPECIALIZATION_ID)
    if definition is None:
        definition = PropertyDefinition(id=SPECIALIZATION_ID, name={"": SPECIALIZATION_NAME})
        model.property_definitions[SPECIALIZATION_ID] = definition
    return definition


def specializations_of(concept: Concept) -> list[str]:
    """The specialization names a concept carries, in order."""
    return [text_in(p.value) for p in concept.properties if p.definition_ref == SPECIALIZATION_ID]


def specialization_property(name: str) -> Property:
    return Property(definition_ref=SPECIALIZATION_ID, value={"": name})


class PropertyKeys:
    """Archi property keys -> property definitions `propid-N`, numbered in order of first use (as
    Archi's exchange exporter numbers them)."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}

    def id_for(self, key: str) -> str:
        pid = self._ids.get(key)
        if pid is None:
            pid = self._ids[key] = f"propid-{len(self._ids) + 1}"
        return pid

    def install(self, model: Model, used: set[str] | None = None) -> None:
        """Declare the keys (those in `used`, when given) as string property definitions, sorted by
        name as Archi writes them."""
        for key in sorted(self._ids):
            pid = self._ids[key]
            if used is None or pid in used:
                model.property_definitions[pid] = PropertyDefinition(id=pid, name={"": key})


class Problems:
    """How a reader reports bad input.

    `error`: unknown type, dangling reference, duplicate id, malformed value: raises a one-line
    EaError (file, line, id) unless `recover`, then an error finding and the object is left out.
    `warning`: something the reader could work around; an error when `strict`.
    `advice`: what the model does not carry from the file (never raises).
    """

    def __init__(self, file: str, *, strict: bool, recover: bool, one_of_several: bool = False):
        self.file = file
        self.where = file if one_of_several else None  # a finding names its file when the model is several
        self.strict = strict
        self.recover = recover
        self.findings: list[Finding] = []

    def error(self, rule: str, message: str, *, line: int | None = None, ref: str | None = None) -> None:
        if not self.recover:
            raise EaError(message, file=self.file, line=line, ref=ref)
        self.findings.append(Finding(severity="error", rule=rule, id=ref, message=message, line=line, file=self.where))

    def warning(self, rule: str, message: str, *, line: int | None = None, ref: str | None = None) -> None:
        if self.strict:
            raise EaError(message + " (strict mode)", file=self.file, line=line, ref=ref)
        self.findings.append(
            Finding(severity="warning", rule=rule, id=ref, message=message, line=line, file=self.where)
        )

    def advice(self, rule: str, message: str) -> None:
        self.findings.append(Finding(severity="advice", rule=rule, message=message))


def used_property_definitions(model: Model) -> set[str]:
    """Ids of the property definitions some property in the model refers to."""
    used = {p.definition_ref for p in model.info.properties}
    for concept in (*model.elements(), *model.relationships()):
        used.update(p.definition_ref for p in concept.properties)
    for view in model.views:
        used.update(p.definition_ref for p in view.properties)
        used.update(p.definition_ref for n in view.iter_nodes() for p in n.properties)
        used.update(p.definition_ref for c in view.connections for p in c.properties)
    return used


def one_text(value: LangString | None, lang: str | None, *, join: str | None = None) -> tuple[str, int]:
    """The one text Archi keeps for `value`, and how many of `value`'s texts it holds.

    `lang` "th" or "en" keeps that language's text (`text_in`); None keeps text_in's default pick;
    "both" joins the Thai and the English text with `join` (names and documentation). Property keys
    and values are data, not labels (`join` None): with "both" they keep text_in's default pick.
    """
    if not value:
        return "", 0
    if lang == BOTH:
        if join is None:
            return text_in(value), 1
        joined = display_name(value, sep=join)
        return joined, 1 if joined in value.values() else 2
    return text_in(value, lang), 1
