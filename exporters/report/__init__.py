"""The governance report: a static site an EA Governance board opens from a file, offline.

`data` gathers what the report shows from the analyses, `org` who delivers each service, `figures`
which diagrams it draws, `index` the element index, `views` the model's own views and where each element
is shown, `validation_page` the validation findings by rule, `search` the model-wide search index,
`text` its own words, `svg` makes Graphviz output safe to inline, `site` renders the `templates/` and
copies `static/`. `pack` writes the review pack (the report plus the analyses' JSON, CSV and text files)
for `ea review`.
"""

from exporters.report.site import CSP, write_report

__all__ = ["CSP", "write_report"]
