"""How the analyses name things for people: Thai and English side by side, or one language."""

from __future__ import annotations

from ea_model.objects import LangString, text_in


def display_name(name: LangString, lang: str | None = None) -> str:
    """`lang`'s text when a language is asked for; otherwise Thai and English side by side
    ("ขออนุญาตก่อสร้าง / Building permit"), or whatever single name there is.

    >>> display_name({"th": "ขออนุญาตก่อสร้าง", "en": "Building permit"})
    'ขออนุญาตก่อสร้าง / Building permit'
    >>> display_name({"th": "ขออนุญาตก่อสร้าง", "en": "Building permit"}, "en")
    'Building permit'
    """
    if lang:
        return text_in(name, lang)
    th, en = text_in(name, "th"), text_in(name, "en")
    return th if th == en else f"{th} / {en}" if th and en else th or en


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun in the right number, with thousands separated.

    >>> counted(1, "relationship"), counted(1200, "view"), counted(2, "property", "properties")
    ('1 relationship', '1,200 views', '2 properties')
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
