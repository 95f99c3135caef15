"""New ArchiMate views, one per service: the content of the service review diagram as a view Archi
opens, one group ("Container" node) per layer, laid out by `exporters.diagrams.layout`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.objects import Bounds, View, ViewConnection, ViewNode, text_in
from ea_model.text_wrap import display_width
from exporters.diagrams.labels import bilingual
from exporters.diagrams.layout import DEFAULT_H, DEFAULT_W, keep_positions, layout_view
from exporters.diagrams.notation import LAYER_LABEL
from exporters.diagrams.scope import PLATFORMS_BAND, service_support

MAX_W = 220
_BAND_LABEL = {layer.value: {"th": "ชั้น" + th, "en": f"{en} layer"} for layer, (th, en) in LAYER_LABEL.items()}
_BAND_LABEL[PLATFORMS_BAND] = {"th": "แพลตฟอร์มกลางระดับชาติ", "en": "National platforms"}


def service_view_id(service_id: str) -> str:
    """The id of the generated view for a service (an NCName, stable across runs)."""
    return "id-view-service-" + re.sub(r"[^A-Za-z0-9_.-]", "_", service_id.removeprefix("id-"))


def _size_for(name: dict[str, str]) -> tuple[int, int]:
    """Wide enough for the longer of the Thai/English names on about two lines (Archi wraps inside the box)."""
    longest = max((display_width(text) for text in name.values()), default=0)
    width = min(MAX_W, max(DEFAULT_W, math.ceil(longest * 7 / 2) + 24))
    return width, DEFAULT_H


def service_view(model: Model, service_id: str, *, lang: str = "th") -> View:
    """A layered view of the service and everything that serves it (not yet laid out)."""
    scope = service_support(model, service_id)
    vid = service_view_id(service_id)
    th, en = bilingual(scope.service.name, "th")
    name = {"th": f"ทบทวนบริการ: {th}", "en": f"Service review: {en or text_in(scope.service.name, 'en')}"}
    bands: dict[str, list[str]] = {}
    for ref in sorted(scope.elements, key=lambda r: scope.tier(model, r)):
        bands.setdefault(scope.band_of(model, ref), []).append(ref)
    node_of: dict[str, str] = {}
    groups: list[ViewNode] = []
    for band, refs in bands.items():
        children = []
        for ref in refs:
            node_id = f"{vid}-n-{ref}"
            node_of[ref] = node_id
            w, h = _size_for(model.element(ref).name)
            children.append(ViewNode(id=node_id, element_ref=ref, bounds=Bounds(x=0, y=0, w=w, h=h)))
        slug = re.sub(r"[^A-Za-z0-9]", "-", band).lower()
        groups.append(
            ViewNode(
                id=f"{vid}-g-{slug}",
                type="Container",
                label=_BAND_LABEL.get(band, {"en": band}),
                bounds=Bounds(x=0, y=0, w=DEFAULT_W, h=DEFAULT_H),
                children=children,
            )
        )
    connections = [
        ViewConnection(
            id=f"{vid}-c-{rel_id}",
            relationship_ref=rel_id,
            source=node_of[model.relationship(rel_id).source],
            target=node_of[model.relationship(rel_id).target],
        )
        for rel_id in scope.relationships
    ]
    return View(id=vid, name=name, viewpoint="Layered", nodes=groups, connections=connections)


def generate_service_views(
    model: Model, service_ids: Iterable[str], *, lang: str = "th", keep_from: Model | None = None
) -> list[View]:
    """Add (or replace) a laid-out review view per service in `model.views`; returns them. With
    `keep_from` (a previous run's model), a view it has keeps its positions (`keep_positions`)."""
    previous = {v.id: v for v in keep_from.views} if keep_from is not None else {}
    made: list[View] = []
    for sid in service_ids:
        element = model.get_element(sid)
        if element is None or not element.type.endswith("Service"):
            raise EaError(f"no service with id {sid!r}", ref=sid)
        scope = service_support(model, sid)
        tiers = {ref: scope.tier(model, ref) for ref in scope.elements}
        view = layout_view(model, service_view(model, sid, lang=lang), tiers=tiers)
        if view.id in previous:
            view = keep_positions(view, previous[view.id])
        existing = [i for i, v in enumerate(model.views) if v.id == view.id]
        if existing:
            model.views[existing[0]] = view
        else:
            model.views.append(view)
        made.append(view)
    return made
