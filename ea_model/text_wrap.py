"""Wrapping labels the way Thai wraps: at Thai word boundaries (Thai is written without spaces
between words) as well as at spaces, measured by display width, never inside a word.

    >>> wrap_label("การขออนุญาตก่อสร้างอาคาร", 12)
    ['การขออนุญาต', 'ก่อสร้างอาคาร']

PyThaiNLP's `newmm` tokenizer reads the word list shipped in its wheel; nothing is downloaded.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

# Before PyThaiNLP is imported: it would otherwise create ~/pythainlp-data as a side effect, and
# offline mode makes any corpus it lacks an error instead of a download. A user's own setting wins.
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from pythainlp.tokenize import word_tokenize  # noqa: E402
from rich.cells import cell_len  # noqa: E402

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_OPENING = set("([{“‘«")
_CLOSING = set(")]}”’».,:;!?/%…ๆฯ")


def display_width(text: str) -> int:
    """Columns `text` takes: Thai above/below vowels and tone marks take none, wide (CJK) characters two.

    >>> display_width("ที่นี่"), display_width("สวัสดี")
    (2, 4)
    """
    return cell_len(text)


@lru_cache(maxsize=4096)
def _thai_words(chunk: str) -> tuple[str, ...]:
    return tuple(word_tokenize(chunk, engine="newmm", keep_whitespace=False))


def _may_break_between(before: str, after: str) -> bool:
    """A closing bracket or stop stays with the word before it, an opening bracket with the word after
    it, and a number with what it numbers ("อภ.3", "ร.1")."""
    if after[0] in _CLOSING or before[-1] in _OPENING:
        return False
    return not (after[0].isdigit() and (before[-1].isdigit() or before[-1] in ".,"))


def words(chunk: str) -> list[str]:
    """The unbreakable pieces of a run of text without spaces: its Thai words (PyThaiNLP's), with
    punctuation and numbers kept with the word they belong to. Text without Thai is one piece."""
    if not _THAI.search(chunk):
        return [chunk]
    pieces: list[str] = []
    for token in _thai_words(chunk):
        if pieces and not _may_break_between(pieces[-1], token):
            pieces[-1] += token
        else:
            pieces.append(token)
    return pieces


def wrap_label(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` display columns, at spaces and between Thai words.
    A word wider than `width` stands alone on its line rather than being cut. The lines are as even as
    that number of lines allows (no last word left alone on a line of its own). Spaces at a break are
    dropped; runs of spaces elsewhere become one."""
    pieces = [(word, i == 0) for chunk in text.split() for i, word in enumerate(words(chunk))]
    lines = _fill(pieces, width)
    narrowest = max((display_width(word) for word, _ in pieces), default=0)
    for narrower in range(narrowest, width):  # the narrowest measure that needs no more lines
        even = _fill(pieces, narrower)
        if len(even) == len(lines):
            return even
    return lines


def _fill(pieces: list[tuple[str, bool]], width: int) -> list[str]:
    """Greedy filling: as many pieces on each line as fit; a piece after a space is joined with one."""
    lines: list[str] = []
    current = ""
    for word, after_space in pieces:
        candidate = current + (" " if after_space and current else "") + word
        if current and display_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def break_opportunities(text: str) -> list[str]:
    """The pieces of `text` between which a browser may break a line: each space-separated chunk's
    words, the space kept at the end of the piece before it (for `<wbr>` between Thai words)."""
    pieces: list[str] = []
    for match in re.finditer(r"(\S+)(\s*)", text):
        chunk_words = words(match.group(1))
        chunk_words[-1] += match.group(2)
        pieces.extend(chunk_words)
    leading = text[: len(text) - len(text.lstrip())]
    if pieces and leading:
        pieces[0] = leading + pieces[0]
    return pieces or [text]
