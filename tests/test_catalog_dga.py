"""The DGA catalog: its content (outcomes, criteria, platforms, agencies) and its loader's errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from catalog import CATALOG_DIR
from catalog.dga import DGA_DIR, load_dga_catalog, load_dga_catalog_from
from ea_model.compliance import compile_criteria
from ea_model.compliance.predicates import PREDICATES
from ea_model.errors import EaError

DOCS = CATALOG_DIR.parent / "docs"


@pytest.fixture(scope="module")
def catalog():
    return load_dga_catalog()


def test_the_seven_outcomes_with_thai_and_english_names_and_legal_basis(catalog) -> None:
    assert [o.id for o in catalog.outcomes] == [f"O{n}" for n in range(1, 8)]
    for o in catalog.outcomes:
        assert re.search(r"[\u0e00-\u0e7f]", o.name_th) and o.name_en.isascii()
        assert o.legal_basis and all(basis.startswith("ACT2562 s.") for basis in o.legal_basis)
    assert catalog.outcome("O3").legal_basis[0] == "ACT2562 s.11"
    assert catalog.outcome("O7").legal_basis == ["ACT2562 s.7(5)"] and catalog.outcome("O7").duty is False


def test_every_outcome_has_criteria_with_legal_basis_and_remedy_in_both_languages(catalog) -> None:
    for o in catalog.outcomes:
        assert catalog.criteria_for(o.id), o.id
    for c in catalog.criteria:
        assert c.id.startswith(c.outcome + "-C")
        assert c.legal_basis
        for text in (c.title, c.checks, c.remedy):
            assert text.th.strip() and text.en.strip()
            assert re.search(r"[\u0e00-\u0e7f]", text.th), c.id


def test_outcome_7_is_never_a_failure_and_says_why(catalog) -> None:
    for c in catalog.criteria_for("O7"):
        assert c.severity in ("warn", "info")
        assert "s.7(5)" in c.rationale["en"] or "no law" in c.rationale["en"].lower()


def test_every_criterion_compiles(catalog) -> None:
    assert len(compile_criteria(catalog)) == len(catalog.criteria) == 33


def test_the_platforms_the_act_relies_on(catalog) -> None:
    expected = {
        "thaid": "identity_provider",
        "dga-digital-id": "identity_provider",
        "ndid": "identity_provider",
        "gdx": "data_exchange",
        "dopa-linkage": "data_exchange",
        "dga-epayment": "payment",
        "promptpay": "payment",
        "landsmaps": "payment",
        "tang-rat": "one_stop_portal",
        "biz-portal": "one_stop_portal",
        "bma-oss": "one_stop_portal",
        "traffy-fondue": "complaints",
        "data-go-th": "open_data_portal",
        "data-bangkok": "open_data_portal",
        "gd-catalog": "data_catalog",
    }
    for platform_id, capability in expected.items():
        platform = catalog.platform(platform_id)
        assert platform is not None and capability in platform.provides, platform_id
        assert platform.source and platform.name_th and platform.name_en
    assert {"CGD", "KTB"} <= set(catalog.platform("dga-epayment").partners)
    used = {cap for p in catalog.platforms for cap in p.provides}
    assert used == set(catalog.capabilities)


def test_agency_kinds(catalog) -> None:
    assert catalog.agency_kind("BMA") == "bma"
    for state in ("DOPA", "DOL", "DBD", "DGA", "CGD", "COE"):
        assert catalog.agency_kind(state) == "state", state
    assert catalog.agency_kind("NDIDCO") == "private"
    assert catalog.agency_kind("NOT-AN-AGENCY") is None


def test_bma_units_inherit_their_kind_from_their_parent(tmp_path: Path) -> None:
    directory = tmp_path / "dga"
    shutil.copytree(DGA_DIR, directory)
    units = tmp_path / "agencies.yaml"
    units.write_text(
        "agencies:\n"
        "  - {id: BMA-D1004, name_th: สำนักงานเขตบางรัก, name_en: Bang Rak District Office, parent: BMA,"
        " dopa_code: '1004'}\n"
        "  - {id: BMA-D1004-PW, name_th: ฝ่ายโยธา, name_en: Public Works Section, parent: BMA-D1004}\n",
        encoding="utf-8",
    )
    catalog = load_dga_catalog_from(directory, units)
    assert catalog.agency_kind("BMA-D1004-PW") == "bma"
    assert catalog.agency("BMA-D1004").model_extra == {"dopa_code": "1004"}


@pytest.mark.parametrize(
    "file,find,replace,error",
    [
        (
            "platforms.yaml",
            "operator: DOPA\n    provides: [identity_provider",
            "operator: NOPE\n    provides: [identity_provider",
            "platform thaid: operator 'NOPE' is not an agency id",
        ),
        (
            "platforms.yaml",
            "provides: [payment]\n    satisfies: [O6]\n    source: https://www.depa",
            "provides: [money]\n    satisfies: [O6]\n    source: https://www.depa",
            "unknown capability 'money'",
        ),
        (
            "agencies.yaml",
            "    kind: state\n    parent: MOI\n    note: Issues ID",
            "    parent: MOI\n    kind: federal\n    note: Issues ID",
            "agencies DOPA: kind",
        ),
        (
            "criteria.yaml",
            "  - id: O7-C3\n    outcome: O7\n    severity: info",
            "  - id: O7-C3\n    outcome: O7\n    severity: fail",
            "O7 rests on s.7(5)",
        ),
        ("outcomes.yaml", "  - id: O2\n", "  - id: O1\n", "duplicate outcome id 'O1'"),
        ("messages.yaml", "messages:\n", "messages: [\n", "not valid YAML"),
    ],
)
def test_a_broken_catalog_is_a_one_line_error_naming_the_file(
    tmp_path: Path, file: str, find: str, replace: str, error: str
) -> None:
    directory = tmp_path / "dga"
    shutil.copytree(DGA_DIR, directory)
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(EaError) as caught:
        load_dga_catalog_from(directory)
    message = str(caught.value)
    assert error in message and file in message and "\n" not in message


def test_yaml_errors_carry_the_line(tmp_path: Path) -> None:
    directory = tmp_path / "dga"
    shutil.copytree(DGA_DIR, directory)
    (directory / "outcomes.yaml").write_text("outcomes:\n  - id: O1\n    name_th: [unclosed\n", encoding="utf-8")
    with pytest.raises(EaError, match=r"outcomes.yaml:\d+: not valid YAML"):
        load_dga_catalog_from(directory)


def test_every_message_key_the_predicates_use_has_both_languages(catalog) -> None:
    modules = ("evaluation", "index", "vocabulary", "predicates", "library", "properties")
    package = CATALOG_DIR.parent / "ea_model" / "compliance"
    source = "".join((package / f"{m}.py").read_text(encoding="utf-8") for m in modules)
    keys = set(re.findall(r'\(\s*"([a-z_]+)",\s*\{', source)) - {"property"}
    missing = {k for k in keys if k not in catalog.messages}
    assert not missing
    for text in catalog.messages.values():
        assert text.th and text.en


def test_the_docs_describe_every_predicate_and_criterion(catalog) -> None:
    criteria_doc = (DOCS / "criteria.md").read_text(encoding="utf-8")
    for name in PREDICATES:
        assert f"`{name}`" in criteria_doc, name
    conventions = (DOCS / "modeling-conventions.md").read_text(encoding="utf-8")
    for platform in catalog.platforms:
        assert f"`{platform.id}`" in conventions, platform.id
    for prop in (
        "fee_thb",
        "digital_exclusion_reason",
        "dga_oss_status",
        "max_processing_days",
        "legal_basis",
        "last_reviewed",
        "is_licensing",
        "required_documents",
        "agreement_ref",
        "data_category",
    ):
        assert f"`{prop}`" in conventions, prop
