"""How the analyses name things for people: Thai and English side by side, or one language."""

from __future__ import annotations

from ea_model.model import Model
from ea_model.objects import LangString, text_in

# What `--lang` offers on every command that shows or writes names: both side by side, or one.
LANGUAGES = ("both", "th", "en")
BOTH = "both"


def display_name(name: LangString, lang: str | None = None, *, sep: str = " / ") -> str:
    """`lang`'s text when a language is asked for; otherwise Thai and English side by side
    ("ขออนุญาตก่อสร้าง / Building permit"), or whatever single name there is.

    >>> display_name({"th": "ขออนุญาตก่อสร้าง", "en": "Building permit"})
    'ขออนุญาตก่อสร้าง / Building permit'
    >>> display_name({"th": "ขออนุญาตก่อสร้าง", "en": "Building permit"}, "en")
    'Building permit'
    """
    if lang and lang != BOTH:
        return text_in(name, lang)
    th, en = text_in(name, "th"), text_in(name, "en")
    return th if th == en else f"{th}{sep}{en}" if th and en else th or en


def in_one_language(model: Model, lang: str) -> Model:
    """A copy of `model` whose names and documentation keep one text each, the one `text_in(_, lang)`
    picks: what a command shows when asked for one language. Ids, types, properties (data, not labels),
    relationships and the layout are the same objects' copies, so every analysis gives the same result.

    >>> from ea_model import Model, Element
    >>> m = Model()
    >>> m.add_element(Element(id="a", type="BusinessActor", name={"th": "ประชาชน", "en": "Citizen"}))
    >>> in_one_language(m, "th").element("a").name
    {'th': 'ประชาชน'}
    """

    def one(x):
        texts = {"name": {lang: text_in(x.name, lang)} if x.name else {}}
        texts["documentation"] = {lang: text_in(x.documentation, lang)} if x.documentation else {}
        return x.model_copy(update=texts)

    out = Model(info=one(model.info))
    out.source = model.source
    out.load_findings = list(model.load_findings)
    out.property_definitions = dict(model.property_definitions)
    out.organizations = list(model.organizations)
    out.add_concepts_from([one(e) for e in model.elements()], [one(r) for r in model.relationships()], checked=True)
    out.views = [one(v) for v in model.views]
    return out


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun in the right number, with thousands separated.

    >>> counted(1, "relationship"), counted(1200, "view"), counted(2, "property", "properties")
    ('1 relationship', '1,200 views', '2 properties')
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
