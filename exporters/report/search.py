"""The report's model-wide search: every element and view by its Thai and English names, id and type,
prebuilt as one file (`assets/search-index.js`) that a page loads only when the reader starts to search,
so no page waits for it.

It is a script, not a `.json` file, because pages opened from `file://` may not fetch files (browsers
refuse, and the report's Content-Security-Policy says `connect-src 'none'`); a script element may load
one from the report's own folder. The script hands the data to `report.js`:

    window.eaSearchIndex = {"pages": [...], "types": [...], "items": [[id, th, en, type, page], ...]}

`page` and `type` index the two lists, so a 50,000-element model's index stays a few MB.
"""

from __future__ import annotations

import json

from exporters.report.index import Index
from exporters.report.text import pair
from exporters.report.views import ViewPages

FILE = "search-index.js"


def search_index_script(index: Index, views: ViewPages) -> str:
    pages: dict[str, int] = {}
    types: dict[str, int] = {}
    items: list[list] = []

    def add(ref: str, name, kind: str, page: str) -> None:
        th, en = pair(name)
        items.append(
            [ref, th, en if en != th else "", types.setdefault(kind, len(types)), pages.setdefault(page, len(pages))]
        )

    for page in index.pages:
        for entry in page.entries:
            el = entry.element
            add(el.id, el.name, el.type, page.file)
    for view in views.entries:
        add(view.view.id, view.view.name, "View", view.file)
    data = {"pages": list(pages), "types": list(types), "items": items}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # U+2028/2029 end a line in older JavaScript parsers; "</" cannot close anything in a .js file
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.eaSearchIndex = {text};\n"
