"""The one XML parser configuration: safe by default.

Never resolves external entities, never loads a DTD, never touches the network, and refuses
entity expansion instead of performing it (so billion-laughs files fail fast in bounded memory).
"""

from __future__ import annotations

import os

from lxml import etree

from ea_model.errors import EaError


def safe_parser(**overrides) -> etree.XMLParser:
    options = dict(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    options.update(overrides)
    return etree.XMLParser(**options)


def safe_iterparse(source, **options) -> etree.iterparse:
    """`etree.iterparse` (streaming, for large files) with the same safe settings as `safe_parser`.

    The caller checks the DOCTYPE with `reject_doctype(context.root, path)` after the first event."""
    settings = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)
    settings.update(options)
    return etree.iterparse(source, **settings)


def reject_doctype(tree_or_root, path: str | os.PathLike | None) -> None:
    """A model file has no business with a DTD: entity declarations are how XXE and bombs work."""
    tree = tree_or_root.getroottree() if hasattr(tree_or_root, "getroottree") else tree_or_root
    docinfo = tree.docinfo
    if docinfo.doctype or (docinfo.internalDTD is not None):
        raise EaError(
            "the file declares a DTD (<!DOCTYPE ...>); model files must not, and entities are never expanded",
            file=str(path) if path else None,
            line=1,
        )


def parse_file(path: str | os.PathLike) -> etree._ElementTree:
    """Parse a whole file safely; errors become one-line EaErrors with the file and line."""
    try:
        tree = etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise EaError(f"not well-formed XML: {exc.msg}", file=str(path), line=line) from None
    except OSError as exc:
        raise EaError(f"cannot read: {exc}", file=str(path)) from None
    reject_doctype(tree, path)
    return tree
