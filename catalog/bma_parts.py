"""The parts of the BMA reference model, one function per YAML file of ``catalog/bma/`` (called by
``catalog.bma_model.build_bma_model`` with a ``catalog.bma_builder.BmaBuilder``; see docs/modeling-conventions.md)."""

from __future__ import annotations

from catalog.bma_builder import BASELINE, BOTH, PLATEAUS, STATE_LISTS, TARGET, BmaBuilder, element_id
from ea_model.errors import EaError
from ea_model.objects import Element


def _plateaus(entry: dict) -> frozenset[str]:
    value = entry.get("plateau")
    if value is None:
        return BOTH
    if value not in PLATEAUS:
        raise EaError(f"catalog/bma: plateau must be baseline or target, not {value!r}")
    return frozenset({value})


_RANK = {"low": 0, "medium": 1, "high": 2}


def _bi(th: str, en: str) -> dict[str, str]:
    return {"th": th, "en": en}


# ---- organisation (agencies.yaml, organisation.yaml) -----------------------------------------------


def build_organisation(b: BmaBuilder) -> None:
    dga_agencies = {a["id"]: a for a in b.src["dga_agencies"]["agencies"]}
    root = dga_agencies["BMA"]
    b.ids["BMA"] = b.add(
        "actor",
        "BMA",
        "BusinessActor",
        _bi(root["name_th"], root["name_en"]),
        group="org",
        entry={"source": root["source"], "documentation": b.src["organisation"]["bma"]["documentation"]},
        agency="BMA",
    )
    for unit in b.src["agencies"]["agencies"]:
        district = "dopa_code" in unit
        eid = b.add(
            "actor",
            unit["id"],
            "BusinessActor",
            _bi(unit["name_th"], unit["name_en"]),
            group="district" if district else "org",
            entry={**unit, "documentation": {"en": unit["note"]} if unit.get("note") else None},
            agency=unit["id"],
            dopa_code=unit.get("dopa_code"),
        )
        b.ids[unit["id"]] = eid
        parent = b.ref(unit["parent"])
        b.rel("Aggregation" if unit.get("affiliated") else "Composition", parent, eid)
    for role in b.src["organisation"]["roles"]:
        b.ids[role["key"]] = b.add("role", role["key"], "BusinessRole", role["name"], group="role", party=role["party"])
    for agency_id in b.src["organisation"]["external_agencies"]:
        agency = dga_agencies.get(agency_id)
        if agency is None:
            raise EaError(f"catalog/bma/organisation.yaml: agency {agency_id!r} is not in catalog/dga/agencies.yaml")
        entry = {
            "source": agency.get("source"),
            "confidence": "medium" if agency.get("uncertain") else None,
            "documentation": {"en": agency["note"]} if agency.get("note") else None,
        }
        b.ids[agency_id] = b.add(
            "actor",
            agency_id,
            "BusinessActor",
            _bi(agency["name_th"], agency["name_en"]),
            group="agency",
            entry=entry,
            agency=agency_id,
        )


# ---- documents and data (documents.yaml) ---------------------------------------------------------


def build_documents(b: BmaBuilder) -> None:
    docs = b.src["documents"]
    for data in docs["data"]:
        b.ids[data["key"]] = b.add(
            "data",
            data["key"],
            "DataObject",
            data["name"],
            group="data",
            entry=data,
            data_category=data["category"],
            data_classification=data["classification"],
            open_format=data.get("open_format"),
            license=data.get("license"),
        )
    for doc in docs["documents"]:
        did = b.ids[doc["key"]] = b.add("doc", doc["key"], "BusinessObject", doc["name"], group="document", entry=doc)
        b.rel("Access", b.ref(doc["issuer"]), did, access="Write")
        if doc.get("copy"):
            copy_plateaus = frozenset(doc.get("copy_plateaus") or PLATEAUS)
            cid = b.add("copy", doc["key"], "Representation", doc["copy"], group="copy", plateaus=copy_plateaus)
            b.rel("Realization", cid, did, plateaus=copy_plateaus)
        for data_key in doc.get("digital", []):
            b.rel("Realization", b.ref(data_key), did)


def build_publication(b: BmaBuilder) -> None:
    """Open-data platforms read the datasets published in each plateau (convention 8)."""
    for data in b.src["documents"]["data"]:
        for plateau, platforms in (data.get("publish") or {}).items():
            for app in platforms:
                b.rel("Access", b.ref(app), b.ref(data["key"]), access="Read", plateaus=frozenset({plateau}))


# ---- systems (systems.yaml) ----------------------------------------------------------------------


