"""JUnit XML for ea's findings: a test suite per group, a test case per service and outcome (`ea check`)
or per rule (`ea validate`).

A case fails when one of its findings gates (is at or above --fail-on and not waived); a case whose only
gating findings are waived is skipped with the waiver ids; otherwise it passes, its findings in
`system-out`. The shape is the one GitLab and Jenkins read (testsuites > testsuite > testcase with
failure / skipped / system-out).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from exporters.findings.issues import Issue


def generate_junit(issues: Sequence[Issue], cases: Sequence[tuple[str, str]], *, name: str) -> str:
    """`cases` lists every (suite, case) that was checked, passing ones included; `issues` are the findings
    (each names its suite and case)."""
    by_case: dict[tuple[str, str], list[Issue]] = {key: [] for key in cases}
    for issue in issues:
        by_case.setdefault((issue.suite, issue.case), []).append(issue)
    suites: dict[str, list[tuple[str, list[Issue]]]] = {}
    for (suite, case), found in by_case.items():
        suites.setdefault(suite, []).append((case, found))
    root = etree.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for suite_name, members in suites.items():
        suite = etree.SubElement(root, "testsuite", name=suite_name)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for case_name, found in members:
            counts["tests"] += 1
            case = etree.SubElement(suite, "testcase", name=case_name, classname=f"{name}.{suite_name}")
            gating = [i for i in found if i.gates]
            waived = [i for i in found if i.waiver and not i.gates]
            if gating:
                counts["failures"] += 1
                failure = etree.SubElement(case, "failure", message=_first_line(gating[0].message), type=gating[0].rule)
                failure.text = "\n".join(_line(i) for i in gating)
            elif waived:
                counts["skipped"] += 1
                ids = ", ".join(dict.fromkeys(i.waiver["id"] for i in waived))
                etree.SubElement(case, "skipped", message=f"waived by {ids}")
            if found:
                etree.SubElement(case, "system-out").text = "\n".join(_line(i) for i in found)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key in ("tests", "failures"):  # the JUnit XSD (Surefire's junit-10) has no `skipped` on testsuites
        root.set(key, str(totals[key]))
    root.set("errors", "0")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def _line(issue: Issue) -> str:
    where = f" ({issue.file}:{issue.line})" if issue.file and issue.line else ""
    waived = f" [waived by {issue.waiver['id']}]" if issue.waiver else ""
    return f"{issue.level.upper()} {issue.rule} {issue.element or '-'}: {issue.message}{where}{waived}"


def _first_line(text: str) -> str:
    return text.splitlines()[0][:200] if text else ""
