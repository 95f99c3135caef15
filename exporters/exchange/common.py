"""What the exchange-format reader and writer share: namespaces, tag names, type spellings."""

from __future__ import annotations

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
