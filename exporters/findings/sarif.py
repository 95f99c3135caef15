"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for ea's findings.

One run, tool `ea`; a rule per criterion or validation rule; a result per finding that is not a pass,
located at the file and line where its element is defined (or the register entry it is about). A waived
finding carries a SARIF `suppression` (kind external, status accepted) with the waiver's justification, so
code-scanning tools show it as dismissed rather than open.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from exporters.findings.issues import Issue

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_uri(path: str | Path) -> str:
    """A path relative to the working directory (the repository root in CI), with / separators; an
    absolute file URI when the path lies outside it. Percent-encoded (RFC 3986), so Thai folder and file
    names and spaces make a valid URI reference."""
    absolute = Path(path).resolve()
    try:
        return quote(absolute.relative_to(Path.cwd().resolve()).as_posix(), safe="/")
    except ValueError:
        return absolute.as_uri()


def sarif_log(issues: Sequence[Issue], *, tool_version: str, rule_texts: dict[str, str], command: str) -> dict:
    """The SARIF log as a dict. `rule_texts` gives each rule's one-line description."""
    rule_ids = list(dict.fromkeys(i.rule for i in issues))
    index = {rule: n for n, rule in enumerate(rule_ids)}
    rules = [
        {"id": rule, "name": rule, "shortDescription": {"text": rule_texts.get(rule) or rule}} for rule in rule_ids
    ]
    results = [_result(i, index[i.rule]) for i in issues]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ea",
                        "version": tool_version,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"ea/{command}/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _result(issue: Issue, rule_index: int) -> dict:
    result: dict = {
        "ruleId": issue.rule,
        "ruleIndex": rule_index,
        "level": issue.level,
        "message": {"text": issue.message or issue.rule},
    }
    location: dict = {}
    if issue.file:
        physical: dict = {"artifactLocation": {"uri": artifact_uri(issue.file)}}
        if issue.line:
            physical["region"] = {"startLine": issue.line}
        location["physicalLocation"] = physical
    if issue.element:
        location["logicalLocations"] = [{"name": issue.element, "kind": "element"}]
    if location:
        result["locations"] = [location]
    if issue.element:
        result["partialFingerprints"] = {"eaFinding/v1": f"{issue.rule}:{issue.element}"}
    if issue.waiver:
        w = issue.waiver
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{w['id']}: {w['justification_en']} ({w['decision']}, until {w['expires']})",
            }
        ]
    if issue.properties:
        result["properties"] = dict(issue.properties)
    return result


def generate_sarif(issues: Sequence[Issue], **kwargs) -> str:
    """The SARIF log as JSON text (UTF-8, Thai kept as is)."""
    return json.dumps(sarif_log(issues, **kwargs), ensure_ascii=False, indent=2) + os.linesep
