"""The review diagrams of the bundled BMA model on paper (issue 21): layer bands stacked top to bottom (no
staircase), right-angled lines, A3 portrait at most, a small legend of only what is drawn, Thai lines
apart, and the strategy map split into one legible map per BMA strategy. Read back from the SVG `dot`
wrote."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from lxml import etree

from catalog import bundled_model_path
from exporters import read_model
from exporters.diagrams import (
    bma_strategy_ids,
    citizen_service_ids,
    render,
    review_verdicts,
    service_diagram,
    strategy_elements,
    strategy_map,
)
from exporters.diagrams.graph import paper_for
from exporters.diagrams.notation import NOTATION, SMALL_FONT_SIZE, TYPE_LABEL, icon_of
from exporters.diagrams.scope import service_support
from exporters.xmlsafe import safe_parser

SVG = "{http://www.w3.org/2000/svg}"
LARGEST = "id-svc-bldg-permit"  # 77 elements, 124 relationships: the largest service diagram
BANDS = ("Motivation", "Business", "Application", "Technology", "National_platforms")
SPLIT_EDGES_MAX = 30  # relationships a split strategy map may draw (the whole map draws about 70)


@pytest.fixture(scope="module")
def model():
    return read_model(bundled_model_path())


@pytest.fixture(scope="module")
def verdicts(model):
    return review_verdicts(model, citizen_service_ids(model))


def svg_of(graph) -> etree._Element:
    """The SVG as `ea diagram` writes it (orthogonal lines, or straight segments where dot's router fails)."""
    with tempfile.TemporaryDirectory() as folder:
        return etree.parse(str(render(graph, Path(folder) / "d.svg")), safe_parser()).getroot()


def size_pt(svg: etree._Element) -> tuple[float, float]:
    return float(svg.get("width").removesuffix("pt")), float(svg.get("height").removesuffix("pt"))


def box(g: etree._Element) -> tuple[float, float, float, float]:
    """min x, min y, max x, max y over every outline and text in a group (graph units)."""
    xs, ys = [], []
    for e in g.iter(f"{SVG}polygon", f"{SVG}path"):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", e.get("points") or e.get("d"))]
        xs += numbers[0::2]
        ys += numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def cluster(svg: etree._Element, title: str) -> etree._Element:
    return next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "cluster" and g.findtext(f"{SVG}title") == title)


