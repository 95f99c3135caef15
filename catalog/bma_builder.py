"""What building the BMA reference model from ``catalog/bma/*.yaml`` rests on: the YAML sources, the
element ids, and `BmaBuilder`, which adds concepts and keeps the plateaus each belongs to.
``catalog.bma_parts`` builds the model's parts with it, ``catalog.bma_views`` its views, and
``catalog.bma_model`` puts them together.

Ids are derived from the YAML keys (``id-svc-<key>``, ``id-actor-<agency id>``...), relationship ids
from a hash of their type and endpoints, so they stay stable when unrelated YAML changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalog.paths import CATALOG_DIR
from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.objects import Element, LangString, ModelInfo, Relationship

BMA_DIR = CATALOG_DIR / "bma"
DGA_DIR = CATALOG_DIR / "dga"
BASELINE, TARGET = "baseline", "target"
PLATEAUS = (BASELINE, TARGET)
BOTH = frozenset(PLATEAUS)
STATE_LISTS = ("channels", "apps", "payment", "identity", "exchange")
NUMBER_PROPERTIES = ("fee_thb", "digital_fee_thb", "max_processing_days", "statutory_max_days")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ten times faster
SOURCE_FILES = ("agencies", "organisation", "documents", "systems", "services", "strategies", "migration")


def element_id(kind: str, key: str) -> str:
    """The id of a YAML entry's element: ``id-<kind>-<key>`` in lower case (an XML NCName)."""
    slug = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in key.lower())
    return f"id-{kind}-{slug}"


def load_sources(source_dir: Path = BMA_DIR) -> dict[str, Any]:
    """The YAML files of ``catalog/bma/`` (plus the DGA catalog files the model names things from)."""
    out: dict[str, Any] = {}
    for name in SOURCE_FILES:
        out[name] = _read_yaml(source_dir / f"{name}.yaml")
    out["dga_agencies"] = _read_yaml(DGA_DIR / "agencies.yaml")
    out["dga_outcomes"] = _read_yaml(DGA_DIR / "outcomes.yaml")
    return out


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)
    except FileNotFoundError:
        raise EaError("missing catalog file", file=str(path)) from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise EaError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", file=str(path), line=line and line + 1
        ) from None


def strategy_kinds(source_dir: Path = BMA_DIR) -> dict[str, str]:
    """Strategy id -> "bma" (the 9 ด้าน 9 ดี) or "national" (the National Strategy's pillars)."""
    strategies = _read_yaml(source_dir / "strategies.yaml")
    kinds = {goal["id"]: "bma" for goal in strategies["bma_strategy"]["goals"]}
    kinds.update({goal["id"]: "national" for goal in strategies["national_strategy"]["goals"]})
    return kinds


