"""Governance review diagrams, drawn with Graphviz (`dot`) in ArchiMate notation.

- `service_diagram`: one citizen service and everything that serves it, layer by layer top to
  bottom (the roles it serves and what it realizes on top; processes, owners, documents; then
  applications, technology and the national platforms), with a row of seven cells, one per DGA
  outcome (O1..O7), coloured by the check's verdict so a meeting sees the gaps at a glance.
- `application_landscape`: applications grouped by owning department or unit.
- `strategy_map`: National Strategy pillars -> BMA strategies -> outcomes -> services; the whole map, or
  one BMA strategy's part (`strategy_diagrams`: one map each, legible on a page).
- `view_diagram`: an ArchiMate view as drawn in the model (its own coordinates), or re-laid out.

Builders return a `graphviz.Digraph`; `render` turns one into SVG, PNG or PDF; `render_all`
renders a whole set in parallel. Labels are Thai and English side by side in the Loma font.

    >>> from exporters.diagrams import service_diagram, render          # doctest: +SKIP
    >>> render(service_diagram(model, "id-svc-building-permit"), "permit.svg")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import graphviz

from catalog.dga import load_dga_catalog
from catalog.strategies import strategy_kinds
from ea_model import metamodel
from ea_model.compliance.evaluation import check_model, citizen_services
from ea_model.errors import EaError
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.objects import text_in
from ea_model.traceability import classify_strategies, strategy_goals
from exporters.diagrams.facts import outcome_names
from exporters.diagrams.graph import element_node, layered, layers_of, legend, new_graph, pair
from exporters.diagrams.labels import OUTCOMES, bilingual, plain, service_label, verdict_cells
from exporters.diagrams.landscape import application_landscape
from exporters.diagrams.notation import LAYER_LABEL, fill_of
from exporters.diagrams.rendering import Diagram
from exporters.diagrams.scope import PLATFORMS_BAND, service_support
from exporters.diagrams.view import view_diagram

Verdicts = Mapping[str, str]  # outcome id (O1..O7) -> pass | warn | fail | info | unknown


# ---- verdicts ---------------------------------------------------------------------------------


def citizen_service_ids(model: Model) -> list[str]:
    """Citizen-facing services (convention 1), as the DGA check defines them."""
    return [s.id for s in citizen_services(model, catalog=load_dga_catalog())]


def review_verdicts(model: Model, service_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """Per service, the DGA check's verdict for each outcome O1..O7."""
    result = check_model(model, catalog=load_dga_catalog())
    return {sid: {o: str(result.goal_verdict(sid, o) or "unknown") for o in OUTCOMES} for sid in service_ids}


# ---- the service review diagram ---------------------------------------------------------------


def _band_titles(lang: str) -> dict[str, str]:
    titles = {layer.value: pair(lang, "ชั้น" + th, f"{en} layer") for layer, (th, en) in LAYER_LABEL.items()}
    titles[PLATFORMS_BAND] = pair(lang, "แพลตฟอร์มกลางระดับชาติ", "National platforms")
    return titles


def service_diagram(
    model: Model,
    service_id: str,
    *,
    verdicts: Verdicts | None = None,
    lang: str = "th",
    with_legend: bool = True,
) -> graphviz.Digraph:
    """A service and everything that serves it, in ArchiMate's layered order, with its outcome verdicts."""
    scope = service_support(model, service_id)
    service = scope.service
    primary, _ = bilingual(service.name, lang)
    g = new_graph(f"service-{service.id}", f"{pair(lang, 'ทบทวนบริการ', 'Service review')}: {primary}")
    names = outcome_names()
    cells = verdict_cells(service.id, verdicts or {}, names, lang)

    def add(container: graphviz.Digraph, ref: str) -> None:
        el = model.element(ref)
        if ref == service.id:
            container.node(
                ref,
                id=ref,
                shape="plain",
                label=service_label(el.type, el.name, lang, fill_of(el.type), cells, width=36),
                tooltip=plain(text_in(el.name, lang)),
            )
        else:
            element_node(container, model, el, lang, badge=scope.platforms.get(ref))

    anchor = layered(
        g,
        model,
        scope.elements,
        scope.relationships,
        tier=lambda ref: scope.tier(model, ref),
        band=lambda ref: scope.band_of(model, ref),
        band_title=_band_titles(lang),
        add_node=add,
        lang=lang,
    )
    if with_legend:
        legend(
            g,
            anchor,
            layers=layers_of(model, scope.elements),
            element_types={model.element(ref).type for ref in scope.elements},
            relationship_types={model.relationship(r).type for r in scope.relationships},
            lang=lang,
            verdicts=True,
            platforms=bool(scope.platforms),
            goal_names=names,
        )
    return g