def edges(svg: etree._Element) -> dict[str, etree._Element]:
    return {g.get("id"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"}


def test_the_largest_service_diagram_stacks_its_layer_bands_top_to_bottom(model, verdicts):
    svg = svg_of(service_diagram(model, LARGEST, verdicts=verdicts[LARGEST]))
    width, height = size_pt(svg)
    assert height > width  # a page, not a poster on its side (was 3389 x 2414 pt)
    bands = [box(cluster(svg, f"cluster_{name}")) for name in BANDS]
    for upper, lower in zip(bands, bands[1:], strict=False):
        assert upper[3] <= lower[1]  # each band wholly above the next
    # no staircase: one vertical line runs through every band
    assert max(b[0] for b in bands) < min(b[2] for b in bands)


def test_relationships_are_drawn_with_right_angles_and_none_is_dropped(model, verdicts):
    scope = service_support(model, LARGEST)
    drawn = edges(svg_of(service_diagram(model, LARGEST, verdicts=verdicts[LARGEST])))
    assert set(scope.relationships) <= set(drawn)
    for rel_id in scope.relationships:
        d = next(drawn[rel_id].iter(f"{SVG}path")).get("d")
        points = [tuple(map(float, p)) for p in re.findall(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)", d)]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            assert abs(x0 - x1) < 0.5 or abs(y0 - y1) < 0.5, f"{rel_id} has a slanted segment"


def test_every_service_diagram_and_strategy_map_fits_a3_portrait(model, verdicts):
    papers = {}
    graphs = [(sid, service_diagram(model, sid, verdicts=verdicts[sid])) for sid in citizen_service_ids(model)]
    graphs += [(goal, strategy_map(model, verdicts=verdicts, strategy=goal)) for goal in bma_strategy_ids(model)]
    for name, graph in graphs:
        papers[name] = paper_for(*size_pt(svg_of(graph)))
    assert None not in papers.values(), [name for name, paper in papers.items() if paper is None]
    assert paper_for(500, 700) == "A4" and paper_for(700, 1000) == "A3" and paper_for(900, 1000) is None


def test_pdf_and_png_of_the_largest_service_diagram_are_page_sized(model, verdicts, tmp_path):
    graph = service_diagram(model, LARGEST, verdicts=verdicts[LARGEST])
    pdf = render(graph, tmp_path / "d.pdf").read_bytes()
    media = [float(v) for v in re.search(rb"MediaBox \[ *([\d. ]+)\]", pdf).group(1).split()]
    assert paper_for(media[2] - media[0], media[3] - media[1]) == "A3"  # printed at 100 %, no half-inch margins
    png = render(graph, tmp_path / "d.png").read_bytes()
    assert int.from_bytes(png[16:20], "big") >= 2000  # pixels enough to read on screen (a sheet at 200 dpi)


def test_the_legend_is_small_at_the_bottom_and_keys_only_the_types_drawn(model, verdicts):
    svg = svg_of(service_diagram(model, LARGEST, verdicts=verdicts[LARGEST]))
    key = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "legend-key")
    text = " ".join(t.text for t in key.iter(f"{SVG}text") if t.text)
    drawn = {model.element(ref).type for ref in service_support(model, LARGEST).elements}
    for type_name in (t for t in NOTATION if icon_of(t)):
        th, en = TYPE_LABEL[type_name]
        assert (f"{th} / {en}" in text) == (type_name in drawn), type_name
    assert max(float(t.get("font-size")) for t in key.iter(f"{SVG}text")) <= SMALL_FONT_SIZE
    legend = box(cluster(svg, "cluster_legend"))
    whole = box(next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "graph"))
    assert legend[1] >= box(cluster(svg, "cluster_National_platforms"))[3]  # under the drawing
    assert legend[3] - legend[1] < 0.2 * (whole[3] - whole[1])  # a corner, not a block (was a third)


def test_thai_lines_of_a_label_are_apart_by_more_than_the_font_size(model, verdicts):
    svg = svg_of(service_diagram(model, LARGEST, verdicts=verdicts[LARGEST]))
    node = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "id-goal-ns-2")  # a name on two lines
    bold = [float(t.get("y")) for t in node.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert len(bold) == 2
    assert bold[1] - bold[0] >= 11 + 2  # 11 pt type, 2 pt between the lines (was 11: ุ touched the next line)


def test_each_bma_strategy_gets_a_map_of_its_own_with_few_lines(model, verdicts):
    whole = strategy_elements(model)
    goals = bma_strategy_ids(model)
    assert len(goals) >= 5 and set(goals) <= {ref for ref, band in whole.items() if band == "bma"}
    model_relationships = {r.id for r in model.relationships()}
    whole_edges = set(edges(svg_of(strategy_map(model, verdicts=verdicts)))) & model_relationships
    assert len(whole_edges) > SPLIT_EDGES_MAX  # why it is split
    covered: set[str] = set()
    for goal in goals:
        placed = strategy_elements(model, strategy=goal)
        assert [ref for ref, band in placed.items() if band == "bma"] == [goal]
        drawn = set(edges(svg_of(strategy_map(model, verdicts=verdicts, strategy=goal)))) & model_relationships
        assert 0 < len(drawn) <= SPLIT_EDGES_MAX, goal
        covered |= {ref for ref, band in placed.items() if band == "services"}
    assert covered == {ref for ref, band in whole.items() if band == "services"}  # no service is lost
