"""Thai wraps like Thai: labels break at Thai word boundaries and spaces, never inside a word, measured
by display width; terminal tables align Thai by display width. Names are the bundled model's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from pythainlp.tokenize import word_tokenize

from catalog import bundled_model_path
from catalog.dga import load_dga_catalog
from ea_model.compliance.evaluation import check_model
from ea_model.compliance.formatting import format_scorecard, format_unit_scorecards, text_table
from ea_model.text_wrap import break_opportunities, display_width, words, wrap_label
from exporters import read_model
from exporters.diagrams.labels import element_label
from exporters.report.site import word_breaks

THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture(scope="module")
def model():
    return read_model(bundled_model_path())


@pytest.fixture(scope="module")
def long_thai_names(model) -> list[str]:
    names = sorted({e.name.get("th", "") for e in model.elements() if display_width(e.name.get("th", "")) > 40})
    assert len(names) >= 10  # the bundled model has plenty: services, outcomes, work packages
    return names


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Where each PyThaiNLP word (and each space-separated non-Thai word) lies in `text`."""
    spans, at = [], 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if not token.isspace():
            spans.append((at, at + len(token)))
        at += len(token)
    assert at == len(text)
    return spans


def _breaks(text: str, lines: list[str]) -> set[int]:
    """The offsets in `text` where the lines break (the space at a break is dropped)."""
    breaks, at = set(), 0
    for line in lines:
        assert text.startswith(line, at), (line, text[at:])
        at += len(line)
        breaks.add(at)
        if text[at : at + 1] == " ":
            at += 1
    assert at == len(text), "every character is on some line"
    return breaks - {len(text)}


@pytest.mark.parametrize("width", [10, 16, 28, 40])
def test_wrapped_bundled_names_keep_their_text_and_every_word_whole(long_thai_names, width):
    for name in long_thai_names:
        text = " ".join(name.split())
        lines = wrap_label(name, width)
        breaks = _breaks(text, lines)  # the lines joined back are the name: no character lost or added
        for line in lines:
            assert display_width(line) <= width or words(line) == [line], (line, width)  # too wide: one word
        for start, end in _word_spans(text):
            assert not any(start < b < end for b in breaks), (name, text[start:end], lines)
        if width == 10:
            assert len(lines) > 1, name


def test_a_thai_name_without_spaces_wraps_between_words():
    name = "ใบอนุญาตหรือหนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหารหรือสะสมอาหาร"  # id-svc-food-premises
    lines = wrap_label(name, 28)
    assert len(lines) == 3 and "".join(lines) == name
    assert all(display_width(line) <= 28 for line in lines)
    assert lines == ["ใบอนุญาตหรือหนังสือรับรอง", "การแจ้งจัดตั้งสถานที่จำหน่าย", "อาหารหรือสะสมอาหาร"]


def test_lines_are_even_rather_than_a_word_left_alone():
    # greedy filling would leave "อาหาร" alone on a third line; the same three lines, evened out
    lines = wrap_label("ใบอนุญาตหรือหนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหารหรือสะสมอาหาร", 28)
    assert min(display_width(line) for line in lines) > 28 // 2


def test_a_word_longer_than_the_width_stands_alone():
    assert wrap_label("ขอ ค่าธรรมเนียม", 4) == ["ขอ", "ค่าธรรมเนียม"]
    assert wrap_label("Building-Permit-Online x", 5) == ["Building-Permit-Online", "x"]
    assert wrap_label("", 10) == [""]


def test_brackets_stay_with_their_words():
    lines = wrap_label("ใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ (อภ.1) และต่ออายุ (อภ.3)", 12)
    assert not any(line.startswith((")", ".")) or line.endswith("(") for line in lines), lines


def test_display_width_ignores_thai_vowel_and_tone_marks():
    assert display_width("ที่นี่") == 2  # ท and น; the vowel ี and tone mark ่ above each take no column
    assert len("ที่นี่") == 6
    assert display_width("สวัสดี") == 4  # the ั and ี above take none
    assert display_width("กรุงเทพมหานคร") == 12  # ุ below takes none
    assert display_width("ABC") == 3


def test_diagram_labels_break_thai_names_between_words(model):
    service = model.element("id-svc-food-premises")
    label = element_label(service.type, service.name, "th", width=28)
    assert re.findall(r"<B>(.*?)</B>", label) == wrap_label(service.name["th"], 28)  # one bold line a row
    # the lines are rows apart (not <BR/>), so vowels below a line stay clear of the next one
    assert "<BR/>" not in label and 'CELLSPACING="2"' in label


def test_report_puts_word_breaks_between_thai_words_only():
    name = "ใบอนุญาตหรือหนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหาร <หรือ> & สะสมอาหาร"
    html = str(word_breaks(name))
    assert "ใบอนุญาต<wbr>หรือ<wbr>หนังสือรับรอง<wbr>" in html
    assert "<หรือ>" not in html and "&lt;" in html and "&amp;" in html
    assert html.replace("<wbr>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == name
    assert "".join(break_opportunities(name)) == name
    assert str(word_breaks("กรุงเทพมหานคร")) == "กรุงเทพมหานคร"  # short names are left alone
    assert str(word_breaks("Building Permit Online Service")) == "Building Permit Online Service"


def _column_ends(line: str) -> list[int]:
    """Display positions where each cell of a table line ends (cells are separated by two spaces or more)."""
    return [display_width(line[: m.end()]) for m in re.finditer(r"\S+(?: \S+)*", line)]


def test_a_thai_scorecard_has_aligned_columns(model):
    result = check_model(model, catalog=load_dga_catalog())
    lines = format_scorecard(result, "th")
    table = lines[1 : 2 + len(result.goals)]
    assert all(THAI.search(line) for line in table)
    ends = [_column_ends(line) for line in table]
    # the counts are right-aligned: every row's cells end at the same display columns as the header's
    assert all(row[-5:] == ends[0][-5:] for row in ends), "\n".join(table)
    assert len({len(line) - len(line.lstrip()) for line in table}) == 1
    assert not any("\x1b" in line for line in lines)  # no colour codes outside a terminal


def test_the_unit_scorecards_in_thai_are_aligned(model):
    text = format_unit_scorecards(check_model(model, catalog=load_dga_catalog()), "th")
    rows = [line for line in text.splitlines() if re.match(r"  (O\d .*\d|เป้าหมาย .*)$", line)]
    assert rows
    assert len({tuple(_column_ends(line)[-5:]) for line in rows}) == 1


def test_text_table_measures_thai_by_display_width():
    lines = text_table(["ชื่อ", "n"], [["ที่นี่", "1"], ["กรุงเทพมหานคร", "22"]])
    assert [display_width(line) for line in lines] == [display_width(lines[0])] * 3


def test_wrapping_needs_no_network_and_writes_nothing(tmp_path):
    """PyThaiNLP's dictionary ships in its wheel: tokenizing opens no connection and, in the read-only
    mode text_wrap sets, creates no ~/pythainlp-data."""
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network')\n"
        "socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse\n"
        "from ea_model.text_wrap import wrap_label\n"
        "print(len(wrap_label('ใบอนุญาตหรือหนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหาร', 12)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")} | {"HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 1
    assert list(tmp_path.iterdir()) == []
