"""CLI basics: unwritable outputs end in one line, a check with nothing to check says so."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from cli import main

UNWRITABLE = "/proc/ea-cannot-write-here"


@pytest.mark.parametrize(
    "args",
    [
        ["review", "--out", UNWRITABLE],
        ["diagram", "--out", UNWRITABLE, "--service", "id-svc-market"],
        ["layout", "catalog/model/bma.xml", f"{UNWRITABLE}/laid.xml"],
        ["report", "--out", UNWRITABLE],
        ["convert", "catalog/model/bma.xml", f"{UNWRITABLE}/out.xml"],
    ],
    ids=lambda a: a[0],
)
def test_an_unwritable_output_is_one_line_and_exit_2(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("ea: error:")]
    assert errors and errors[0].startswith(f"ea: error: {UNWRITABLE}")
    assert "Traceback" not in result.output


def test_a_model_without_citizen_services_says_so_and_gates_only_when_asked():
    model = str(EXAMPLES / "archi_Sample1.xml")
    runner = CliRunner()
    quiet = runner.invoke(main, ["check", model])
    assert quiet.exit_code == 0
    assert "ea: note: the model has no citizen services to check" in quiet.output
    gated = runner.invoke(main, ["check", model, "--fail-on", "warn"])
    assert gated.exit_code == 1
    assert runner.invoke(main, ["check", model, "--fail-on", "never"]).exit_code == 0


def test_convert_keeps_the_language_asked_for_in_one_text_formats(tmp_path):
    runner = CliRunner()
    for lang, expected in (("th", "กรุงเทพมหานคร"), ("en", "Bangkok")):
        out = tmp_path / lang
        result = runner.invoke(main, ["convert", "catalog/model/bma.xml", f"{out}/", "--lang", lang])
        assert result.exit_code == 0, result.output
        first_row = (out / "elements.csv").read_text(encoding="utf-8-sig").splitlines()[1]
        assert expected in first_row
    native = tmp_path / "th.archimate"
    assert runner.invoke(main, ["convert", "catalog/model/bma.xml", str(native), "--lang", "th"]).exit_code == 0
    assert 'name="แบบจำลองสถาปัตยกรรมองค์กรอ้างอิง กรุงเทพมหานคร"' in native.read_text(encoding="utf-8")


def test_layout_leaves_hand_drawn_views_as_drawn_by_default(tmp_path):
    from exporters import read_model, write_model

    source = read_model(EXAMPLES / "archi_archisurance_with-dc-metadata.xml")
    drawn, undrawn = source.views[0], source.views[1]
    for node in undrawn.iter_nodes():
        node.bounds = node.bounds.model_copy(update={"x": 0, "y": 0})
    model = tmp_path / "m.xml"
    write_model(source, model)
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(main, ["layout", str(model), str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    assert [v["view"] for v in json.loads(result.output)["views"]] == [undrawn.id]
    after = read_model(out)
    assert after.view(drawn.id) == source.view(drawn.id)
    assert len({(n.bounds.x, n.bounds.y) for n in after.view(undrawn.id).iter_nodes()}) > 1
    everything = CliRunner().invoke(
        main, ["layout", str(model), str(tmp_path / "all.xml"), "--all", "--format", "json"]
    )
    assert len(json.loads(everything.output)["views"]) == len(source.views)


def test_check_summary_prints_only_the_scorecard():
    result = CliRunner().invoke(main, ["check", "--summary", "--fail-on", "never"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if not line.startswith("ea: note:")]
    assert lines[0] == "Scorecard: services per outcome" and not any(line.startswith("■") for line in lines)
    assert any(line.strip().startswith("O3 ") for line in lines)


def test_validate_names_the_line_where_each_element_is_defined():
    import json

    report = json.loads(CliRunner().invoke(main, ["validate", "--format", "json", "--fail-on", "never"]).output)
    lines = open("catalog/model/bma.xml", encoding="utf-8").read().splitlines()
    with_id = [f for f in report["findings"] if f["id"]]
    assert with_id and all(f["line"] for f in with_id)
    for f in with_id:
        assert f'identifier="{f["id"]}"' in lines[f["line"] - 1]


def test_check_csv_starts_with_a_bom_so_excel_reads_thai(tmp_path):
    result = CliRunner().invoke(main, ["check", "--format", "csv", "--lang", "th", "--fail-on", "never"])
    assert result.stdout.startswith("\ufeffservice,")
    out = tmp_path / "pack"
    assert CliRunner().invoke(main, ["review", "--out", str(out)]).exit_code == 0
    data = (out / "compliance-baseline.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "กรุงเทพมหานคร".encode() in data


def test_merge_to_an_unwritable_path_is_one_line(tmp_path):
    model = str(EXAMPLES / "archi_Sample1.xml")
    result = CliRunner().invoke(main, ["merge", model, model, model, "--out", f"{UNWRITABLE}/merged.xml"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith(f"ea: error: {UNWRITABLE}/merged.xml")
