"""Graphviz HTML-like labels for the diagrams: bilingual element captions, the verdict row of a
service, and the legend. Text is escaped here and nowhere else."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping

from ea_model.metamodel import Layer
from ea_model.objects import LangString, text_in
from exporters.diagrams.notation import (
    FONT_SIZE,
    HEADER_BAND_TYPES,
    LAYER_FILL,
    LAYER_LABEL,
    SMALL_FONT_SIZE,
    VERDICTS,
)

WRAP_AT = 28  # characters per line (Thai combining vowels and tone marks do not count)
OUTCOMES = tuple(f"O{n}" for n in range(1, 8))


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def plain(text: str) -> str:
    """Text for a plain (not HTML-like) Graphviz string: XML-escaped, backslashes doubled (DOT reads
    \\n, \\l and a backslash before the closing quote as escapes)."""
    return esc(text).replace("\\", "\\\\")


def display_width(text: str) -> int:
    """Characters that take horizontal space (Thai above/below vowels and tone marks take none)."""
    return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")


def wrap(text: str, width: int = WRAP_AT) -> list[str]:
    """Break text into lines at spaces. Thai is written without spaces between words, so a Thai phrase
    longer than `width` stays on one line rather than being cut inside a word."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and display_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def bilingual(name: LangString, lang: str) -> tuple[str, str | None]:
    """The name in `lang` and, when the model has it and it differs, in the other of Thai/English."""
    primary = text_in(name, lang)
    other = "en" if lang.lower().startswith("th") else "th"
    secondary = text_in(name, other)
    return primary, (secondary if secondary and secondary != primary else None)


def _lines(text: str, *, bold: bool = False, size: int | None = None, width: int = WRAP_AT) -> str:
    body = "<BR/>".join(esc(line) for line in wrap(text, width))
    if bold:
        body = f"<B>{body}</B>"
    if size:
        body = f'<FONT POINT-SIZE="{size}">{body}</FONT>'
    return body


def element_label(
    type_name: str,
    name: LangString,
    lang: str,
    *,
    badge: str | None = None,
    verdict_cells: str = "",
    width: int = WRAP_AT,
) -> str:
    """An element's caption: «Type» (and a platform badge), the name in `lang` bold, the other language below."""
    primary, secondary = bilingual(name, lang)
    caption = f"«{esc(type_name)}»" + (f" [{esc(badge)}]" if badge else "")
    band = ' SIDES="B" BORDER="1"' if type_name in HEADER_BAND_TYPES else ""
    span = ""
    name_pad = ' CELLPADDING="4"' if band else ""  # keeps Thai above-vowels clear of the band line
    rows = [
        f'<TR><TD ALIGN="RIGHT"{band}{span}>'
        f'<FONT POINT-SIZE="{SMALL_FONT_SIZE}" COLOR="#444444">{caption}</FONT></TD></TR>',
        f"<TR><TD{span}{name_pad}>{_lines(primary or '(ไม่มีชื่อ / unnamed)', bold=True, width=width)}</TD></TR>",
    ]
    if secondary:
        rows.append(f"<TR><TD{span}>{_lines(secondary, size=FONT_SIZE - 2, width=width + 6)}</TD></TR>")
    if verdict_cells:
        rows.append(
            f'<TR><TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>{verdict_cells}</TR></TABLE></TD></TR>'
        )
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>>"


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


def legend_label(
    layers: Iterable[Layer],
    lang: str,
    *,
    platforms: bool = False,
    verdicts: bool = True,
    goal_names: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """The key to colours: the layers on the diagram, and (for review diagrams) the verdict colours and outcomes."""
    th_first = lang.startswith("th")

    def pair(th: str, en: str) -> str:
        return esc(f"{th} / {en}" if th_first else f"{en} / {th}")

    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{pair("คำอธิบายสัญลักษณ์", "Legend")}</B></TD></TR>']
    for layer in layers:
        th, en = LAYER_LABEL[layer]
        rows.append(
            f'<TR><TD BGCOLOR="{LAYER_FILL[layer]}" BORDER="1" WIDTH="28"> </TD>'
            f'<TD ALIGN="LEFT">{pair("ชั้น" + th, en + " layer")}</TD></TR>'
        )
    if platforms:
        rows.append(
            '<TR><TD BORDER="1" WIDTH="28"><FONT POINT-SIZE="8">[id]</FONT></TD>'
            f'<TD ALIGN="LEFT">{pair("แพลตฟอร์มกลาง (รหัสในแคตตาล็อก)", "platform (catalog id)")}</TD></TR>'
        )
    if verdicts:
        for spec in VERDICTS.values():
            rows.append(
                f'<TR><TD BGCOLOR="{spec.fill}" BORDER="1">{esc(spec.mark)}</TD>'
                f'<TD ALIGN="LEFT">{pair(spec.th, spec.en)}</TD></TR>'
            )
        for outcome in OUTCOMES:
            th, en = (goal_names or {}).get(outcome, ("", ""))
            if th or en:
                rows.append(f'<TR><TD>{outcome}</TD><TD ALIGN="LEFT">{pair(th, en)}</TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(rows)}</TABLE>>'
