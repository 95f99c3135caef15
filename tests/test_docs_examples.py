"""Every example in the docs is valid: the quick reference of docs/modeling-conventions.md builds a model
that `ea validate` accepts and `ea check` finds fully modelled; the YAML examples load with the catalog's
own loaders; the relationships the conventions' prose names are allowed by ArchiMate 3.2. The examples are
read from the docs themselves (tests/docs_examples.py), so a doc edit is tested as it is written.

`ea validate` and `ea check` run through the CLI on files written by `exporters.write_model`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docs_examples import (
    DOCS,
    KIND_PLACEHOLDERS,
    PLACEHOLDERS,
    ROOT,
    ArrowModel,
    DocExampleError,
    all_code_blocks,
    code_blocks,
    documented_names,
    one_code_block,
    parse_arrows,
    parse_block,
)

from catalog import CATALOG_DIR
from catalog.dga import BMA_AGENCIES, DGA_DIR, load_dga_catalog, load_dga_catalog_from
from cli import main
from ea_model import Relationship
from ea_model.errors import EaError
from exporters import write_model

CONVENTIONS = DOCS / "modeling-conventions.md"
CRITERIA = DOCS / "criteria.md"
README = ROOT / "README.md"
QUICK_REFERENCE = "Quick reference: the smallest fully modelled service"

# Every fenced block of the docs, and what tests it. A new block fails test_every_code_block_is_accounted_for
# until it is tested here or said not to be an example.
CODE_BLOCKS = {
    ("docs/modeling-conventions.md", QUICK_REFERENCE, ""): "the quick-reference tests below",
    ("docs/modeling-conventions.md", "2. Owner", "yaml"): "test_agency_example_loads",
    ("docs/criteria.md", "Writing a criterion", "yaml"): "test_criterion_example_compiles",
    ("README.md", "Set-up: two commands", "sh"): "test_readme_commands_exist",
    ("README.md", "Layout", ""): "test_readme_layout_exists",
    ("README.md", "The main job: `ea review`", ""): "not an example: the headline printed for the bundled model",
    ("docs/architecture.md", "Architecture", ""): "not an example: the map of the packages",
    ("README.md", "`ea diff`, `ea merge` and working with git", "sh"): (
        "tests/test_git_driver.py runs the same steps with real git (install, diff, log -p --ext-diff, merge)"
    ),
    ("docs/governance.md", "Waivers", "yaml"): "test_governance_register_examples_load",
    ("docs/governance.md", "Technology lifecycle", "yaml"): "test_governance_register_examples_load",
    ("docs/governance.md", "Decision records", "markdown"): "test_governance_register_examples_load",
    ("docs/criteria.md", "The office's own rules", "yaml"): "test_office_rule_example_compiles",
    ("README.md", "Governance registers in CI", "yaml"): "test_pipeline_snippet_is_yaml_with_real_commands",
}

# `ea check` compares last_reviewed (2025-01-10 in the quick reference) with this day: O1-C7 needs a review
# in the last 12 months, and without a fixed day the verdict would turn to `info` as the calendar moves on.
AS_OF = "2025-06-01"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _quick_reference_block():
    return one_code_block(CONVENTIONS, QUICK_REFERENCE)


def _saved(built: ArrowModel, path: Path) -> str:
    write_model(built.model, path)
    return str(path)


@pytest.fixture(scope="module")
def quick_reference() -> ArrowModel:
    return parse_block(_quick_reference_block(), documented_names(CONVENTIONS))


@pytest.fixture(scope="module")
def quick_reference_file(quick_reference: ArrowModel, tmp_path_factory: pytest.TempPathFactory) -> str:
    return _saved(quick_reference, tmp_path_factory.mktemp("quickref") / "quick-reference.xml")


def _validate(runner: CliRunner, path: str) -> tuple[int, dict]:
    result = runner.invoke(main, ["validate", path, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _check(runner: CliRunner, path: str, *extra: str) -> tuple[int, dict]:
    result = runner.invoke(main, ["check", path, "--format", "json", "--as-of", AS_OF, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


# ---- every block is accounted for ---------------------------------------------------------------


def test_every_code_block_is_accounted_for() -> None:
    found = {(b.doc, b.heading, b.info) for d in (README, *sorted(DOCS.glob("*.md"))) for b in all_code_blocks(d)}
    assert found == set(CODE_BLOCKS)


# ---- the quick reference: valid ArchiMate -------------------------------------------------------


def test_quick_reference_builds_the_model_it_describes(quick_reference: ArrowModel) -> None:
    by_key = quick_reference.by_key
    assert len(by_key) == 18 and len(quick_reference.relationships) == 19
    # the continuation rules: an indented arrow and one after `;` start from the statement's first element
    linkage, api = (
        by_key[("ApplicationComponent", "DOPA Linkage Center")],
        by_key[("ApplicationService", "Linkage API")],
    )
    assert ("Realization", linkage, api, None) in quick_reference.relationships
    payment, oss = by_key[("ApplicationService", "DGA e-Payment")], by_key[("ApplicationComponent", "BMA OSS")]
    assert ("Flow", payment, oss, None) in quick_reference.relationships
    # `it` is the target of the arrow before: DOPA writes the house registration
    dopa, house = by_key[("BusinessActor", "DOPA")], by_key[("BusinessObject", "House registration")]
    assert ("Access", dopa, house, "Write") in quick_reference.relationships
    # every placeholder the reader knows is used, so the tables in docs_examples.py cannot go stale
    assert set(PLACEHOLDERS) <= quick_reference.properties_used
    model = quick_reference.model
    owner = model.element(by_key[("BusinessActor", "District office")])
    assert model.property_value(owner, "agency") == KIND_PLACEHOLDERS["bma unit"]


def test_quick_reference_validates(runner: CliRunner, quick_reference_file: str) -> None:
    """No error and no warning; the only advice is that nothing is drawn (the notation has no views)."""
    code, report = _validate(runner, quick_reference_file)
    assert code == 0
    assert report["summary"] == {"error": 0, "warning": 0, "advice": 2}
    assert sorted(f["rule"] for f in report["findings"]) == ["unused-element", "unused-relationship"]


def test_the_old_invalid_relationship_fails_validation(runner: CliRunner, tmp_path: Path) -> None:
    """The quick reference as it was (the platform component composing its ApplicationService): an error.
    Proves the validation test above can fail."""
    block = _quick_reference_block()
    fixed = '─Realization→ ApplicationService "Linkage API"'
    assert block.text.count(fixed) == 1
    built = parse_arrows(block.text.replace(fixed, '─Composition→ ApplicationService "Linkage API"'))
    code, report = _validate(runner, _saved(built, tmp_path / "old.xml"))
    assert code == 1
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["relationship-not-allowed"]
    assert "Composition is not allowed from 'DOPA Linkage Center' (ApplicationComponent)" in errors[0]["message"]


def test_one_invalid_line_fails_validation(runner: CliRunner, tmp_path: Path) -> None:
    built = parse_arrows('ApplicationComponent "BMA OSS" ─Composition→ ApplicationService "BMA OSS login"')
    code, report = _validate(runner, _saved(built, tmp_path / "one.xml"))
    assert code == 1 and report["summary"]["error"] == 1


# ---- the quick reference: what `ea check` finds -------------------------------------------------

# Every finding for the quick reference's service. All pass but O7-C3 (a digital discount: `info`, counted
# as a pass; the smallest service charges the same on every channel, which is no gap).
EXPECTED_FINDINGS = {
    "O1-C1": "pass", "O1-C3": "pass", "O1-C4": "pass", "O1-C5": "pass", "O1-C6": "pass", "O1-C7": "pass",
    "O1-C8": "pass",
    "O2-C1": "pass", "O2-C2": "pass",
    "O3-C1": "pass", "O3-C3": "pass", "O3-C4": "pass",
    "O4-C1": "pass", "O4-C2": "pass", "O4-C3": "pass", "O4-C4": "pass", "O4-C5": "pass",
    "O5-C1": "pass", "O5-C3": "pass",
    "O6-C1": "pass", "O6-C2": "pass", "O6-C3": "pass",
    "O7-C2": "pass", "O7-C3": "info",
}  # fmt: skip
# The criteria that do not apply to the smallest service (no finding), and why.
NOT_APPLICABLE = {
    "O1-C2": "it has a digital channel, so no exclusion reason to judge",
    "O2-C3": "dga_oss_status is STA01, not STA04/STA05",
    "O2-C4": "it is in no life-event Grouping",
    "O2-C5": "it serves citizens, not businesses",
    "O3-C2": "it needs no BMA-issued document",
    "O3-C5": "it states no copy_fee_thb",
    "O4-C6": "the published register states no access_fee_thb (absent = free): no item in scope",
    "O5-C2": "it states no required_ial / required_aal",
    "O7-C1": "it states no digital_fee_thb (the same fee on every channel)",
}


def test_expected_findings_cover_every_criterion() -> None:
    ids = {c.id for c in load_dga_catalog().criteria}
    assert set(EXPECTED_FINDINGS).isdisjoint(NOT_APPLICABLE)
    assert set(EXPECTED_FINDINGS) | set(NOT_APPLICABLE) == ids


def test_quick_reference_passes_every_outcome(runner: CliRunner, quick_reference_file: str) -> None:
    """'The smallest fully modelled service': no fact the checks need is missing (nothing `unknown`), and
    every outcome passes."""
    code, result = _check(runner, quick_reference_file, "--fail-on", "never")
    assert code == 0
    [service] = result["services"]
    assert service["goals"] == {f"O{n}": "pass" for n in range(1, 8)}
    verdicts = {f["criterion"]: f["verdict"] for f in result["findings"]}
    assert verdicts == EXPECTED_FINDINGS
    # `--fail-on unknown` is the gate for "fully modelled": it does not trip
    assert _check(runner, quick_reference_file, "--fail-on", "unknown")[0] == 0


def test_quick_reference_platform_services_belong_to_their_component(
    runner: CliRunner, quick_reference: ArrowModel, quick_reference_file: str
) -> None:
    """The Linkage API carries no `platform`; O3-C1 passes because the checks follow the Realization down
    from the tagged DOPA Linkage Center (conventions §9), the relationship the quick reference now uses."""
    model = quick_reference.model
    api = model.element(quick_reference.by_key[("ApplicationService", "Linkage API")])
    assert model.property_value(api, "platform") is None
    _, result = _check(runner, quick_reference_file, "--fail-on", "never", "--goal", "O3")
    o3c1 = next(f for f in result["findings"] if f["criterion"] == "O3-C1")
    assert o3c1["verdict"] == "pass" and "DOPA Linkage Center" in o3c1["message_en"]


# ---- the YAML examples --------------------------------------------------------------------------


def _catalog_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "dga"
    shutil.copytree(DGA_DIR, directory)
    return directory


def test_criterion_example_compiles(tmp_path: Path) -> None:
    from ea_model.compliance import compile_criteria

    block = one_code_block(CRITERIA, "Writing a criterion", "yaml")
    directory = _catalog_copy(tmp_path)
    criteria = directory / "criteria.yaml"
    criteria.write_text(criteria.read_text(encoding="utf-8") + "\n" + block.text, encoding="utf-8")
    catalog = load_dga_catalog_from(directory, BMA_AGENCIES)
    [example] = [c for c in catalog.criteria if c.id == "O5-C9"]
    assert example.outcome == "O5" and example.severity == "warn"
    assert example.test == {"served_by_platform": {"platform": "thaid"}}
    compiled = [c for c in compile_criteria(catalog) if c.criterion.id == "O5-C9"]
    assert len(compiled) == 1 and compiled[0].applies_to is not None

    # the same example with a misspelt predicate is refused: the compile step above does check
    criteria.write_text(
        criteria.read_text(encoding="utf-8").replace("{served_by_platform: {platform: thaid}}", "{served_by: thaid}"),
        encoding="utf-8",
    )
    with pytest.raises(EaError, match="O5-C9"):
        compile_criteria(load_dga_catalog_from(directory, BMA_AGENCIES))


def test_agency_example_loads(tmp_path: Path) -> None:
    """The §2 entry replaces the catalog's own DOPA entry; a BMA unit may leave `kind` out when it names
    a parent (as §2 says)."""
    block = one_code_block(CONVENTIONS, "2. Owner", "yaml")
    example = yaml.safe_load(block.text)
    [entry] = example["agencies"]
    directory = _catalog_copy(tmp_path)
    agencies = directory / "agencies.yaml"
    data = yaml.safe_load(agencies.read_text(encoding="utf-8"))
    ids = [a["id"] for a in data["agencies"]]
    data["agencies"][ids.index(entry["id"])] = entry
    agencies.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    unit = {"id": "BMA-TEST-SECTION", "name_th": "ฝ่ายทดสอบ", "name_en": "Test section", "parent": "BMA-DISTRICTS"}
    bma = tmp_path / "bma-agencies.yaml"
    bma_data = yaml.safe_load((CATALOG_DIR / "bma" / "agencies.yaml").read_text(encoding="utf-8"))
    bma_data["agencies"].append(unit)
    bma.write_text(yaml.safe_dump(bma_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = load_dga_catalog_from(directory, bma)
    dopa = catalog.agency("DOPA")
    assert dopa is not None and dopa.name_en == "Department of Provincial Administration" and dopa.parent == "MOI"
    assert catalog.agency_kind("DOPA") == "state"
    assert catalog.agency_kind("BMA-TEST-SECTION") == "bma"


# ---- the relationships the conventions' prose names ----------------------------------------------

# Each relationship the prose of docs/modeling-conventions.md prescribes, in the quick reference's notation.
PROSE_RELATIONSHIPS = """
BusinessService "Service" ─Serving→ BusinessRole "Citizen"
BusinessActor "Owner unit" ─Assignment→ "Service"
BusinessProcess "Process" ─Realization→ "Service"
BusinessInteraction "Interaction" ─Realization→ "Service"
BusinessFunction "Function" ─Realization→ "Service"
"Process" ─Composition→ BusinessProcess "Step" ;  ─Aggregation→ BusinessProcess "Other step"
"Process" ─Access(Read)→ BusinessObject "Document" ;  ─Access(ReadWrite)→ BusinessObject "Other document"
BusinessActor "Issuer" ─Access(Write)→ "Document"
"Citizen" ─Access(Write)→ BusinessObject "Application form"
DataObject "Record" ─Realization→ "Document"
Representation "Paper copy" ─Realization→ "Document"
ApplicationComponent "Exchange" ─Access(Read)→ "Record" ;  ─Serving→ "Process"
ApplicationService "Exchange API" ─Access(Read)→ "Record" ;  ─Serving→ "Service"
ApplicationInterface "Exchange port" ─Access(Read)→ "Record" ;  ─Serving→ ApplicationComponent "BMA application"
ApplicationInterface "Web" ─Serving→ "Service"
"BMA application" ─Composition→ "Web"
BusinessInterface "Counter" ─Assignment→ "Service"
ApplicationService "Payment" ─Serving→ "Service" ;  ─Flow→ "Process" ;  ─Flow→ "BMA application"
ApplicationService "Identity" ─Serving→ "Service" ;  ─Serving→ "Process" ;  ─Serving→ "Web"
ApplicationService "Complaints" ─Serving→ "Owner unit"
BusinessActor "BMA" ─Composition→ "Owner unit"
"Process" ─Access(Write)→ DataObject "Register"
ApplicationComponent "Open data portal" ─Access(Read)→ "Register"
ApplicationComponent "Data catalog" ─Access→ "Register"
ApplicationComponent "Platform" ─Composition→ ApplicationInterface "Platform interface"
"Platform" ─Aggregation→ ApplicationInterface "Other platform interface"
"Platform" ─Realization→ ApplicationService "Platform service"
"Platform" ─Assignment→ ApplicationFunction "Platform function" ─Realization→ ApplicationService "Function's service"
"Service" ─Realization→ Goal "BMA strategy" ─Influence→ Goal "National pillar"
"Service" ─Realization→ Outcome "Outcome" ─Realization→ "BMA strategy"
"Service" ─Realization→ CourseOfAction "Course of action" ─Realization→ "BMA strategy"
Plateau "Target" ─Aggregation→ "Service"
WorkPackage "Project" ─Realization→ "Target"
"Project" ─Realization→ Deliverable "Deliverable" ─Realization→ "Target"
Grouping "Life event" ─Aggregation→ "Service"
"""


def test_prose_relationships_are_allowed(runner: CliRunner, tmp_path: Path) -> None:
    built = parse_arrows(PROSE_RELATIONSHIPS, where="PROSE_RELATIONSHIPS")
    code, report = _validate(runner, _saved(built, tmp_path / "prose.xml"))
    assert [f["message"] for f in report["findings"] if f["severity"] == "error"] == []
    assert code == 0


def test_plateau_aggregates_a_relationship(runner: CliRunner, tmp_path: Path) -> None:
    """§11: 'Plateau → Relationship aggregation is allowed' (the notation cannot point at a relationship)."""
    built = parse_arrows('BusinessActor "Unit" ─Assignment→ BusinessService "Service"\nPlateau "Target"')
    model = built.model
    [assignment] = list(model.relationships())
    plateau = built.by_key[("Plateau", "Target")]
    model.add_relationship(Relationship(id="id-aggregation", type="Aggregation", source=plateau, target=assignment.id))
    code, report = _validate(runner, _saved(built, tmp_path / "plateau.xml"))
    assert report["summary"]["error"] == 0 and code == 0


# ---- README --------------------------------------------------------------------------------------


def test_readme_commands_exist(runner: CliRunner) -> None:
    for block in code_blocks(README, "Set-up: two commands", "sh"):
        for command in re.split(r"&&|\n", block.text):
            words = command.split()
            if not words:
                continue
            if words[0] == "bash":
                assert (ROOT / words[1]).is_file(), f"README.md:{block.line}: {words[1]} is missing"
            elif words[0].endswith("/ea"):
                help_text = runner.invoke(main, [words[1], "--help"])
                assert help_text.exit_code == 0, f"README.md:{block.line}: no command ea {words[1]}"
                for option in (w for w in words[2:] if w.startswith("--")):
                    assert option in help_text.output, f"README.md:{block.line}: ea {words[1]} has no {option}"
            else:
                raise AssertionError(f"README.md:{block.line}: a command this test does not know: {command!r}")


def test_readme_layout_exists() -> None:
    block = one_code_block(README, "Layout")
    entries = [line.split()[0] for line in block.text.splitlines() if line and not line.startswith(" ")]
    assert entries
    for entry in entries:
        assert (ROOT / entry).exists(), f"README.md:{block.line}: {entry} does not exist"


# ---- the reader is strict ------------------------------------------------------------------------

BAD_EXAMPLES = [
    ('BusinesService "S"', "not an ArchiMate 3.2 element type"),
    ('BusinessService "S" ─Serves→ BusinessRole "R"', "not an ArchiMate 3.2 relationship type"),
    ('BusinessService "S" ─Serving BusinessRole "R"', "not closed with →"),
    ('BusinessService "S" ─Serving→', "points at nothing"),
    ('BusinessService "S" ─Serving→ "R"', "names no element mentioned before"),
    ("BusinessService S ─Serving→ R", "names no element mentioned before"),
    ('BusinessService "S" {fee_thb=…}', "no plausible value"),
    ('BusinessActor "A" {agency=<national agency>}', "no id for <national agency>"),
    ('BusinessService "S" {legal_basis=see …}', "must be the whole value"),
    ('BusinessService "S" {fee_thb}', "expected key=value"),
    ('BusinessService "S" {FeeThb=1}', "snake_case"),
    ('BusinessService "S" {fee_thb=1, fee_thb=2}', "given twice"),
    ('BusinessService "S" {fee_thb=1}\nBusinessService "S" {fee_thb=2}', "it was '1'"),
    ('BusinessService "S" ─Serving(Read)→ BusinessRole "R"', "only Access has a type"),
    ('BusinessProcess "P" ─Access(Reads)→ BusinessObject "D"', "access type 'Reads'"),
    ('BusinessService "S"\n"S" {fee_thb=1}', "properties after a reference"),
    ('─Serving→ BusinessRole "R"', "no statement comes before it"),
    ('BusinessActor "A" ─Access(Write)→ it', "`it` before any arrow"),
    ('BusinessService "S" {fee_thb=1', "never closed"),
    ('BusinessService "S" BusinessRole "R"', "expected an arrow"),
    ('BusinessService "S" ─Serving→ BusinessRole "R" # a comment', "cannot read"),
    ('BusinessService "X"\nBusinessRole "X"\nBusinessActor "A" ─Serving→ "X"', "names 2 elements"),
    ("BusinessService", 'needs a "Name" or an alias'),
    ('BusinessService ""', "empty name"),
]


@pytest.mark.parametrize(("text", "message"), BAD_EXAMPLES)
def test_reader_refuses_what_it_does_not_understand(text: str, message: str) -> None:
    with pytest.raises(DocExampleError, match=re.escape(message)) as raised:
        parse_arrows(text, where="docs/x.md", first_line=10)
    assert str(raised.value).startswith("docs/x.md:1"), str(raised.value)


def test_reader_refuses_undocumented_properties() -> None:
    with pytest.raises(DocExampleError, match="'fee_baht' is not defined anywhere in the conventions"):
        parse_arrows('BusinessService "S" {fee_baht=1}', known_properties=documented_names(CONVENTIONS))


def test_reader_names_the_doc_line() -> None:
    text = 'BusinessRole "R"\nBusinessService "S" {fee_thb=1,\n   legal_basis=x}\nBusinessService "S" ─Serves→ "R"'
    with pytest.raises(DocExampleError) as raised:
        parse_arrows(text, where="docs/x.md", first_line=200)
    assert str(raised.value).startswith("docs/x.md:203: 'Serves'")


GOVERNANCE = DOCS / "governance.md"


def _filled(text: str) -> str:
    """The example with its elisions written out (`…` stands for free text)."""
    return text.replace("{th: …, en: …}", "{th: เหตุผล, en: the reason}").replace("…", "text")


def test_governance_register_examples_load(tmp_path):
    from catalog import bundled_model_path
    from ea_model.governance.load import load_lifecycle, load_waivers, parse_decision
    from exporters import read_model

    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(_filled(one_code_block(GOVERNANCE, "Waivers", "yaml").text), encoding="utf-8")
    element_ids = set(read_model(bundled_model_path()).element_ids())
    criteria = {c.id for c in load_dga_catalog().criteria}
    [waiver] = load_waivers(waivers, criteria=criteria, elements=element_ids)
    assert waiver.id == "W-2026-001"
    lifecycle = tmp_path / "lifecycle.yaml"
    lifecycle.write_text(_filled(one_code_block(GOVERNANCE, "Technology lifecycle", "yaml").text), encoding="utf-8")
    [entry] = load_lifecycle([lifecycle])
    assert entry.id == "windows-server-2012-r2"
    record = parse_decision(one_code_block(GOVERNANCE, "Decision records", "markdown").text, "ADR-0003.md")
    assert record.id == "ADR-0003" and record.elements == ["id-app-district-licensing"]


def test_office_rule_example_compiles(tmp_path):
    from catalog.office_rules import load_rule_file

    rules = tmp_path / "rules.yaml"
    rules.write_text(_filled(one_code_block(CRITERIA, "The office's own rules", "yaml").text), encoding="utf-8")
    assert load_rule_file(rules, load_dga_catalog()).rules


def test_pipeline_snippet_is_yaml_with_real_commands(runner):
    text = one_code_block(README, "Governance registers in CI", "yaml").text
    github, gitlab = yaml.safe_load_all(text)  # two documents: a GitHub Actions step list, a GitLab job
    assert isinstance(github, list) and isinstance(gitlab, dict)
    for command in ("check", "validate"):
        for option in ("--format", "--fail-on") if command == "check" else ("--format",):
            assert option in runner.invoke(main, [command, "--help"]).output
    assert "sarif" in runner.invoke(main, ["check", "--help"]).output
