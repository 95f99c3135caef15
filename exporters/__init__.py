"""Formats and outputs, a sub-package each: `exchange/` (the Open Group exchange format and its XSDs),
`archi/` (Archi's native file and CSV), `diagrams/` (Graphviz diagrams in ArchiMate notation, layout),
`report/` (the governance report site and the review pack). `read_model`/`write_model` (and `count_model`) pick a format
by the path's extension (`formats`); `atomic` and `xmlsafe` are the helpers every writer and reader uses.
"""

from exporters.formats import count_model, read_model, write_model

__all__ = ["count_model", "read_model", "write_model"]
