"""`ea info` on an exchange file counts as it streams (`count_exchange`): the same counts and header
as reading the model, the same refusals with the same messages, and a fraction of the memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from catalog import bundled_model_path
from cli import main
from ea_model import EaError
from exporters import count_model
from exporters.exchange import count_exchange, read_exchange
from scripts.generate_model import main as generate

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-m">\n'
    '  <name xml:lang="en">M</name>\n'
    "  <elements>\n"
    '    <element identifier="id-a" xsi:type="BusinessActor"><name>Actor</name></element>\n'
    '    <element identifier="id-b" xsi:type="BusinessRole"><name>Role</name></element>\n'
    "  </elements>\n"
)

MODELS = [bundled_model_path(), *sorted(EXAMPLES.glob("*.xml"))]


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_counts_and_header_equal_the_read_models(path: Path) -> None:
    model = read_exchange(path)
    info, counts = count_exchange(path)
    assert counts == model.counts()
    assert (info.id, info.name, info.documentation) == (model.info.id, model.info.name, model.info.documentation)


def test_relationships_on_relationships_and_forward_references_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "forward.xml"
    path.write_text(
        HEAD
        + "  <relationships>\n"
        + '    <relationship identifier="id-r2" xsi:type="Association" source="id-a" target="id-r1"/>\n'
        + '    <relationship identifier="id-r1" xsi:type="Assignment" source="id-a" target="id-b"/>\n'
        + "  </relationships>\n</model>\n"
    )
    _, counts = count_exchange(path)
    assert counts == read_exchange(path).counts()
    assert counts["relationships"] == 2 and counts["by_type"]["Association"] == 1


BROKEN = {
    "dangling end": '  <relationships>\n    <relationship identifier="id-r" xsi:type="Serving" source="id-a" '
    'target="id-gone"/>\n  </relationships>\n',
    "duplicate id": '  <relationships>\n    <relationship identifier="id-a" xsi:type="Serving" source="id-a" '
    'target="id-b"/>\n  </relationships>\n',
    "view of nothing": '  <views><diagrams><view identifier="id-v" xsi:type="Diagram"><name>v</name>\n'
    '    <node identifier="id-n" xsi:type="Element" elementRef="id-gone" x="0" y="0" w="9" h="9"/>\n'
    "  </view></diagrams></views>\n",
    "folder of nothing": '  <organizations><item><label>f</label><item identifierRef="id-gone"/></item>'
    "</organizations>\n",
    "cycle": '  <relationships>\n    <relationship identifier="id-c1" xsi:type="Association" source="id-a" '
    'target="id-c2"/>\n    <relationship identifier="id-c2" xsi:type="Association" source="id-a" '
    'target="id-c1"/>\n  </relationships>\n',
}


@pytest.mark.parametrize("body", BROKEN.values(), ids=BROKEN.keys())
def test_a_file_the_reader_refuses_is_refused_with_the_same_message(tmp_path: Path, body: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(HEAD + body + "</model>\n")
    with pytest.raises(EaError) as read_error:
        read_exchange(path)
    with pytest.raises(EaError) as count_error:
        count_exchange(path)
    assert str(count_error.value) == str(read_error.value)


def test_ea_info_on_a_broken_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(HEAD + BROKEN["dangling end"] + "</model>\n")
    result = CliRunner().invoke(main, ["info", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"ea: error: {path}:") and "Traceback" not in result.output


def test_other_formats_are_counted_from_the_read_model(tmp_path: Path) -> None:
    native = tmp_path / "bma.archimate"
    assert CliRunner().invoke(main, ["convert", str(bundled_model_path()), str(native)]).exit_code == 0
    info, counts = count_model(native)
    assert counts == read_exchange(bundled_model_path()).counts()


def test_counting_takes_a_fraction_of_the_memory_of_reading(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.xml"
    assert generate(["3000", str(path), "--seed", "2"]) == 0

    def peak(read) -> int:
        tracemalloc.start()
        try:
            read(path)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    counting, reading = peak(count_exchange), peak(read_exchange)
    assert counting * 4 < reading, (counting, reading)


def test_reading_reports_its_progress_in_bytes_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.xml"
    assert generate(["3000", str(path), "--seed", "2"]) == 0
    size = path.stat().st_size
    for read in (read_exchange, count_exchange):
        seen: list[tuple[int, int]] = []
        read(path, progress=lambda done, total, seen=seen: seen.append((done, total)))
        assert len(seen) >= 2 and seen[-1] == (size, size)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen) and {t for _, t in seen} == {size}
