"""What every part of the exchange reader shares (private): its state, how it reports problems,
identifiers, multilingual texts and properties."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from ea_model.construct import fast_constructor
from ea_model.errors import EaError
from ea_model.findings import Finding
from ea_model.objects import (
    Element,
    Metadata,
    ModelInfo,
    OrganizationItem,
    Property,
    PropertyDefinition,
    Relationship,
    View,
    ViewpointDefinition,
)
from exporters.exchange.common import ARCHIMATE_NS, XML_LANG, tag

ARCHIMATE_PREFIX = "{" + ARCHIMATE_NS + "}"
T_PROPERTY, T_VALUE = tag("property"), tag("value")
MAX_UNEXPECTED = 100_000  # elements the format does not have; more, and the file is not an exchange model

_new_property = fast_constructor(Property, dict(definition_ref="p", value={"en": "x"}))


class ReaderBase:
    """State and helpers of one read; `ExchangeReader` adds the streaming, the mixins each section."""

    def __init__(self, label: str | None, *, strict: bool = False, recover: bool = False):
        self.label = label
        self.strict = strict
        self.recover = recover
        self.findings: list[Finding] = []
        self.concepts: dict[str, Element | Relationship] = {}  # every element and relationship by id
        self.elements: list[Element] = []
        self.relationships: list[Relationship] = []  # document order
        self.unresolved: dict[str, int | None] = {}  # relationship id -> line: an endpoint not yet seen
        self.dropped: set[str] = set()  # relationships left out (recover)
        self.other_ids: dict[str, str] = {}  # id -> what it names, for every non-concept identifier
        self.property_definitions: dict[str, PropertyDefinition] = {}
        self.refs: dict[str, str] = {}  # propertyDefinitionRef values, interned
        self.ref_lines: dict[str, int | None] = {}
        self.langs: dict[str, str] = {"": ""}  # xml:lang values, interned
        self.metadata: Metadata | None = None
        self.generated = 0
        self.unexpected_count = 0
        self.unexpected_seen: Counter = Counter()  # (owner, tag) -> occurrences
        self.unexpected_first: dict[tuple[str, str], tuple[str, int | None]] = {}
        self.noted: Counter = Counter()  # (rule, key) -> occurrences of repetitive warnings
        self.noted_first: dict[tuple[str, str], tuple[str, int | None]] = {}
        self.info = ModelInfo()
        self.views: list[View] = []
        self.organizations: list[OrganizationItem] = []
        self.viewpoints: list[ViewpointDefinition] = []
        # References checked at the end: (kind, owner object, list holding it, view, line).
        self.view_checks: list[tuple] = []
        self.organization_checks: list[tuple[OrganizationItem, list, int | None]] = []
        self.dropped_view_objects: set[str] = set()
        self.item_lists: dict = {}  # an <item> or <organizations> being read -> the items read inside it

    # ---- findings -----------------------------------------------------------------------------

    def warn(self, rule: str, message: str, *, ref: str | None = None, line: int | None = None) -> None:
        """A problem the reader worked around; `strict` makes it an error."""
        if self.strict and not self.recover:
            raise EaError(f"{message} (--strict)", file=self.label, line=line, ref=ref)
        severity = "error" if self.strict else "warning"
        self.findings.append(Finding(severity=severity, rule=rule, id=ref, message=message, line=line))

    def warn_once(self, rule: str, key: str, message: str, line: int | None) -> None:
        """A warning that may repeat thousands of times: reported once, with a count."""
        if self.strict and not self.recover:
            self.warn(rule, message, line=line)  # raises
        self.noted[rule, key] += 1
        self.noted_first.setdefault((rule, key), (message, line))

    def _repeated(self, rule: str, severity: str, message: str, line: int | None, count: int) -> Finding:
        if count > 1:
            message += f" ({count:,} times; first here)"
        if severity == "warning" and self.strict:
            severity = "error"
        return Finding(severity=severity, rule=rule, message=message, line=line)

    def error(self, rule: str, message: str, *, ref: str | None = None, line: int | None = None) -> None:
        """A problem the reader cannot work around: raises, or with `recover` records it (the caller skips)."""
        if not self.recover:
            raise EaError(message, file=self.label, line=line, ref=ref)
        self.findings.append(Finding(severity="error", rule=rule, id=ref, message=message, line=line))

    def unexpected(self, child, owner: str) -> None:
        """A child the schema does not allow where it is (ours), or an extension (another namespace)."""
        child_tag = child.tag
        if not isinstance(child_tag, str):  # comments and processing instructions
            return
        key = (owner, child_tag)
        self.unexpected_seen[key] += 1
        if self.unexpected_seen[key] > 1:
            if child_tag.startswith(ARCHIMATE_PREFIX):
                self.unexpected_count += 1
                if self.unexpected_count > MAX_UNEXPECTED:
                    raise EaError(
                        f"more than {MAX_UNEXPECTED:,} elements that are not part of the exchange format (the last "
                        f"<{etree.QName(child_tag).localname}> inside <{owner}>): this does not look like an "
                        "ArchiMate exchange model",
                        file=self.label,
                        line=child.sourceline,
                    )
            return
        qname = etree.QName(child_tag)
        if qname.namespace == ARCHIMATE_NS:
            message = f"<{qname.localname}> is not allowed inside <{owner}>; it was ignored"
            if self.strict and not self.recover:
                self.warn("unexpected-content", message, line=child.sourceline)  # raises
        else:
            message = f"extension element <{child_tag}> (another namespace) inside <{owner}> was ignored"
        self.unexpected_first[key] = (message, child.sourceline)

    # ---- identifiers --------------------------------------------------------------------------

    def taken(self, ident: str) -> bool:
        return ident in self.concepts or ident in self.other_ids

    def own_id(self, ref: str | None) -> str | None:
        """`ref` as the id string of the concept it names (one string in memory, not a copy per
        reference: a large model has millions of references), or as it is when it names none."""
        concept = self.concepts.get(ref) if ref is not None else None
        return concept.id if concept is not None else ref

    def identifier(self, el, kind: str, *, required: bool = True) -> str | None:
        """The element's identifier, registered; a missing one is generated (warning), a duplicate is an error."""
        ident = el.get("identifier")
        if ident is None:
            if not required:
                return None
            ident = self._generate_id(kind)
            self.warn("missing-identifier", f"<{kind}> has no identifier; gave it {ident}", line=el.sourceline)
        elif self.taken(ident):
            self.error("duplicate-id", self.duplicate_message(ident, kind), ref=ident, line=el.sourceline)
            return None
        self.other_ids[ident] = kind
        return ident

    def _generate_id(self, kind: str) -> str:
        while True:
            self.generated += 1
            ident = f"id-ea-{kind.lower()}-{self.generated}"
            if not self.taken(ident):
                return ident

    def duplicate_message(self, ident: str, kind: str) -> str:
        if ident in self.concepts:
            earlier = "an element" if isinstance(self.concepts[ident], Element) else "a relationship"
        else:
            earlier = f"a {self.other_ids[ident]}"
        return f"duplicate identifier {ident!r} on <{kind}>: already used by {earlier} (identifiers must be unique)"

    # ---- texts and properties -----------------------------------------------------------------

    def _lang(self, lang: str) -> str:
        return self.langs.setdefault(lang, lang)

    def _duplicate_lang(self, child, owner: str, lang: str) -> None:
        what = etree.QName(child).localname
        self.warn(
            "duplicate-language",
            f"a second <{what}> in language {lang or '(none)'!r} inside <{owner}> was ignored (one text per language)",
            line=child.sourceline,
        )

    def lang_text(self, target: dict, child, owner: str) -> None:
        """Add one multilingual text (`<name>`, `<label>`, `<documentation>`, `<value>`) to `target`."""
        lang = child.get(XML_LANG)
        lang = "" if lang is None else (self.langs.get(lang) or self._lang(lang))
        text = child.text or ""
        if lang in target:
            self._duplicate_lang(child, owner, lang)
        elif text or lang:
            target[lang] = text

    def properties(self, container, owner: str) -> list[Property]:
        out = []
        refs = self.refs
        langs = self.langs
        for prop in container:
            if prop.tag != T_PROPERTY:
                self.unexpected(prop, "properties")
                continue
            ref = prop.get("propertyDefinitionRef")
            interned = refs.get(ref) if ref is not None else None
            if interned is None:
                interned = self._new_ref(prop, ref, owner)
                if interned is None:
                    continue
            value: dict[str, str] = {}
            for child in prop:
                if child.tag != T_VALUE:
                    self.unexpected(child, "property")
                    continue
                lang = child.get(XML_LANG)
                lang = "" if lang is None else (langs.get(lang) or self._lang(lang))
                if lang in value:
                    self._duplicate_lang(child, "property", lang)
                else:
                    text = child.text
                    value[lang] = "" if text is None else text
            if not value:
                self.warn("invalid-value", f"a property of {interned!r} has no <value>", line=prop.sourceline)
            out.append(_new_property({"definition_ref": interned, "value": value}))
        return out

    def _new_ref(self, prop, ref: str | None, owner: str) -> str | None:
        if ref is None:
            # ArchiMate 2.x spelled it identifierref; some tools still do.
            ref = prop.get("identifierref") or prop.get("identifierRef") or prop.get("propertyDefinitionref")
            if ref is None:
                self.warn(
                    "invalid-value",
                    f"a <property> inside <{owner}> names no propertyDefinitionRef; ignored",
                    line=prop.sourceline,
                )
                return None
            self.warn_once(
                "invalid-value",
                "identifierref",
                "<property> uses identifierref instead of propertyDefinitionRef",
                prop.sourceline,
            )
        interned = self.refs.get(ref)
        if interned is None:
            interned = self.refs[ref] = ref
            self.ref_lines[ref] = prop.sourceline
        return interned
