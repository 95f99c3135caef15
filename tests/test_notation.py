"""ArchiMate notation: every element type drawn in the specification's box notation (outline, corners,
the type's icon in the top-right corner), checked against a table written from the specification
(tests/data/archimate_notation.csv) on the SVG, PNG and PDF Graphviz writes; the icons themselves;
views drawn as the model has them; and `ea diagram --legend`."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA
from lxml import etree

from cli import main
from ea_model import EaError, Element, Model, lang_string
from ea_model.metamodel import ELEMENT_TYPES
from ea_model.objects import Bounds, Color, Style, View, ViewNode
from exporters.diagrams import notation_key, render, view_diagram
from exporters.diagrams.graph import element_node, new_graph
from exporters.diagrams.icons import ICON_DIR, ICON_SIZE, MANIFEST, PIXELS, check_icon_svg, icon_ids
from exporters.report.svg import clean_svg_document
from exporters.xmlsafe import safe_parser

SVG = "{http://www.w3.org/2000/svg}"
EXPECTED = {row["type"]: row for row in csv.DictReader((DATA / "archimate_notation.csv").open(encoding="utf-8"))}


def parse(path: Path) -> etree._Element:
    return etree.parse(str(path), safe_parser()).getroot()


def nodes(svg: etree._Element) -> dict[str, etree._Element]:
    return {g.get("id"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"}


def icons(group: etree._Element) -> list[etree._Element]:
    return [g for g in group.iter(f"{SVG}g") if g.get("class") == "icon"]


def numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", text)]


def outline(group: etree._Element) -> tuple[str, str, tuple[float, float, float, float]]:
    """What the node's outline is (shape family, corners) and its box (min x, min y, max x, max y)."""
    first = next(group.iter(f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse"))
    if first.tag == f"{SVG}ellipse":
        cx, cy, rx, ry = (float(first.get(k)) for k in ("cx", "cy", "rx", "ry"))
        corners = {"#000000": "filled", "#ffffff": "hollow"}.get(first.get("fill"), first.get("fill"))
        return "circle", corners, (cx - rx, cy - ry, cx + rx, cy + ry)
    values = numbers(first.get("points") or first.get("d"))
    xs, ys = values[0::2], values[1::2]
    box = (min(xs), min(ys), max(xs), max(ys))
    if first.tag == f"{SVG}path":
        return ("box", "rounded", box) if "C" in first.get("d") else ("path", "?", box)
    corners = len(xs) - 1  # a closed polygon repeats its first point
    chords = [p for p in group.iter(f"{SVG}polyline") if p.getparent().get("class") != "icon"]
    if corners == 4:
        return "box", "cut" if len(chords) == 4 else "square", box
    if corners == 6 and len(chords) == 1:  # Graphviz's tab: a box with a tab at the top left
        return "tab", "square", box
    return f"polygon{corners}", "?", box


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> dict[str, etree._Element]:
    out = tmp_path_factory.mktemp("key")
    return nodes(parse(render(notation_key(lang="en"), out / "notation.svg")))


def test_the_table_covers_every_element_type_of_the_metamodel():
    assert set(EXPECTED) == set(ELEMENT_TYPES)
    assert {row["icon"] for row in EXPECTED.values() if row["icon"]} == icon_ids()  # and every icon is used


@pytest.mark.parametrize("type_name", sorted(ELEMENT_TYPES))
def test_each_type_is_drawn_with_the_specifications_outline_corners_and_icon(key, type_name):
    row = EXPECTED[type_name]
    node = key[f"key-{type_name}"]
    shape, corners, (left, top, right, bottom) = outline(node)
    assert (shape, corners) == (row["shape"], row["corners"])
    drawn = icons(node)
    assert [g.get("data-icon") for g in drawn] == ([row["icon"]] if row["icon"] else [])
    assert node.find(f".//{SVG}image") is None  # inlined, not a link to a file
    if drawn:  # in the top-right corner, inside the box
        x, y, scale = numbers(drawn[0].get("transform"))
        size = 16 * scale
        assert size == pytest.approx(ICON_SIZE)
        tab = 4 if shape == "tab" else 0  # the Grouping's tab stands above its frame
        assert 0 < right - (x + size) <= 6 and 0 < y - top - tab <= 6
        assert len(drawn[0]) > 0 and bottom - top > size


def test_types_the_old_diagrams_drew_alike_now_differ(key):
    """The issue's confusions: role/stakeholder were cylinders, events like processes, representation and
    deliverable like an artifact, device/system software/equipment like a node, Or like And."""

    def look(type_name):
        node = key[f"key-{type_name}"]
        return outline(node)[:2], tuple(g.get("data-icon") for g in icons(node))

    for group in (
        ("ApplicationEvent", "ApplicationProcess"),
        ("Representation", "Artifact", "Deliverable"),
        ("Node", "Device", "SystemSoftware", "Equipment"),
        ("AndJunction", "OrJunction"),
        ("BusinessRole", "BusinessActor"),
    ):
        assert len({look(t) for t in group}) == len(group), group
    assert look("Stakeholder")[1] == look("BusinessRole")[1] and look("Stakeholder")[0] != look("BusinessRole")[0]


def test_icons_are_plain_distinct_drawings_and_their_pngs_are_current():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    drawings = {}
    for icon in icon_ids():
        data = (ICON_DIR / "svg" / f"{icon}.svg").read_bytes()
        check_icon_svg(data, f"{icon}.svg")
        drawings[icon] = b"".join(data.split(b"\n")[1:])
        # scripts/build_icons.py renders the PNG Graphviz draws into PNG/PDF: run it after editing an icon
        assert manifest.get(icon) == hashlib.sha256(data).hexdigest(), f"{icon}.png is older than {icon}.svg"
        png = (ICON_DIR / "png" / f"{icon}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (PIXELS, PIXELS)
    assert len(set(drawings.values())) == len(drawings)
    assert set(manifest) == set(drawings)


def test_an_icon_that_is_more_than_a_drawing_is_refused():
    script = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><script>alert(1)</script></svg>'
    with pytest.raises(EaError, match=r"icon bad\.svg: <script> is not a drawing element"):
        check_icon_svg(script, "bad.svg")
    link = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M0 0" onclick="x()"/></svg>'
    with pytest.raises(EaError, match=r"icon bad\.svg: <path> has attributes .*onclick"):
        check_icon_svg(link, "bad.svg")


def test_the_report_keeps_the_icons_when_it_cleans_an_svg(tmp_path: Path):
    raw = render(notation_key(), tmp_path / "key.svg").read_bytes()
    cleaned = etree.fromstring(clean_svg_document(raw, lambda ref: None), safe_parser())
    kept = icons(cleaned)
    assert len(kept) == len(ELEMENT_TYPES) - 2  # every type but the junctions
    assert all(len(g) > 0 for g in kept) and cleaned.find(f".//{SVG}image") is None
    assert b"icons/png" not in clean_svg_document(raw, lambda ref: None)  # no local path left in the file


def _one_node(tmp_path: Path, type_name: str, fmt: str) -> Path:
    m = Model()
    el = Element(id="e", type=type_name, name=lang_string(th="กรุงเทพมหานคร", en="Bangkok Metropolitan Administration"))
    m.add_element(el)
    g = new_graph("one", "")
    g.attr(dpi="144", pad="0")  # 2 pixels a point
    element_node(g, m, el, "th")
    return render(g, tmp_path / f"one.{fmt}")


def _png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the red channel of each row of an 8-bit RGB(A) PNG (what Graphviz's cairo writes)."""
    data = path.read_bytes()
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw, stride, rows, previous = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = previous[x], previous[x - bpp] if x >= bpp else 0
            p = a + b - c
            predictor = {0: 0, 1: a, 2: b, 3: (a + b) // 2}.get(kind)
            if predictor is None:
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[x] = (line[x] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [row[0::bpp] for row in rows]  # the red channel is enough to tell dark from light


def test_png_and_pdf_draw_the_icon_too(tmp_path: Path):
    """Graphviz's cairo renderer draws the PNG copy; the place comes from the SVG of the same graph."""
    svg = parse(_one_node(tmp_path, "BusinessActor", "svg"))
    zoom, _, _, tx, ty = numbers(next(svg.iter(f"{SVG}g")).get("transform"))  # scale(2 2) rotate(0) translate(x y)
    x, y, scale = numbers(icons(svg)[0].get("transform"))
    width, height, rows = _png_pixels(_one_node(tmp_path, "BusinessActor", "png"))
    assert zoom == 2 and (width, height) == (round(float(svg.get("width")[:-2])), round(float(svg.get("height")[:-2])))

    def dark(x0: float, y0: float, size: float) -> int:
        return sum(
            1
            for py in range(int(2 * (y0 + ty)), int(2 * (y0 + ty + size)))
            for px in range(int(2 * (x0 + tx)), int(2 * (x0 + tx + size)))
            if rows[py][px] < 100
        )

    size = 16 * scale
    assert dark(x, y, size) > 60  # the stick figure's lines
    left = outline(nodes(svg)["e"])[2][0]
    assert dark(left + 4, y, size - 2) < 5  # the empty column that keeps the name centred: only the node's fill
    pdf = _one_node(tmp_path, "BusinessActor", "pdf").read_bytes()
    assert pdf.count(b"/Subtype /Image") >= 1 and b"Loma" in pdf


def _view_model() -> tuple[Model, View]:
    m = Model()
    for eid, etype in (("a", "ApplicationComponent"), ("and", "AndJunction"), ("or", "OrJunction")):
        m.add_element(Element(id=eid, type=etype, name=lang_string(th="ระบบ BMA OSS", en="BMA OSS")))
    black = Style(fill_color=Color(r=0, g=0, b=0))
    view = View(
        id="v",
        name=lang_string(en="View"),
        nodes=[
            ViewNode(id="n-a", element_ref="a", bounds=Bounds(x=20, y=20, w=160, h=70)),
            ViewNode(id="n-and", element_ref="and", bounds=Bounds(x=220, y=40, w=15, h=15), style=black),
            ViewNode(id="n-or", element_ref="or", bounds=Bounds(x=260, y=40, w=15, h=15), style=black),
        ],
    )
    m.views.append(view)
    return m, view


def test_a_view_draws_the_icon_in_the_nodes_own_corner_and_or_junctions_hollow(tmp_path: Path):
    m, view = _view_model()
    drawn = nodes(parse(render(view_diagram(m, view, lang="en"), tmp_path / "view.svg")))
    shape, corners, (left, top, right, bottom) = outline(drawn["n-a"])
    assert (shape, corners) == ("box", "square") and right - left == pytest.approx(160, abs=1)
    x, y, scale = numbers(icons(drawn["n-a"])[0].get("transform"))
    assert 0 < right - (x + 16 * scale) <= 6 and 0 < y - top <= 6
    # Archi writes a black fill for junctions; an Or-junction is hollow all the same
    assert outline(drawn["n-and"])[1] == "filled" and outline(drawn["n-or"])[1] == "hollow"


def test_the_legend_of_a_diagram_names_the_types_it_draws(tmp_path: Path):
    from test_diagrams import build_service_model

    from exporters.diagrams import service_diagram

    svg = parse(render(service_diagram(build_service_model(), "id-svc"), tmp_path / "svc.svg"))
    legend = nodes(svg)["legend-key"]
    text = " ".join(t.text for t in legend.iter(f"{SVG}text") if t.text)
    assert "กระบวนการทางธุรกิจ / Business process" in text and "Device" not in text
    assert {"process", "service", "component", "goal"} <= {g.get("data-icon") for g in icons(legend)}


def test_ea_diagram_legend_writes_the_notation_key(tmp_path: Path):
    result = CliRunner().invoke(main, ["diagram", "--legend", "--format", "png", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [str(tmp_path / "notation.png")]
    assert (tmp_path / "notation.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
