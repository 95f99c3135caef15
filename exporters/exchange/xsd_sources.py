"""Where the bundled Open Group XSDs are and how they are loaded offline: the directory, the wrapper
schema that brings the ArchiMate and Dublin Core namespaces into one XMLSchema, and the resolver that
serves the W3C xml.xsd locally. Shared by `schema` (whole-file validation) and `identity` (streamed)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

XSD_DIR = Path(__file__).resolve().parent / "xsd"
ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# A schema with no target namespace of its own whose only job is to bring both namespaces into one
# XMLSchema object (lxml takes one root schema document).
WRAPPER = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="{ARCHIMATE_NS}" schemaLocation="archimate3_Diagram.xsd"/>
  <xs:import namespace="{DC_NS}" schemaLocation="dc.xsd"/>
</xs:schema>
""".encode()


class LocalSchemas(etree.Resolver):
    """Serve the W3C xml.xsd (imported by URL from archimate3_Model.xsd and dc.xsd) from the local copy,
    and refuse every other remote location instead of letting libxml2 try the network."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("/xml.xsd"):
            return self.resolve_filename(str(XSD_DIR / "xml.xsd"), context)
        if url and "://" in url and not url.startswith("file:"):
            raise ValueError(f"{url} is not bundled and the network is never used")  # lxml reports a load failure
        return None
