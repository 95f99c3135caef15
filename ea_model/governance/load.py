"""Reading governance registers: YAML (and Markdown front matter) into `registers` types.

Every problem is one EaError naming the file and the line: a bad date, an unknown criterion, an unknown
element id. Mappings are read with the line of each key (PyYAML node marks), so a pydantic error on a
field points at that field's line. Dates stay text until pydantic reads them: `2025-13-01` is then "not a
valid date" at its line rather than a YAML crash.

    >>> from ea_model.governance.load import parse_yaml_with_lines
    >>> data = parse_yaml_with_lines("a: 1\\nb:\\n  c: 2025-01-01\\n", "x.yaml")
    >>> data["b"].line, data.key_lines["b"], data["b"]["c"]
    (3, 2, '2025-01-01')
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ea_model.errors import EaError
from ea_model.governance.registers import DecisionRecord, LifecycleEntry, Waiver
from ea_model.graph_scan import paused_gc

T = TypeVar("T", bound=BaseModel)


class LineDict(dict):
    """A YAML mapping that remembers where it starts (`line`) and where each key is (`key_lines`)."""

    line: int = 0
    key_lines: dict[Any, int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses ten times faster
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def parse_yaml_with_lines(text: str, label: str) -> Any:
    """YAML text to Python values, mappings as `LineDict`; YAML errors as EaError at their line."""
    try:
        with paused_gc():  # a register of 10,000 waivers is 300,000 small objects and no cycles
            return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise EaError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", file=label, line=line) from None


def read_yaml_with_lines(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EaError("no such file", file=str(path)) from None
    except OSError as exc:
        raise EaError(exc.strerror or str(exc), file=str(path)) from None
    except UnicodeDecodeError:
        raise EaError("not UTF-8 text", file=str(path)) from None
    return parse_yaml_with_lines(text, str(path))


def entries_of(data: Any, key: str, label: str) -> list[LineDict]:
    """The top-level list `key:` of a register, each item a mapping."""
    if not isinstance(data, dict) or key not in data:
        raise EaError(f"expected a top-level list `{key}:`", file=label, line=getattr(data, "line", None) or None)
    items = data[key] or []
    if not isinstance(items, list):
        raise EaError(f"`{key}:` must be a list", file=label, line=data.key_lines.get(key))
    for n, item in enumerate(items, start=1):
        if not isinstance(item, LineDict):
            raise EaError(f"{key} entry {n} is not a mapping", file=label, line=data.key_lines.get(key))
    return items


def validate_entry(model: type[T], raw: LineDict, label: str, what: str) -> T:
    """`raw` as a `model`, with the file and line; a validation error at the line of the field concerned."""
    try:
        where = {"file": label, "line": raw.line} if "line" in model.model_fields else {}
        return model.model_validate({**raw, **where})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        line = _line_at(raw, loc)
        name = raw.get("id") if isinstance(raw.get("id"), str) else None
        field = ".".join(str(p) for p in loc) or "entry"
        message = err["msg"].removeprefix("Value error, ")
        raise EaError(f"{what} {name or '(no id)'}: {field}: {message}", file=label, line=line) from None


def _line_at(raw: LineDict, loc: Iterable[Any]) -> int:
    line, here = raw.line, raw
    for part in loc:
        if isinstance(here, LineDict) and part in here:
            line = here.key_lines.get(part, line)
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and part < len(here):
            here = here[part]
            line = getattr(here, "line", line)
        else:
            break
    return line


def _unique_ids(items: list, label_of: Callable[[Any], str], what: str) -> None:
    seen: dict[str, Any] = {}
    for item in items:
        if item.id in seen:
            first = seen[item.id]
            raise EaError(
                f"duplicate {what} id {item.id!r} (first at line {first.line})", file=label_of(item), line=item.line
            )
        seen[item.id] = item


# ---- waivers ---------------------------------------------------------------------------------------


def load_waivers(
    path: Path,
    *,
    criteria: Collection[str] | None = None,
    rules: Collection[str] | None = None,
    elements: Collection[str] | None = None,
) -> list[Waiver]:
    """A waiver register (`waivers:`). With `criteria`, `rules` or `elements`, what a waiver names must be
    among them (an unknown criterion id is an error at its line)."""
    label = str(path)
    raw_items = entries_of(read_yaml_with_lines(path), "waivers", label)
    with paused_gc():
        waivers = [validate_entry(Waiver, raw, label, "waiver") for raw in raw_items]
    _unique_ids(waivers, lambda w: w.file, "waiver")
    for waiver, raw in zip(waivers, raw_items, strict=True):
        sel = waiver.selects
        where = raw.get("selects") if isinstance(raw.get("selects"), LineDict) else raw
        if sel.criterion is not None and criteria is not None and sel.criterion not in criteria:
            line = getattr(where, "key_lines", {}).get("criterion", raw.line)
            raise EaError(f"waiver {waiver.id}: unknown criterion {sel.criterion!r}", file=label, line=line)
        if sel.rule is not None and rules is not None and sel.rule not in rules:
            line = getattr(where, "key_lines", {}).get("rule", raw.line)
            known = ", ".join(sorted(rules))
            raise EaError(
                f"waiver {waiver.id}: unknown validation rule {sel.rule!r}; known: {known}", file=label, line=line
            )
        if elements is not None and isinstance(sel.elements, list):
            for el in sel.elements:
                if el not in elements:
                    line = getattr(where, "key_lines", {}).get("elements", raw.line)
                    raise EaError(f"waiver {waiver.id}: unknown element id {el!r}", file=label, line=line)
    return waivers


# ---- technology lifecycle --------------------------------------------------------------------------


def load_lifecycle(paths: Iterable[Path]) -> list[LifecycleEntry]:
    """Lifecycle registers (`products:`), the shared one first; an id may be defined once across them."""
    entries: list[LifecycleEntry] = []
    for path in paths:
        label = str(path)
        for raw in entries_of(read_yaml_with_lines(path), "products", label):
            entries.append(validate_entry(LifecycleEntry, raw, label, "product"))
    _unique_ids(entries, lambda e: e.file, "product")
    return entries


# ---- decision records --------------------------------------------------------------------------------


def load_decisions(folder: Path) -> list[DecisionRecord]:
    """Every `*.md` in `folder` (sorted by name) with a front matter between `---` lines."""
    records = [parse_decision(p.read_text(encoding="utf-8"), str(p)) for p in sorted(Path(folder).glob("*.md"))]
    _unique_ids(records, lambda r: r.file, "decision")
    return records


def parse_decision(text: str, label: str) -> DecisionRecord:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise EaError("a decision record starts with a front matter between `---` lines", file=label, line=1)
    try:
        end = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
    except StopIteration:
        raise EaError("the front matter has no closing `---`", file=label, line=1) from None
    # Parse with the opening line kept as a blank line, so the YAML lines are the file's lines.
    data = parse_yaml_with_lines("\n" + "\n".join(lines[1:end]), label)
    if not isinstance(data, LineDict):
        raise EaError("the front matter is not a mapping", file=label, line=2)
    body = "\n".join(lines[end + 1 :]).strip()
    raw = LineDict({**data, "body": body})
    raw.line, raw.key_lines = data.line, data.key_lines
    record = validate_entry(DecisionRecord, raw, label, "decision")
    element_lines = _list_item_lines(text, data, "elements")
    return record.model_copy(update={"element_lines": element_lines})


def _list_item_lines(text: str, data: LineDict, key: str) -> dict[str, int]:
    """Lines of the items of a list in the front matter (block or flow style)."""
    start = data.key_lines.get(key)
    items = data.get(key) or []
    out: dict[str, int] = {}
    if start is None or not isinstance(items, list):
        return out
    lines = text.splitlines()
    for item in items:
        item_text = str(item)
        for n in range(start - 1, min(len(lines), start + len(items) + 1)):
            if item_text in lines[n]:
                out[item_text] = n + 1
                break
        else:
            out[item_text] = start
    return out