@dataclass
class BmaBuilder:
    """Turns the YAML into a Model. Keeps, for every concept, the plateaus it belongs to; `finish_plateaus`
    turns that into the plateaus' Aggregations (convention 11)."""

    src: dict[str, Any]
    model: Model = field(default_factory=Model)
    plateaus_of: dict[str, frozenset[str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # YAML key (apps, interfaces, data...) -> element id
    groups: dict[str, list[str]] = field(default_factory=dict)  # element ids per group, for views and folders
    _rel_by_key: dict[tuple, str] = field(default_factory=dict)

    # ---- primitives --------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        key: str,
        type: str,
        name: LangString,
        /,
        *,
        group: str | None = None,
        entry: dict | None = None,
        plateaus: frozenset[str] = BOTH,
        documentation: LangString | None = None,
        **props: Any,
    ) -> str:
        eid = element_id(kind, key)
        if not name.get("th") or not name.get("en"):
            raise EaError(f"{kind} {key!r} needs a Thai and an English name", ref=eid)
        doc = documentation or _documentation(entry)
        self.model.add_element(Element(id=eid, type=type, name=dict(name), documentation=doc))
        self.plateaus_of[eid] = plateaus
        self.set_props(eid, props)
        if entry is not None:
            self.provenance(eid, entry)
        if group:
            self.groups.setdefault(group, []).append(eid)
        return eid

    def rel(
        self,
        type: str,
        source: str,
        target: str,
        /,
        *,
        plateaus: frozenset[str] = BOTH,
        access: str | None = None,
        entry: dict | None = None,
        **props: Any,
    ) -> str:
        """Add a relationship, or widen the plateaus of the one already there (same type, ends and access)."""
        key = (type, source, target, access)
        existing = self._rel_by_key.get(key)
        if existing is not None:
            self.plateaus_of[existing] = self.plateaus_of[existing] | plateaus
            return existing
        src_type, tgt_type = self.model.type_of(source), self.model.type_of(target)
        if not metamodel.is_allowed(type, src_type, tgt_type):
            raise EaError(f"{type} from {src_type} {source!r} to {tgt_type} {target!r} is not allowed in ArchiMate")
        digest = hashlib.sha1("|".join((type, source, target, access or "")).encode()).hexdigest()[:12]
        rid = f"id-rel-{digest}"
        directed = True if type == "Association" else None
        self.model.add_relationship(
            Relationship(
                id=rid,
                type=type,
                source=source,
                target=target,
                access_type=access,
                is_directed=directed,
                documentation=_documentation(entry),
            )
        )
        self._rel_by_key[key] = rid
        self.plateaus_of[rid] = plateaus
        self.set_props(rid, props)
        if entry is not None:
            self.provenance(rid, entry)
        return rid

    def set_props(self, ref: str, props: dict[str, Any]) -> None:
        concept = self.model.concept(ref)
        for name, value in props.items():
            if value is None:
                continue
            if name in NUMBER_PROPERTIES:
                self.model.define_property(name, "number")
            self.model.set_property(concept, name, _text(value))

    def provenance(self, ref: str, entry: dict) -> None:
        """`source` and `confidence` (high when a source is given without one), and what is uncertain."""
        uncertain = entry.get("uncertain")
        self.set_props(
            ref,
            {
                "source": entry.get("source"),
                "confidence": entry.get("confidence") or ("high" if entry.get("source") else None),
                "uncertain_fields": ", ".join(uncertain) if isinstance(uncertain, list) else None,
            },
        )

    def ref(self, key: str) -> str:
        try:
            return self.ids[key]
        except KeyError:
            raise EaError(f"catalog/bma: unknown key {key!r}") from None

    # ---- the whole model ---------------------------------------------------------------------

    def describe_model(self) -> None:
        """The model's own name and documentation."""
        self.model.info = ModelInfo(
            id="id-bma-reference-model",
            name={"th": "แบบจำลองสถาปัตยกรรมองค์กรอ้างอิง กรุงเทพมหานคร", "en": "BMA reference enterprise architecture"},
            documentation={
                "en": "The Bangkok Metropolitan Administration's reference architecture: organisation, 50 district "
                "offices, citizen services, systems, national platforms, strategies, and a baseline and a target "
                "plateau. Generated from catalog/bma/*.yaml by scripts/build_bma_model.py; properties `source` and "
                "`confidence` say where each uncertain fact comes from.",
                "th": "สถาปัตยกรรมองค์กรอ้างอิงของกรุงเทพมหานคร สร้างจาก catalog/bma/*.yaml",
            },
        )

    def finish_plateaus(self) -> None:
        """Check every relationship lives only where its ends do; then each plateau aggregates its own concepts."""
        for rel in list(self.model.relationships()):
            own = self.plateaus_of[rel.id]
            for end in (rel.source, rel.target):
                if not own <= self.plateaus_of[end]:
                    raise EaError(
                        f"relationship {rel.id} ({rel.type}) is in {sorted(own)} but {end} only in "
                        f"{sorted(self.plateaus_of[end])}",
                        ref=rel.id,
                    )
        owned = [(ref, next(iter(p))) for ref, p in self.plateaus_of.items() if len(p) == 1]
        for ref, plateau in owned:
            self.rel("Aggregation", element_id("plateau", plateau), ref)

    def only_in(self, plateau: str) -> list[str]:
        """Ids of the concepts that belong to `plateau` alone (the plateau's Aggregations are not counted)."""
        return [ref for ref, p in self.plateaus_of.items() if p == frozenset({plateau})]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _documentation(entry: dict | None) -> LangString:
    doc = (entry or {}).get("documentation") or {}
    if isinstance(doc, str):
        doc = {"en": doc}
    return {lang: " ".join(str(text).split()) for lang, text in doc.items() if text}
