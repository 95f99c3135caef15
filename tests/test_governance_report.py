"""The governance registers in `ea report` and `ea review`: waived findings with justification and days
left, decision records on element pages, the governance page (portfolio matrix, lifecycle, waivers)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from catalog import bundled_model_path
from ea_cli.governance import report_registers
from exporters import read_model
from exporters.report import write_report

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    model = read_model(bundled_model_path())
    registers = report_registers(model, bundled_model_path(), as_of=dt.date(2026, 12, 3))
    out = tmp_path_factory.mktemp("report")
    write_report(model, out, lang="en", governance=registers, jobs=2)
    return out


def test_service_pages_show_waived_findings_with_justification_and_days_left(site):
    page = (site / "service-id-svc-cctv.html").read_text(encoding="utf-8")
    assert "Waived findings" in page and "W-2026-001" in page
    assert "ThaID sign-in" in page and "<td>209</td>" in page  # 2027-06-30 is 209 days after 2026-12-03


def test_element_pages_show_the_decision_records(site):
    page = (site / "elements-application.html").read_text(encoding="utf-8")
    assert "ADR-0003" in page and "Decision records" in page


def test_the_governance_page_has_the_matrix_lifecycle_findings_and_the_waivers(site):
    page = (site / "governance.html").read_text(encoding="utf-8")
    assert page.count("<circle") >= 8 and "ลงทุนเพิ่ม" in page
    assert "lifecycle-end-of-support" in page and "lifecycle-retired-in-target" in page
    assert "W-2025-002" in page and "expired" in page
    assert 'href="governance.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_without_registers_the_report_is_as_before(tmp_path):
    model = read_model(bundled_model_path())
    write_report(model, tmp_path, lang="en", jobs=2)
    assert not (tmp_path / "governance.html").exists()
    assert "Waived findings" not in (tmp_path / "service-id-svc-cctv.html").read_text(encoding="utf-8")