# ---- the strategy map -------------------------------------------------------------------------

_STRATEGY_BANDS = ("national", "bma", "means", "services")


def strategy_map(
    model: Model,
    *,
    verdicts: Mapping[str, Verdicts] | None = None,
    lang: str = "th",
    with_legend: bool = True,
    strategy: str | None = None,
) -> graphviz.Digraph:
    """National Strategy pillars -> BMA strategies -> outcomes/courses of action -> the services realizing them.

    Strategy goals are `Goal`s with a `strategy` property (convention 10); a strategy goal that
    influences another is a BMA strategy, one that is only influenced is a National Strategy pillar.
    Services carry a compact verdict row when verdicts are given. `strategy` (a BMA strategy goal's id)
    draws that strategy's part only (`bma_strategy_ids`): a map a page can hold, where the whole map's
    lines run together.
    """
    placed = strategy_elements(model, strategy=strategy)
    if strategy is None:
        g = new_graph("strategy-map", pair(lang, "แผนที่ยุทธศาสตร์", "Strategy map"))
    else:
        primary, _ = bilingual(model.element(strategy).name, lang)
        g = new_graph(f"strategy-map-{strategy}", f"{pair(lang, 'แผนที่ยุทธศาสตร์', 'Strategy map')}: {primary}")
    names = outcome_names()
    tiers = {band: i for i, band in enumerate(_STRATEGY_BANDS)}
    titles = {
        "national": pair(lang, "ยุทธศาสตร์ชาติ", "National Strategy"),
        "bma": pair(lang, "นโยบายและยุทธศาสตร์ กทม.", "BMA strategy"),
        "means": pair(lang, "ผลลัพธ์และแนวทาง", "Outcomes and courses of action"),
        "services": pair(lang, "บริการ", "Services"),
    }

    def add(container: graphviz.Digraph, ref: str) -> None:
        el = model.element(ref)
        if el.type == "BusinessService" and verdicts is not None and ref in verdicts:
            cells = verdict_cells(ref, verdicts[ref], names, lang, compact=True)
            container.node(
                ref, id=ref, shape="plain", label=service_label(el.type, el.name, lang, fill_of(el.type), cells)
            )
        else:
            badge = model.property_value(el, "strategy")
            element_node(container, model, el, lang, badge=badge)

    ids = list(placed)
    chosen = set(ids)
    rels = [r.id for ref in ids for r in model.outgoing(ref) if r.target in chosen]
    anchor = layered(
        g,
        model,
        ids,
        rels,
        tier=lambda ref: tiers[placed[ref]],
        band=lambda ref: placed[ref],
        band_title=titles,
        add_node=add,
        lang=lang,
    )
    if with_legend:
        legend(
            g,
            anchor,
            layers=layers_of(model, ids),
            element_types={model.element(ref).type for ref in ids},
            relationship_types={model.relationship(r).type for r in rels},
            lang=lang,
            verdicts=verdicts is not None,
            goal_names=names,
        )
    return g


def strategy_elements(model: Model, *, strategy: str | None = None) -> dict[str, str]:
    """Element id -> band (national | bma | means | services) for the strategy map, in a stable order.
    With `strategy` (a BMA strategy goal's id): that strategy, the pillars it influences and what
    realizes or influences it."""
    # BMA strategy or National Strategy pillar: the same classification `ea trace` uses.
    goals = strategy_goals(model)
    kinds: dict[str, str] = dict(classify_strategies(model, goals, strategy_kinds()))
    if strategy is None:
        placed = kinds
    elif kinds.get(strategy) != "bma":
        raise EaError(f"no BMA strategy goal with id {strategy!r}", ref=strategy)
    else:
        pillars = {r.target for r in model.outgoing(strategy, ("Influence",)) if kinds.get(r.target) == "national"}
        placed = {ref: kind for ref, kind in kinds.items() if ref == strategy or ref in pillars}
    for goal_id in [g for g, band in placed.items() if band == "bma"]:
        _collect_means(model, goal_id, placed, hops=3)
    return dict(sorted(placed.items(), key=lambda item: _STRATEGY_BANDS.index(item[1])))


