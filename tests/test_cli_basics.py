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