def build_systems(b: BmaBuilder) -> None:
    systems = b.src["systems"]
    for app in systems["applications"]:
        where = _plateaus(app)
        group = (
            "platform"
            if app.get("platform") and app["operator"] != "BMA" and not app["operator"].startswith("BMA-")
            else "bma_app"
        )
        cid = b.ids[app["key"]] = b.add(
            "app",
            app["key"],
            "ApplicationComponent",
            app["name"],
            group=group,
            entry=app,
            plateaus=where,
            platform=app.get("platform"),
        )
        operator = b.ids.get(app["operator"])
        if operator:
            b.rel("Association", operator, cid, plateaus=where)
        for svc in app.get("services", []):
            sp = _plateaus(svc) & where
            sid = b.ids[svc["key"]] = b.add(
                "as", svc["key"], "ApplicationService", svc["name"], group=group + "_service", entry=svc, plateaus=sp
            )
            b.rel("Realization", cid, sid, plateaus=sp)
            for data in svc.get("reads", []):
                b.rel("Access", sid, b.ref(data), access="Read", plateaus=sp)
            for data in svc.get("writes", []):
                b.rel("Access", sid, b.ref(data), access="Write", plateaus=sp)
        for itf in app.get("interfaces", []):
            ip = _plateaus(itf) & where
            iid = b.ids[itf["key"]] = b.add(
                "ai",
                itf["key"],
                "ApplicationInterface",
                itf["name"],
                group=group + "_interface",
                entry=itf,
                plateaus=ip,
                channel=itf["channel"],
            )
            b.rel("Composition", cid, iid, plateaus=ip)
    for counter in systems["counters"]:
        bid = b.ids[counter["key"]] = b.add(
            "bi",
            counter["key"],
            "BusinessInterface",
            counter["name"],
            group="counter",
            entry=counter,
            channel=counter["channel"],
        )
        b.rel("Composition", b.ref(counter["unit"]), bid)
    build_publication(b)
    for link in systems["links"]:
        props = {"agreement_ref": link.get("agreement_ref")}
        b.rel(link["type"], b.ref(link["from"]), b.ref(link["to"]), plateaus=_plateaus(link), entry=link, **props)
    _build_technology(b, systems["technology"])


def _build_technology(b: BmaBuilder, tech: dict) -> None:
    for loc in tech["locations"]:
        b.ids[loc["key"]] = b.add("loc", loc["key"], "Location", loc["name"], group="location", entry=loc)
    for node in tech["nodes"]:
        nid = b.ids[node["key"]] = b.add(
            "node", node["key"], node["type"], node["name"], group="technology", entry=node
        )
        if node.get("location"):
            b.rel("Aggregation", b.ref(node["location"]), nid)
        for svc in node.get("services", []):
            tid = b.ids[svc["key"]] = b.add(
                "ts", svc["key"], "TechnologyService", svc["name"], group="technology", entry=svc
            )
            b.rel("Realization", nid, tid)
            for app in svc.get("serves", []):
                b.rel("Serving", tid, b.ref(app), confidence=svc.get("confidence"), source=svc.get("source"))
    for net in tech["networks"]:
        wid = b.ids[net["key"]] = b.add(
            "net", net["key"], "CommunicationNetwork", net["name"], group="technology", entry=net
        )
        for node in net.get("connects", []):
            b.rel("Association", wid, b.ref(node))


# ---- strategy (strategies.yaml) ------------------------------------------------------------------


def build_strategy(b: BmaBuilder) -> None:
    st = b.src["strategies"]
    for pillar in st["national_strategy"]["goals"]:
        b.ids[pillar["id"]] = b.add(
            "goal",
            pillar["id"],
            "Goal",
            _bi(pillar["th"], pillar["en"]),
            group="national_goal",
            entry={"source": st["national_strategy"]["source"], "confidence": pillar.get("confidence")},
            strategy=pillar["id"],
        )
    bma = st["bma_strategy"]
    for goal in bma["goals"]:
        gid = b.ids[goal["id"]] = b.add(
            "goal",
            goal["id"],
            "Goal",
            _bi(goal["th"], goal["en"]),
            group="bma_goal",
            entry={"source": bma["source"], "confidence": "medium", "uncertain": ["English name"]},
            strategy=goal["id"],
        )
        for pillar in goal["influences"]:
            b.rel(
                "Influence",
                gid,
                b.ref(pillar),
                confidence=bma["influence_confidence"],
                source="this model's mapping of the 9 dimensions to the National Strategy pillars",
            )
    drv = st["driver"]
    did = b.ids[drv["key"]] = b.add("driver", drv["key"], "Driver", drv["name"], group="motivation", entry=drv)
    for outcome in b.src["dga_outcomes"]["outcomes"]:
        oid = b.ids[outcome["id"]] = b.add(
            "outcome",
            outcome["id"],
            "Outcome",
            _bi(outcome["name_th"], outcome["name_en"]),
            group="motivation",
            entry={"source": b.src["dga_outcomes"]["commitment_source"]},
            dga_outcome=outcome["id"],
        )
        b.rel("Influence", did, oid)
        for goal in st["outcomes_influence"]:
            b.rel(
                "Influence",
                oid,
                b.ref(goal),
                confidence=st["outcomes_influence_confidence"],
                source="this model's mapping of the Act's outcomes to the BMA goals",
            )
    for coa in st["courses_of_action"]:
        cid = b.ids[coa["key"]] = b.add(
            "coa",
            coa["key"],
            "CourseOfAction",
            coa["name"],
            group="strategy",
            entry={"source": st["courses_of_action_source"], "confidence": st["courses_of_action_confidence"]},
        )
        for goal in st["courses_of_action_realize"]:
            b.rel("Realization", cid, b.ref(goal))