def bma_strategy_ids(model: Model) -> list[str]:
    """The BMA strategy goals that anything realizes or influences: one strategy map each."""
    whole = strategy_elements(model)
    return [
        ref
        for ref, band in whole.items()
        if band == "bma" and any(b in ("means", "services") for b in strategy_elements(model, strategy=ref).values())
    ]


def _collect_means(model: Model, target: str, placed: dict[str, str], hops: int) -> None:
    """What realizes or influences a BMA goal: services (any depth up to `hops`) and the motivation and
    strategy elements between them."""
    if hops == 0:
        return
    for rel in model.incoming(target, ("Realization", "Influence")):
        el = model.get_element(rel.source)
        if el is None or el.id in placed:
            continue
        layer = metamodel.layer_of(el.type)
        if el.type in ("BusinessService", "ApplicationService", "TechnologyService", "Product"):
            placed[el.id] = "services"
        elif layer in (Layer.MOTIVATION, Layer.STRATEGY):
            placed[el.id] = "means"
            _collect_means(model, el.id, placed, hops - 1)


# ---- rendering --------------------------------------------------------------------------------


def review_diagrams(
    model: Model,
    *,
    lang: str = "th",
    service_ids: Iterable[str] | None = None,
    view_ids: Iterable[str] = (),
    relayout: bool = False,
    keep_from: Model | None = None,
    landscape: bool = True,
    strategy: bool = True,
) -> list[Diagram]:
    """The diagrams a governance review takes: one per citizen service (or per service named), the
    application landscape and the strategy map, plus any views named. Verdicts come from the DGA
    check, run once. With `relayout` and `keep_from` (a previous run's model), the views it also has
    keep its positions."""
    services = list(service_ids) if service_ids is not None else citizen_service_ids(model)
    for sid in services:
        el = model.get_element(sid)
        if el is None or el.type not in ("BusinessService", "ApplicationService", "TechnologyService"):
            raise EaError(f"no service with id {sid!r}", ref=sid)
    views = [model.view(vid) for vid in view_ids]  # unknown ids fail before any work
    wanted = set(services) | (set(citizen_service_ids(model)) if strategy else set())
    verdicts = review_verdicts(model, sorted(wanted)) if wanted else None
    diagrams = [
        Diagram(
            f"service-{sid}",
            lambda sid=sid: service_diagram(model, sid, verdicts=(verdicts or {}).get(sid), lang=lang),
        )
        for sid in services
    ]
    previous = {v.id: v for v in keep_from.views} if keep_from is not None else {}
    for view in views:
        diagrams.append(
            Diagram(
                f"view-{view.id}",
                lambda view=view: view_diagram(
                    model, view, lang=lang, relayout=relayout, keep_from=previous.get(view.id)
                ),
            )
        )
    if landscape:
        diagrams.append(Diagram("landscape", lambda: application_landscape(model, lang=lang)))
    if strategy:
        diagrams.append(Diagram("strategy-map", lambda: strategy_map(model, verdicts=verdicts, lang=lang)))
        diagrams += strategy_diagrams(model, verdicts=verdicts, lang=lang)
    return diagrams


def strategy_diagrams(
    model: Model, *, verdicts: Mapping[str, Verdicts] | None = None, lang: str = "th"
) -> list[Diagram]:
    """One strategy map per BMA strategy (`strategy-map-<goal id>`), in the whole map's order."""
    return [
        Diagram(
            f"strategy-map-{goal}",
            lambda goal=goal: strategy_map(model, verdicts=verdicts, lang=lang, strategy=goal),
        )
        for goal in bma_strategy_ids(model)
    ]
