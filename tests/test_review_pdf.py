"""`ea review --pdf`: the review pack printed to one PDF by headless Chromium, read back with poppler's
tools (pdfinfo, pdftotext, pdffonts, pdftoppm) the way a reader's PDF viewer would see it.

Chromium and poppler-utils are part of the test set-up (`scripts/install.sh --test`), so a missing one
FAILS these tests. EA_REPORT_SCREENSHOTS=<folder> keeps the rendered first page.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import bundled_model_path
from cli import main
from ea_model.plateaus import baseline_and_target
from exporters import read_model

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)  # 210 x 297 mm


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: run scripts/install.sh --test (Debian's poppler-utils)", pytrace=False)
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


@pytest.fixture(scope="module")
def model():
    return read_model(bundled_model_path())


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, Path, str]:
    """`ea review --pdf` on the bundled model: (pdf, review folder, stdout). Made once for the whole run:
    pytest-xdist's workers share the folder above their own temporary folders, and the first one prints."""
    shared = tmp_path_factory.getbasetemp().parent / "review-pdf"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        pdf, output = shared / "pack" / "review.pdf", shared / "output.txt"
        if not output.exists():
            result = CliRunner().invoke(main, ["review", "--out", str(shared / "review"), "--pdf", str(pdf)])
            assert result.exit_code == 0, result.output
            output.write_text(result.output, encoding="utf-8")
    return pdf, shared / "review", output.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def services_in_order(model) -> list[str]:
    """The citizen services the pack has a page for, in page order: as `ea check` lists them for the
    baseline, then those only the target has."""
    order: list[str] = []
    plateaus = baseline_and_target(model)
    assert plateaus, "the bundled model has a migration plan"
    for plateau in plateaus:
        result = CliRunner().invoke(
            main, ["check", str(bundled_model_path()), "--plateau", plateau, "--format", "json", "--fail-on", "never"]
        )
        assert result.exit_code == 0, result.output
        order += [s["id"] for s in json.loads(result.output)["services"] if s["id"] not in order]
    return order


def expected_pages(model, services: list[str]) -> int:
    """One page per section: the executive summary, each service, the gap (a model with a baseline and a
    target plateau), the roadmap (a model with work packages)."""
    gap = 1 if baseline_and_target(model) else 0
    roadmap = 1 if any(True for _ in model.elements(type="WorkPackage")) else 0
    return 1 + len(services) + gap + roadmap


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with all white space removed (pdftotext spaces Thai marks and wraps lines)."""
    pages = poppler("pdftotext", "-layout", str(pdf), "-").split("\f")
    return [re.sub(r"\s+", "", page) for page in pages if page.strip()]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def thai_name(model, ref: str) -> str:
    name = model.element(ref).name
    return next(v for k, v in name.items() if k.lower().startswith("th"))


def test_one_a4_page_per_section(printed, model, services_in_order):
    pdf, review, output = printed
    info = poppler("pdfinfo", str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages == expected_pages(model, services_in_order)
    width, height = (float(v) for v in re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert (round(width), round(height)) == A4_POINTS
    assert f"{pages} A4 pages" in output
    summary = json.loads((review / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"]["pdf"].startswith(str(pdf))
    assert [p.name for p in pdf.parent.iterdir()] == ["review.pdf"]  # written in place, no temporary left


def test_pages_in_order_with_thai_names(printed, model, services_in_order):
    pdf, _, _ = printed
    texts = page_texts(pdf)
    assert squeeze("สรุปสำหรับผู้บริหาร") in texts[0] and "Executivesummary" in texts[0]
    for number, ref in enumerate(services_in_order, start=2):
        name = thai_name(model, ref)
        assert re.search(r"[\u0e00-\u0e7f]", name)
        assert squeeze(name) in texts[number - 1], f"page {number} should be the page of {ref} ({name})"
    assert "Gapmatrix" in texts[-2]
    assert "Roadmap" in texts[-1]
    # the roadmap names its work packages in Thai
    package = next(iter(model.elements(type="WorkPackage")))
    assert squeeze(thai_name(model, package.id))[:12] in texts[-1]


def test_fonts_are_embedded_and_thai_comes_from_a_thai_font(printed):
    pdf, _, _ = printed
    lines = poppler("pdffonts", str(pdf)).splitlines()[2:]
    fonts = [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]
    assert fonts and all(embedded == "yes" for _, embedded in fonts), fonts
    families = {name.split("+", 1)[-1].split("-")[0] for name, _ in fonts}
    thai_capable = {
        family.replace(" ", "")
        for line in subprocess.run(
            ["fc-list", ":lang=th", "family"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for family in line.split(",")
    }
    assert families & thai_capable, f"no Thai font among {families}"


def test_first_page_renders_to_a_picture_with_text(printed, tmp_path):
    pdf, _, _ = printed
    folder = Path(os.environ.get("EA_REPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    poppler("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(folder / "pack-1"))
    width, height, pixels = read_png(folder / "pack-1.png")
    assert (width, height) == (round(A4_POINTS[0] * 60 / 72), round(A4_POINTS[1] * 60 / 72))
    inked = sum(1 for p in pixels if sum(p) < 3 * 200) / len(pixels)
    dark = sum(1 for p in pixels if sum(p) < 3 * 120)
    red = sum(1 for r, g, b in pixels if r > 200 and g < 120 and b < 120)  # the heatmap's fail cells
    assert inked > 0.03, f"page 1 is nearly blank ({inked:.1%} inked)"
    assert dark > 1000, "no dark text on page 1"
    assert red > 200, "the verdict colours did not print"


def test_missing_chromium_is_one_line_and_writes_nothing(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "review"
    result = CliRunner().invoke(
        main,
        ["review", "--out", str(out), "--pdf", str(tmp_path / "x.pdf")],
        env={"PATH": str(empty), "EA_CHROMIUM": None},
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Chromium" in lines[0] and "install.sh --test" in lines[0]
    assert not out.exists() and not (tmp_path / "x.pdf").exists()


def read_png(path: Path) -> tuple[int, int, list[tuple[int, ...]]]:
    """The pixels of an 8-bit RGB or greyscale PNG (what pdftoppm writes), PNG filters undone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (0, 2), "expected 8-bit greyscale or RGB"
    step = 3 if colour == 2 else 1
    stride = width * step
    raw, pixels, previous = zlib.decompress(idat), [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, up_left = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - up_left
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - up_left)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        pixels += [tuple(line[i : i + step]) * (3 // step) for i in range(0, stride, step)]
        previous = line
    return width, height, pixels
