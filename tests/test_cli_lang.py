"""`--lang both|th|en` on every command that shows or writes names (README, "Languages"): one option,
one default, and what each language leaves in the output, on the bundled BMA model."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import bundled_model_path
from cli import main
from exporters import read_model

NAME_COMMANDS = (
    "info",
    "check",
    "convert",
    "layout",
    "gap",
    "impact",
    "trace",
    "matrix",
    "portfolio",
    "roadmap",
    "diagram",
    "report",
    "review",
)
# (command line, id of an element it names); the two plateaus' own names head `ea gap` in both languages
TEXT_OUTPUTS = (
    (["info"], None),
    (["check", "--fail-on", "never"], "id-svc-ad-sign-public"),
    (["check", "--fail-on", "never", "--format", "csv"], "id-svc-ad-sign-public"),
    (["gap", "--no-compliance"], "id-doc-id-card"),
    (["impact", "id-app-bma-oss"], "id-svc-bldg-permit"),
    (["trace"], "id-svc-bldg-permit"),
    (["matrix"], "id-svc-ad-sign-public"),
    (["matrix", "--format", "csv"], "id-svc-ad-sign-public"),
    (["portfolio"], "id-app-bma-oss"),
    (["roadmap"], "id-wp-wp-oss-rollout"),
    (["roadmap", "--format", "json"], "id-wp-wp-oss-rollout"),
)


@pytest.fixture(scope="module")
def bma():
    return read_model(bundled_model_path())


def names_of(model, ref: str | None) -> tuple[str, str]:
    name = model.info.name if ref is None else model.element(ref).name
    assert name["th"] and name["en"] and name["th"] != name["en"]
    return name["th"], name["en"]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", NAME_COMMANDS)
def test_every_name_command_has_the_one_lang_option(command):
    (option,) = [p for p in main.commands[command].params if p.name == "lang"]
    assert list(option.type.choices) == ["both", "th", "en"]
    assert option.default == "both"


@pytest.mark.parametrize(("args", "ref"), TEXT_OUTPUTS, ids=lambda a: " ".join(a) if isinstance(a, list) else a)
def test_th_shows_the_thai_name_en_the_english_one_both_both(bma, args, ref):
    th, en = names_of(bma, ref)
    thai, english, both = (run(*args, "--lang", lang) for lang in ("th", "en", "both"))
    assert th in thai and en not in thai
    assert en in english and th not in english
    assert th in both and en in both


def test_both_is_the_default(bma):
    th, en = names_of(bma, None)
    assert run("info").splitlines()[0] == f"{th} / {en}"
    assert run("matrix") == run("matrix", "--lang", "both")


def test_check_both_keeps_the_english_messages_it_had_by_default():
    default = run("check", "--fail-on", "never")
    assert default == run("check", "--fail-on", "never", "--lang", "both")
    english = run("check", "--fail-on", "never", "--lang", "en")
    # the same English messages; only the service headings lose their Thai half
    assert [line for line in default.splitlines() if not line.startswith("■")] == [
        line for line in english.splitlines() if not line.startswith("■")
    ]


@pytest.mark.parametrize("lang", ["th", "en", "both"])
def test_diagram_names_elements_in_the_language_asked_for(bma, tmp_path, lang):
    th, en = names_of(bma, "id-svc-bldg-permit")
    run("diagram", "--out", str(tmp_path), "--service", "id-svc-bldg-permit", "--lang", lang)
    svg = html.unescape((tmp_path / "service-id-svc-bldg-permit.svg").read_text(encoding="utf-8"))
    shown = svg + " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))  # a long name wraps over lines
    assert (th in shown, en in shown) == {"th": (True, False), "en": (False, True), "both": (True, True)}[lang]


def test_report_in_thai_names_services_in_thai_only(bma, tmp_path):
    th, en = names_of(bma, "id-svc-bldg-permit")
    index = Path(run("report", "--out", str(tmp_path), "--lang", "th").strip())
    page = html.unescape((index.parent / "service-id-svc-bldg-permit.html").read_text(encoding="utf-8"))
    assert th in page and en not in page


def test_review_in_english_names_the_model_and_services_in_english(bma, tmp_path):
    th, en = names_of(bma, None)
    summary = run("review", "--out", str(tmp_path), "--lang", "en")
    assert summary.startswith(f"{en}: ") and th not in summary
    service_th, service_en = names_of(bma, "id-svc-bldg-permit")
    page = html.unescape((tmp_path / "report" / "service-id-svc-bldg-permit.html").read_text(encoding="utf-8"))
    assert service_en in page and service_th not in page


# ---- ea convert: Archi holds one name per concept --------------------------------------------------

EXPECTED = {"th": "{th}", "en": "{en}", "both": "{th} / {en}"}


@pytest.mark.parametrize("lang", ["th", "en", "both"])
@pytest.mark.parametrize("target", ["bma.archimate", "csv/"])
def test_convert_to_archi_keeps_the_chosen_language_and_reads_back(bma, tmp_path, lang, target):
    out = f"{tmp_path}/{target}"
    run("convert", str(bundled_model_path()), out, "--lang", lang)
    back = read_model(out)
    for ref in ("id-svc-ad-sign-public", "id-app-bma-oss"):
        th, en = names_of(bma, ref)
        assert back.element(ref).name == {"": EXPECTED[lang].format(th=th, en=en)}
    th, en = names_of(bma, None)
    assert back.info.name == {"": EXPECTED[lang].format(th=th, en=en)}


def test_convert_both_joins_documentation_a_blank_line_apart(bma, tmp_path):
    ref = next(e.id for e in bma.elements() if {"th", "en"} <= e.documentation.keys())
    doc = bma.element(ref).documentation
    run("convert", str(bundled_model_path()), f"{tmp_path}/m.archimate")  # the default: both
    assert read_model(tmp_path / "m.archimate").element(ref).documentation == {"": f"{doc['th']}\n\n{doc['en']}"}


def test_convert_to_the_exchange_format_keeps_every_language_whatever_lang_says(bma, tmp_path):
    for lang in ("th", "en"):
        run("convert", str(bundled_model_path()), f"{tmp_path}/{lang}.xml", "--lang", lang)
        back = read_model(tmp_path / f"{lang}.xml")
        assert back.element("id-svc-ad-sign-public").name == bma.element("id-svc-ad-sign-public").name


@pytest.mark.parametrize("lang", ["th", "en"])
def test_layout_lists_and_writes_view_names_in_the_language_asked_for(bma, tmp_path, lang):
    view = next(v for v in bma.views if v.id == "id-view-organisation")
    other = "en" if lang == "th" else "th"
    out = tmp_path / "laid-out.archimate"
    listed = run("layout", str(bundled_model_path()), str(out), "--view", view.id, "--lang", lang)
    assert view.name[lang] in listed and view.name[other] not in listed
    back = read_model(out)
    assert next(v for v in back.views if v.id == view.id).name == {"": view.name[lang]}
    assert back.element("id-app-bma-oss").name == {"": bma.element("id-app-bma-oss").name[lang]}
