"""Graphviz HTML-like labels for the diagrams: bilingual element captions, the verdict row of a
service, and the legend. Text is escaped here and nowhere else."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from ea_model.metamodel import Layer
from ea_model.objects import LangString, text_in
from ea_model.text_wrap import wrap_label
from exporters.diagrams.icons import ICON_SIZE, png_path
from exporters.diagrams.notation import (
    FONT_SIZE,
    LAYER_FILL,
    LAYER_LABEL,
    NOTATION,
    SMALL_FONT_SIZE,
    TYPE_LABEL,
    VERDICTS,
    fill_of,
    icon_of,
)

WRAP_AT = 28  # display columns per line (Thai vowel and tone marks above and below take none)
OUTCOMES = tuple(f"O{n}" for n in range(1, 8))


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def plain(text: str) -> str:
    """Text for a plain (not HTML-like) Graphviz string: XML-escaped, backslashes doubled (DOT reads
    \\n, \\l and a backslash before the closing quote as escapes)."""
    return esc(text).replace("\\", "\\\\")


def bilingual(name: LangString, lang: str) -> tuple[str, str | None]:
    """The name in `lang` and, when the model has it and it differs, in the other of Thai/English."""
    primary = text_in(name, lang)
    other = "en" if lang.lower().startswith("th") else "th"
    secondary = text_in(name, other)
    return primary, (secondary if secondary and secondary != primary else None)


LINE_GAP = 2  # points between the lines of a label: Thai vowels below the base line (ุ ู) stay clear of the next line


def _lines(text: str, *, bold: bool = False, size: int | None = None, width: int = WRAP_AT) -> str:
    """The text wrapped at word boundaries; more than one line becomes a table of one line a row, `LINE_GAP`
    apart (Graphviz's <BR/> spaces lines by the font's height, which the marks below Thai letters reach)."""

    def styled(line: str) -> str:
        body = esc(line)
        if bold:
            body = f"<B>{body}</B>"
        if size:
            body = f'<FONT POINT-SIZE="{size}">{body}</FONT>'
        return body

    lines = wrap_label(text, width)
    if len(lines) <= 1:
        return styled(lines[0] if lines else "")
    rows = "".join(f"<TR><TD>{styled(line)}</TD></TR>" for line in lines)
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{LINE_GAP}" CELLPADDING="0">{rows}</TABLE>'


def element_label(
    type_name: str,
    name: LangString,
    lang: str,
    *,
    badge: str | None = None,
    verdict_cells: str = "",
    width: int = WRAP_AT,
    box: tuple[float, float] | None = None,
) -> str:
    """An element's caption in the box notation: the name in `lang` bold, the other language below (and a
    platform badge above), the type's icon in the top-right corner.

    The name sits in a middle column between an empty one and the icon's, both the icon's width, so
    it stays centred and clear of the icon; a filler under the icon keeps the icon at the top. `box`
    (width, height in points) is the node's fixed size, for views drawn as the model has them: the
    label then fills the node so the icon lands in its corner, the name at the top as Archi puts it
    (a height of 0 fixes the width only).
    The type is not written out: the icon, the layer colour, the tooltip and the legend say it."""
    primary, secondary = bilingual(name, lang)
    rows: list[str] = []
    estimate = 4.0  # points: a low estimate of the name block's height (a line is its size tall, and padding)
    if badge:
        rows.append(f'<TR><TD><FONT POINT-SIZE="{SMALL_FONT_SIZE}" COLOR="#444444">[{esc(badge)}]</FONT></TD></TR>')
        estimate += SMALL_FONT_SIZE + 2
    primary_lines = wrap_label(primary or "(ไม่มีชื่อ / unnamed)", width)
    rows.append(f"<TR><TD>{_lines(primary or '(ไม่มีชื่อ / unnamed)', bold=True, width=width)}</TD></TR>")
    estimate += len(primary_lines) * FONT_SIZE + 2
    if secondary:
        rows.append(f"<TR><TD>{_lines(secondary, size=FONT_SIZE - 2, width=width + 6)}</TD></TR>")
        estimate += len(wrap_label(secondary, width + 6)) * (FONT_SIZE - 2) + 2
    if verdict_cells:
        rows.append(
            f'<TR><TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>{verdict_cells}</TR></TABLE></TD></TR>'
        )
        estimate += SMALL_FONT_SIZE + 8
    block = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
    icon = icon_of(type_name)
    if icon is None:
        return f"<{block}>"
    size = ICON_SIZE
    beside_icon = max(0, round(estimate - size))  # the column under the icon, as tall as the name
    name_width, below = "", ""
    if box is not None:
        name_width = f' WIDTH="{max(1, round(box[0] - 4 - 2 * size))}"'
        if box[1] > 0:  # the rest of the node's height, under the name (a nested table would stretch)
            below = f'<TR><TD COLSPAN="3" HEIGHT="{max(0, round(box[1] - 4 - max(estimate, size)))}"></TD></TR>'
    image = esc(str(png_path(icon)))
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD ROWSPAN="2" WIDTH="{size}"></TD><TD ROWSPAN="2" CELLPADDING="2"{name_width}>{block}</TD>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="{size}" HEIGHT="{size}"><IMG SRC="{image}" SCALE="TRUE"/></TD></TR>'
        f'<TR><TD WIDTH="{size}" HEIGHT="{beside_icon}"></TD></TR>{below}</TABLE>>'
    )


def service_label(
    type_name: str, name: LangString, lang: str, fill: str, verdict_cells: str, *, width: int = WRAP_AT
) -> str:
    """The reviewed service: a rounded box of its own with the verdict row under its name."""
    inner = element_label(type_name, name, lang, verdict_cells=verdict_cells, width=width)[1:-1]
    return (
        f'<<TABLE BORDER="2" STYLE="rounded" BGCOLOR="{fill}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="6">'
        f"<TR><TD>{inner}</TD></TR></TABLE>>"
    )


def verdict_cells(
    service_id: str,
    verdicts: Mapping[str, str],
    goal_names: Mapping[str, tuple[str, str]],
    lang: str,
    *,
    compact: bool = False,
) -> str:
    """A row of seven cells, one per DGA outcome, coloured by verdict, each with a tooltip."""
    cells = []
    for outcome in OUTCOMES:
        verdict = verdicts.get(outcome, "unknown")
        spec = VERDICTS.get(verdict, VERDICTS["unknown"])
        th, en = goal_names.get(outcome, ("", ""))
        title = f"{outcome} {th} / {en}: {spec.th} / {spec.en}" if th or en else f"{outcome}: {spec.th} / {spec.en}"
        text = outcome if compact else f"{outcome} {spec.mark}"
        size = SMALL_FONT_SIZE if compact else SMALL_FONT_SIZE + 1
        cells.append(
            f'<TD BGCOLOR="{spec.fill}" BORDER="1" ID="verdict-{esc(service_id)}-{outcome}" '
            f'HREF="#verdict-{outcome}" TOOLTIP="{esc(title)}">'
            f'<FONT POINT-SIZE="{size}">{esc(text)}</FONT></TD>'
        )
    return "".join(cells)


LEGEND_COLUMNS = 2  # key entries side by side: a compact block, not a tall column


def legend_label(
    layers: Iterable[Layer],
    lang: str,
    *,
    platforms: bool = False,
    verdicts: bool = True,
    goal_names: Mapping[str, tuple[str, str]] | None = None,
    element_types: Iterable[str] = (),
    columns: int = LEGEND_COLUMNS,
) -> str:
    """The key to colours and icons, in small type and `columns` entries a row: the layers on the diagram,
    the element types drawn (icon on the type's colour, and its name), and (for review diagrams) the verdict
    colours and outcomes."""
    th_first = lang.startswith("th")

    def pair(th: str, en: str) -> str:
        return esc(f"{th} / {en}" if th_first else f"{en} / {th}")

    entries: list[tuple[str, str]] = []  # (swatch cell, text)
    for layer in layers:
        th, en = LAYER_LABEL[layer]
        entries.append(
            (f'<TD BGCOLOR="{LAYER_FILL[layer]}" BORDER="1" WIDTH="20"> </TD>', pair("ชั้น" + th, en + " layer"))
        )
    drawn = set(element_types)
    for type_name in (t for t in NOTATION if t in drawn and icon_of(t)):
        th, en = TYPE_LABEL[type_name]
        icon = esc(str(png_path(icon_of(type_name))))
        swatch = (
            f'<TD BGCOLOR="{fill_of(type_name)}" BORDER="1" WIDTH="20" HEIGHT="{ICON_SIZE + 2}" CELLPADDING="0">'
            f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD FIXEDSIZE="TRUE" WIDTH="{ICON_SIZE}" '
            f'HEIGHT="{ICON_SIZE}"><IMG SRC="{icon}" SCALE="TRUE"/></TD></TR></TABLE></TD>'
        )
        entries.append((swatch, pair(th, en)))
    if platforms:
        entries.append(
            (
                f'<TD BORDER="1" WIDTH="20"><FONT POINT-SIZE="{SMALL_FONT_SIZE - 1}">[id]</FONT></TD>',
                pair("แพลตฟอร์มกลาง (รหัสในแคตตาล็อก)", "platform (catalog id)"),
            )
        )
    if verdicts:
        for spec in VERDICTS.values():
            entries.append((f'<TD BGCOLOR="{spec.fill}" BORDER="1">{esc(spec.mark)}</TD>', pair(spec.th, spec.en)))
    outcomes = [  # the long outcome names in a column of their own, beside the rest
        (f"<TD>{outcome}</TD>", pair(*(goal_names or {})[outcome]))
        for outcome in OUTCOMES
        if verdicts and any((goal_names or {}).get(outcome, ("", "")))
    ]
    title = pair("คำอธิบายสัญลักษณ์", "Legend")
    blocks = [_key_block(entries, columns)] + ([_key_block(outcomes, 1)] if outcomes else [])
    cells = "".join(f'<TD VALIGN="TOP">{block}</TD>' for block in blocks)
    return (
        f'<<FONT POINT-SIZE="{SMALL_FONT_SIZE}"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD COLSPAN="{len(blocks)}" ALIGN="LEFT"><B>{title}</B></TD></TR><TR>{cells}</TR></TABLE></FONT>>'
    )


def _key_block(entries: list[tuple[str, str]], columns: int) -> str:
    rows = []
    for start in range(0, len(entries), columns):
        cells = "".join(f'{swatch}<TD ALIGN="LEFT">{text}</TD>' for swatch, text in entries[start : start + columns])
        rows.append(f"<TR>{cells}</TR>")
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{"".join(rows)}</TABLE>'
