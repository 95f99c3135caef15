"""Governance registers: valid and invalid waiver, lifecycle and decision files (one-line errors naming
the file and the line), and the bundled registers."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from catalog import CATALOG_DIR
from ea_model.errors import EaError
from ea_model.governance.load import load_decisions, load_lifecycle, load_waivers, parse_decision

GOVERNANCE = CATALOG_DIR / "model" / "governance"

WAIVER = """\
waivers:
  - id: W-1
    selects:
      criterion: O5-C1
      elements: [svc-a]
    justification: {{th: รอ ThaID, en: waiting for ThaID}}
    approved_by: EA board
    decision: ADR-1
    granted: 2025-01-01
    expires: {expires}
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_valid_waiver_register_loads_with_its_lines(tmp_path):
    path = write(tmp_path, "waivers.yaml", WAIVER.format(expires="2025-06-30"))
    (w,) = load_waivers(path, criteria={"O5-C1"}, elements={"svc-a"})
    assert (w.id, w.line, w.expires, w.selects.elements) == ("W-1", 2, dt.date(2025, 6, 30), ["svc-a"])
    assert w.in_force(dt.date(2025, 6, 30)) and not w.in_force(dt.date(2025, 7, 1))


@pytest.mark.parametrize(
    ("expires", "kwargs", "line", "words"),
    [
        ("2025-13-01", {}, 10, "expires"),  # a bad date, at its own line
        ("2024-12-31", {}, 2, "before granted"),
        ("2025-06-30", {"criteria": {"O1-C1"}}, 4, "unknown criterion 'O5-C1'"),
        ("2025-06-30", {"elements": {"svc-b"}}, 5, "unknown element id 'svc-a'"),
    ],
)
def test_an_invalid_waiver_is_one_line_naming_file_and_line(tmp_path, expires, kwargs, line, words):
    path = write(tmp_path, "waivers.yaml", WAIVER.format(expires=expires))
    with pytest.raises(EaError) as caught:
        load_waivers(path, **kwargs)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ") and words in message and "\n" not in message


def test_a_waiver_names_a_criterion_or_a_rule_and_a_duplicate_id_is_refused(tmp_path):
    text = WAIVER.format(expires="2025-06-30").replace(
        "criterion: O5-C1", "criterion: O5-C1\n      rule: unused-element"
    )
    with pytest.raises(EaError, match="exactly one of"):
        load_waivers(write(tmp_path, "a.yaml", text))
    twice = WAIVER.format(expires="2025-06-30") + WAIVER.format(expires="2025-06-30").split("\n", 1)[1]
    with pytest.raises(EaError, match=r":11: duplicate waiver id 'W-1' \(first at line 2\)"):
        load_waivers(write(tmp_path, "b.yaml", twice))
    by_rule = WAIVER.format(expires="2025-06-30").replace("criterion: O5-C1", "rule: no-such-rule")
    with pytest.raises(EaError, match=r":4: waiver W-1: unknown validation rule 'no-such-rule'"):
        load_waivers(write(tmp_path, "c.yaml", by_rule), rules={"unused-element"})


def test_broken_yaml_is_reported_at_its_line(tmp_path):
    path = write(tmp_path, "waivers.yaml", "waivers:\n  - id: [unclosed\n")
    with pytest.raises(EaError, match=rf"^{path}:\d+: not valid YAML"):
        load_waivers(path)


def test_lifecycle_register_errors_name_file_and_line(tmp_path):
    good = write(
        tmp_path,
        "a.yaml",
        "products:\n  - {id: pg-15, product: PostgreSQL, version: '15', status: current, end_of_support: 2027-11-11}\n",
    )
    (entry,) = load_lifecycle([good])
    assert entry.end_of_support == dt.date(2027, 11, 11) and entry.line == 2
    bad = write(tmp_path, "b.yaml", "products:\n  - id: x\n    product: X\n    status: obsolete\n")
    with pytest.raises(EaError, match=rf"^{bad}:4: product x: status: "):
        load_lifecycle([bad])
    bad_date = write(
        tmp_path,
        "c.yaml",
        "products:\n  - id: y\n    product: Y\n    status: current\n    end_of_support: 2027-02-30\n",
    )
    with pytest.raises(EaError, match=rf"^{bad_date}:5: product y: end_of_support"):
        load_lifecycle([bad_date])
    with pytest.raises(EaError, match="duplicate product id 'pg-15'"):
        load_lifecycle([good, good])


DECISION = """\
---
id: ADR-9
title: Use ThaID
date: 2026-01-15
status: accepted
elements:
  - id-app-thaid
  - id-app-nowhere
---
Body text.
"""


def test_a_decision_record_reads_its_front_matter_with_the_lines_of_its_elements():
    record = parse_decision(DECISION, "d.md")
    assert (record.id, record.status, record.body) == ("ADR-9", "accepted", "Body text.")
    assert record.element_lines == {"id-app-thaid": 7, "id-app-nowhere": 8}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("no front matter\n", r"^d.md:1: a decision record starts"),
        ("---\nid: A\n", r"^d.md:1: the front matter has no closing"),
        (DECISION.replace("2026-01-15", "15/01/2026"), r"^d.md:4: decision ADR-9: date"),
        (DECISION.replace("accepted", "maybe"), r"^d.md:5: decision ADR-9: status"),
    ],
)
def test_a_bad_decision_record_is_one_line(text, match):
    with pytest.raises(EaError, match=match):
        parse_decision(text, "d.md")


def test_the_bundled_registers_load():
    from exporters import read_model

    model = read_model(CATALOG_DIR / "model" / "bma.xml")
    waivers = load_waivers(GOVERNANCE / "waivers.yaml", elements=model)
    assert len(waivers) >= 3
    assert any(w.expires < dt.date(2026, 12, 1) for w in waivers)  # one has expired
    entries = load_lifecycle([CATALOG_DIR / "lifecycle.yaml", GOVERNANCE / "lifecycle.yaml"])
    assert all(e.source for e in entries)
    assert {"windows-server-2012-r2", "thaid", "bma-oss-database"} <= {e.id for e in entries}
    records = load_decisions(GOVERNANCE / "decisions")
    assert len(records) >= 4
    from ea_model.governance.decisions import decision_findings

    assert decision_findings(model, records) == []
