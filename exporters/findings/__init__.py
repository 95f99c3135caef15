"""Findings in the formats CI shows: SARIF 2.1.0 (GitHub code scanning, GitLab) and JUnit XML (test
reports in merge requests). Both take plain `Issue`s, so `ea check` and `ea validate` share them."""

from exporters.findings.issues import Issue, element_lines, element_locations
from exporters.findings.junit import generate_junit
from exporters.findings.sarif import generate_sarif

__all__ = ["Issue", "element_lines", "element_locations", "generate_junit", "generate_sarif"]
