"""A `ModelDiff` for people (text, or markdown for a merge-request comment) and for programs (JSON).

First the plan-like summary (per layer, then relationships, views, organization folders, property
definitions and the model itself: `+ N added, ~ N changed, - N removed`), then the risks, then each
change, one concept per block, field by field."""

from __future__ import annotations

from ea_model.diff.changes import Change, ModelDiff
from ea_model.naming import counted

_WIDTH = 100  # a long text (documentation) is cut for reading; JSON keeps it whole
_MARK = {"added": "+", "changed": "~", "removed": "-"}


def _cut(value: str | None) -> str:
    if value is None:
        return "(none)"
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= _WIDTH else flat[: _WIDTH - 1] + "…")


def _headline(diff: ModelDiff) -> str:
    if diff.empty:
        return "No differences."
    return f"Plan: {len(diff.added):,} to add, {len(diff.changed):,} to change, {len(diff.removed):,} to remove" + (
        f"; {counted(len(diff.risks), 'risk')} to review." if diff.risks else "."
    )


def _summary_rows(diff: ModelDiff) -> list[tuple[str, str]]:
    return [
        (group, f"+ {row['added']:,} added, ~ {row['changed']:,} changed, - {row['removed']:,} removed")
        for group, row in diff.summary().items()
    ]


def _title(what: str, change: Change) -> str:
    name = f" {change.name!r}" if change.name else ""
    renamed = f" (was {change.old_id}, matched by type and name)" if change.old_id else ""
    return f"{_MARK[what]} {change.kind} {change.type} {change.id}{name}{renamed}"


def _field_line(f) -> str:
    if f.old is None and f.field.startswith(("nodes ", "connections ")):
        return f"{f.field} {f.new}"
    return f"{f.field}: {_cut(f.old)} → {_cut(f.new)}"


def _blocks(diff: ModelDiff):
    for what, changes in (("removed", diff.removed), ("changed", diff.changed), ("added", diff.added)):
        for change in changes:
            yield what, change


def render_text(diff: ModelDiff) -> str:
    lines = [f"ea diff {diff.old_label} → {diff.new_label}", _headline(diff)]
    if diff.empty:
        return "\n".join(lines) + "\n"
    width = max(len(g) for g, _ in _summary_rows(diff))
    lines += [""] + [f"  {group:<{width}}  {row}" for group, row in _summary_rows(diff)]
    if diff.risks:
        lines += ["", "Risks:"] + [f"  ! {r.kind}: {r.name or r.id} ({r.id}): {r.message}" for r in diff.risks]
    for what, change in _blocks(diff):
        lines += ["", _title(what, change)] + [f"    {_field_line(f)}" for f in change.fields]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def render_markdown(diff: ModelDiff) -> str:
    lines = [f"### ea diff `{diff.old_label}` → `{diff.new_label}`", "", _headline(diff)]
    if diff.empty:
        return "\n".join(lines) + "\n"
    lines += ["", "| | added | changed | removed |", "|---|---:|---:|---:|"]
    for group, row in diff.summary().items():
        lines.append(f"| {group} | {row['added']:,} | {row['changed']:,} | {row['removed']:,} |")
    if diff.risks:
        lines += ["", "**Risks to review**", ""]
        lines += [f"- ⚠ **{r.kind}** {_md(r.name or r.id)} (`{r.id}`): {_md(r.message)}" for r in diff.risks]
    lines += ["", "<details><summary>Changes, concept by concept</summary>", ""]
    for what, change in _blocks(diff):
        lines.append(f"- `{_md(_title(what, change))}`")
        lines += [f"  - {_md(_field_line(f))}" for f in change.fields]
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def render_json(diff: ModelDiff) -> dict:
    return diff.as_json()