# ---- services (services.yaml) --------------------------------------------------------------------


def service_states(svc: dict) -> dict[str, dict[str, list[str]]]:
    """{plateau: {list name: keys}}: the baseline lists, and the target's lists replacing them where given."""
    base = svc.get("baseline") or {}
    target = svc.get("target") or {}
    unknown = (set(base) | set(target)) - set(STATE_LISTS)
    if unknown:
        raise EaError(f"catalog/bma/services.yaml: service {svc['key']!r}: unknown list(s) {sorted(unknown)}")
    states = {BASELINE: {k: list(base.get(k) or []) for k in STATE_LISTS}}
    states[TARGET] = {k: list(target[k]) if k in target else states[BASELINE][k] for k in STATE_LISTS}
    return states


def service_changes(b: BmaBuilder, svc: dict) -> bool:
    """Whether the service differs between the plateaus (its lists, steps or the publication of its data)."""
    states = service_states(svc)
    if any(set(states[BASELINE][k]) != set(states[TARGET][k]) for k in STATE_LISTS):
        return True
    if any(step.get("plateau") for step in svc.get("steps", [])):
        return True
    produced = svc.get("produces") if isinstance(svc.get("produces"), list) else []
    data = {d["key"]: d for d in b.src["documents"]["data"]}
    published = [data[k].get("publish") or {} for k in produced]
    return any(set(p.get(BASELINE, [])) != set(p.get(TARGET, [])) for p in published)


def build_services(b: BmaBuilder) -> None:
    src = b.src["services"]
    agreements = src["exchange_agreements"]
    through = _junction_paths(src)
    for svc in src["services"]:
        _build_service(b, svc, agreements, through)
    for junction in src.get("junctions", []):
        _build_junction(b, junction, src["services"])
    for event in src["life_events"]:
        gid = b.add(
            "grp", event["key"], "Grouping", event["name"], group="life_event", entry=event, life_event=event["key"]
        )
        for key in event["services"]:
            b.rel("Aggregation", gid, element_id("svc", key))


def _junction_paths(src: dict) -> set[tuple[str, str]]:
    """(platform service key, service key) pairs drawn through a junction instead of directly."""
    return {(j["platform"], key) for j in src.get("junctions", []) for key in j["services"]}


def _build_junction(b: BmaBuilder, junction: dict, services: list[dict]) -> None:
    by_key = {svc["key"]: svc for svc in services}
    platform, where = junction["platform"], None
    for key in junction["services"]:
        states = service_states(by_key[key])
        here = frozenset(p for p, lists in states.items() if platform in lists["payment"] + lists["identity"])
        if not here or (where is not None and here != where):
            raise EaError(
                f"catalog/bma/services.yaml: junction {junction['key']!r}: every service must list {platform!r} "
                "in the same plateaus"
            )
        where = here
    jid = element_id("junction", junction["key"])
    kind = {"And": "AndJunction", "Or": "OrJunction"}[junction["kind"]]
    b.model.add_element(Element(id=jid, type=kind))  # junctions are nameless, as Archi draws them
    # No plateau aggregates a junction (an Aggregation on it would mix its relationship types): it is in a
    # plateau through its relationships, which are.
    b.plateaus_of[jid] = BOTH
    b.groups.setdefault("junction", []).append(jid)
    b.rel("Serving", b.ref(platform), jid, plateaus=where)
    for key in junction["services"]:
        b.rel("Serving", jid, element_id("svc", key), plateaus=where)


