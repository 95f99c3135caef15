"""What the exchange-format reader and writer share: namespaces, tag names, type spellings."""

from __future__ import annotations

from pydantic import BaseModel

from ea_model import metamodel

ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DC_NS = "http://purl.org/dc/elements/1.1/"
# What Archi writes: the namespace stays .../3.0/ for exchange format 3.1, the schema location says 3.1.
SCHEMA_LOCATION = f"{ARCHIMATE_NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
DC_SCHEMA_LOCATION = f"{DC_NS} http://dublincore.org/schemas/xmls/qdc/2008/02/11/dc.xsd"

# ArchiMate 2.x exchange files (2.0 and 2.1) use these namespaces; the format differs throughout.
ARCHIMATE2_NAMESPACES = frozenset(
    {
        "http://www.opengroup.org/xsd/archimate",
        "http://www.opengroup.org/xsd/archimate/",
        "http://www.opengroup.org/xsd/archimate/2.1",
        "http://www.opengroup.org/xsd/archimate/2.1/",
        "http://www.opengroup.org/xsd/archimate/2.0",
        "http://www.opengroup.org/xsd/archimate/2.0/",
    }
)
ARCHI_NATIVE_NS = "http://www.archimatetool.com/archimate"

XSI_TYPE = f"{{{XSI_NS}}}type"
XML_LANG = f"{{{XML_NS}}}lang"


def tag(local: str) -> str:
    """The Clark name lxml uses for an element of the exchange format."""
    return f"{{{ARCHIMATE_NS}}}{local}"


# Every element/relationship type spelled exactly as the schema has it, mapped to the one string
# object the model uses (so millions of concepts share a few type strings).
ELEMENT_TYPE_OF: dict[str, str] = {name: name for name in metamodel.ELEMENT_TYPES}
RELATIONSHIP_TYPE_OF: dict[str, str] = {name: name for name in metamodel.RELATIONSHIP_TYPES}

ACCESS_TYPES = frozenset(metamodel.ACCESS_TYPES)
NAME_OPTIONAL = frozenset({"AndJunction", "OrJunction", "Grouping", "Location"})  # the rest require a <name>
PROPERTY_TYPES = ("string", "boolean", "currency", "date", "time", "number")
NODE_TYPES = ("Element", "Container", "Label")
CONNECTION_TYPES = ("Relationship", "Line", "NestingRelationship")
FONT_STYLES = frozenset({"plain", "bold", "italic", "underline"})
VIEWPOINT_PURPOSES = frozenset({"Designing", "Deciding", "Informing"})
VIEWPOINT_CONTENTS = frozenset({"Details", "Coherence", "Overview"})

# The order of the model's sections (archimate3_Model.xsd ModelType + View.xsd redefine).
MODEL_SECTIONS = (
    "name",
    "documentation",
    "properties",
    "metadata",
    "elements",
    "relationships",
    "organizations",
    "propertyDefinitions",
    "views",
)


def fast_constructor(cls, sample: dict):
    """A constructor for `cls` that skips validation, for values a reader has already checked.

    pydantic's `model_construct` does the same job but is far slower (it inspects default
    factories on every call); at 10^6 objects that dominates a load. The result is an ordinary
    instance, equal to one built by `cls(**fields)`; `fields` must hold every field, in order.
    The four slots pydantic keeps per instance are set through their own descriptors (a third
    faster than `object.__setattr__`, which looks each one up again). A self-check against
    `sample` (every field, valid values) falls back to `model_construct` should pydantic's
    internals ever change.
    """
    new = object.__new__
    try:
        slots = {name: vars(BaseModel)[name] for name in _PYDANTIC_SLOTS}
        set_dict, set_fields_set = slots["__dict__"].__set__, slots["__pydantic_fields_set__"].__set__
        set_extra, set_private = slots["__pydantic_extra__"].__set__, slots["__pydantic_private__"].__set__
    except (KeyError, AttributeError):  # pragma: no cover - only if pydantic changes underneath us
        return _model_construct(cls)
    all_fields = set(cls.model_fields)  # shared: pydantic only ever adds field names to it

    def construct(fields: dict):
        obj = new(cls)
        set_dict(obj, fields)
        set_fields_set(obj, all_fields)
        set_extra(obj, None)
        set_private(obj, None)
        return obj

    try:
        probe, reference = construct(dict(sample)), cls(**sample)
        if probe != reference or probe.model_dump() != reference.model_dump() or repr(probe) != repr(reference):
            return _model_construct(cls)  # pragma: no cover
        probe.model_copy(update={})
    except Exception:  # pragma: no cover - only if pydantic changes underneath us
        return _model_construct(cls)
    return construct


_PYDANTIC_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _model_construct(cls):
    def construct(fields: dict):
        return cls.model_construct(**fields)

    return construct