def _build_service(b: BmaBuilder, svc: dict, agreements: dict[str, str], through: set[tuple[str, str]]) -> None:
    key = svc["key"]
    fee = svc.get("fee") or {}
    dga = svc.get("dga_oss") or {}
    excl = svc.get("digital_exclusion") or {}
    entry = dict(svc)
    if fee.get("confidence") in ("medium", "low"):
        entry["uncertain"] = sorted(set(svc.get("uncertain") or []) | {"fee"})
        entry["confidence"] = min(svc.get("confidence") or "high", fee["confidence"], key=_RANK.__getitem__)
    sid = b.add(
        "svc",
        key,
        "BusinessService",
        svc["name"],
        group="service",
        entry=entry,
        legal_basis=svc.get("legal_basis"),
        is_licensing=svc.get("is_licensing"),
        statutory_max_days=svc.get("statutory_max_days"),
        max_processing_days=svc.get("max_processing_days"),
        fee_thb=fee.get("thb"),
        digital_fee_thb=fee.get("digital_thb"),
        fee_legal_basis=fee.get("legal_basis"),
        fee_note=fee.get("note"),
        dga_oss_status=dga.get("status"),
        dga_oss_id=dga.get("id"),
        dga_oss_reason=dga.get("reason"),
        digital_exclusion_reason=excl.get("reason"),
        digital_exclusion_note=excl.get("note"),
        identity_required=svc.get("identity_required"),
        required_documents="none" if svc.get("documents") == "none" else None,
        produced_data="none" if svc.get("produces") == "none" else None,
    )
    for party in svc["serves"]:
        b.rel("Serving", sid, b.ref(party))
    for unit in [svc["owner"], *svc.get("also", [])]:
        b.rel("Assignment", b.ref(unit), sid)
    for goal in svc["strategy"]:
        b.rel("Realization", sid, b.ref(goal))
    pid = b.add("proc", key, "BusinessProcess", svc["process"], group="process", requires_presence=svc.get("presence"))
    b.rel("Realization", pid, sid)
    for unit in svc.get("performers", []):
        b.rel("Assignment", b.ref(unit), pid)
    if isinstance(svc.get("documents"), list):
        for doc in svc["documents"]:
            b.rel("Access", pid, b.ref(doc), access="Read")
    if isinstance(svc.get("produces"), list):
        for data in svc["produces"]:
            b.rel("Access", pid, b.ref(data), access="Write")
    _build_steps(b, key, pid, svc.get("steps", []))
    for plateau, lists in service_states(svc).items():
        only = frozenset({plateau})
        for channel in lists["channels"]:
            cid = b.ref(channel)
            if b.model.type_of(cid) == "BusinessInterface":
                b.rel("Assignment", cid, sid, plateaus=only)
            else:
                b.rel("Serving", cid, sid, plateaus=only)
        for app in lists["apps"]:
            b.rel("Serving", b.ref(app), pid, plateaus=only)
        for platform_service in lists["payment"] + lists["identity"]:
            if (platform_service, key) not in through:
                b.rel("Serving", b.ref(platform_service), sid, plateaus=only)
        for exchange in lists["exchange"]:
            b.rel("Serving", b.ref(exchange), pid, plateaus=only, agreement_ref=agreements.get(exchange))


def _build_steps(b: BmaBuilder, key: str, pid: str, steps: list[dict]) -> None:
    ids = []
    for step in steps:
        where = _plateaus(step)
        stid = b.add(
            "step",
            f"{key}-{step['key']}",
            "BusinessProcess",
            step["name"],
            group="step",
            plateaus=where,
            requires_presence=step.get("presence"),
        )
        b.rel("Composition", pid, stid, plateaus=where)
        ids.append((stid, where))
    for plateau in PLATEAUS:
        sequence = [stid for stid, where in ids if plateau in where]
        for first, second in zip(sequence, sequence[1:], strict=False):
            b.rel("Triggering", first, second, plateaus=frozenset({plateau}))


# ---- plateaus and work packages (migration.yaml) -------------------------------------------------


def build_migration(b: BmaBuilder) -> None:
    mig = b.src["migration"]
    plateau_ids = {}
    for plateau in PLATEAUS:
        spec = mig["plateaus"][plateau]
        plateau_ids[plateau] = b.add("plateau", plateau, "Plateau", spec["name"], group="migration", entry=spec)
    b.rel("Triggering", plateau_ids[BASELINE], plateau_ids[TARGET])
    covered: set[str] = set()
    for wp in mig["work_packages"]:
        dates = {key: wp.get(key) for key in ("start", "end")}
        wid = b.add("wp", wp["key"], "WorkPackage", wp["name"], group="migration", entry=wp, **dates)
        b.rel("Realization", wid, plateau_ids[TARGET])
        for dlv in wp.get("deliverables", []):
            did = b.add("dlv", dlv["key"], "Deliverable", dlv["name"], group="migration", entry=dlv)
            b.rel("Realization", wid, did)
            for target in dlv.get("realizes", []):
                b.rel("Realization", did, b.ref(target), plateaus=b.plateaus_of[b.ref(target)])
        for key in wp.get("services", []):
            b.rel("Association", wid, element_id("svc", key))
            covered.add(key)
    changed = {svc["key"] for svc in b.src["services"]["services"] if service_changes(b, svc)}
    if changed - covered:
        raise EaError(
            f"catalog/bma/migration.yaml: services that change but no work package moves: "
            f"{', '.join(sorted(changed - covered))}"
        )
