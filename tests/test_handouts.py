"""The printable handouts: every PDF opens, holds what the course teaches, and rebuilds identically."""

import re
import subprocess
from pathlib import Path

import pytest

from course.facs import catalog, compare, main_codes
from course.facs.codes import INTENSITY_WORDS
from course.handouts import write_handouts
from course.handouts.reference import course_order

NAMES = [
    "au-reference.pdf",
    "intensity-guide.pdf",
    "notation-and-scoring.pdf",
    "confusable-pairs.pdf",
    "syllabus.pdf",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    paths = write_handouts(tmp_path_factory.mktemp("handouts"))
    return {p.name: p for p in paths}


def pages(pdf: Path) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [" ".join(page.split()) for page in out.stdout.split("\f")[:-1]]


def text(pdf: Path) -> str:
    return " ".join(pages(pdf))


def test_all_five_handouts_are_written(built):
    assert sorted(built) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_handout_is_a4_portrait(built, name):
    info = subprocess.run(
        ["pdfinfo", str(built[name])], capture_output=True, text=True, check=True
    ).stdout
    assert "595.28 x 841.89 pts (A4)" in info
    assert re.search(r"Page rot:\s+0\b", info)


@pytest.mark.parametrize("name", NAMES)
def test_every_page_of_each_handout_renders(built, name, tmp_path):
    out = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(built[name]), str(tmp_path / "page")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "Error" not in out.stderr
    assert len(list(tmp_path.glob("page*.png"))) == len(pages(built[name])) > 0


def test_au_reference_has_one_card_per_main_code_in_course_order(built):
    cards = pages(built["au-reference.pdf"])[1:]
    codes = course_order()
    assert len(cards) == len(codes)
    for card, code in zip(cards, codes, strict=True):
        assert f"AU {code.code} {code.name}" in card
        assert " ".join(code.mirror.split()) in card
    weeks = [code.week for code in codes]
    assert weeks == sorted(weeks)


def test_au_reference_cards_show_each_confusion_cue(built):
    cards = pages(built["au-reference.pdf"])[1:]
    for card, code in zip(cards, course_order(), strict=True):
        for confusion in code.confusions:
            assert " ".join(confusion.cue.split()) in card, (code.code, confusion.codes)


def test_intensity_guide_shows_every_main_code_that_takes_intensity(built):
    guide = text(built["intensity-guide.pdf"])
    for code in main_codes():
        if code.intensity:
            assert f"AU {code.code} {code.name}" in guide
            assert f"{code.code}A" in guide and f"{code.code}E" in guide
        else:
            assert f"AU {code.code} " not in guide
            assert f"{code.code} ({code.name.lower()})" in guide


def test_notation_sheet_shows_the_worked_example_computed_by_the_course(built):
    sheet = text(built["notation-and-scoring.pdf"])
    result = compare("1+2+5B+26", "1+2+5C+25+26")
    assert f"{result.agreement:.2f}" == "0.89"
    assert "2 × 4 / (4 + 5) = 0.89" in sheet


def test_notation_sheet_states_the_marks_and_rules_of_the_catalog(built):
    sheet = text(built["notation-and-scoring.pdf"])
    cat = catalog()
    assert f"{cat.pass_mark:.2f} Pass mark of the final test" in sheet
    assert f"{cat.ready_mark:.2f} Readiness mark of this course" in sheet
    for first, second in cat.exclusive:
        assert re.search(rf"\b{first} not with [0-9A-Z, ]*\b{second}\b", sheet), (first, second)
    assert "While 50 (speech) is scored, 25, 26 and 27 are not" in sheet
    assert "B28 lip suck on the bottom lip only (prefix)" in sheet
    assert "28B lip suck at intensity B, slight (suffix)" in sheet
    for letter, word in INTENSITY_WORDS.items():
        assert f"{letter} {word}" in sheet
    for prefix in "LRUTBAVWXYZGHIJK":
        assert re.search(rf"\b{prefix} (left|right|one|top|bottom|asymmetric)", sheet), prefix


def test_confusable_pairs_show_every_pair_with_its_cue(built):
    sheet = text(built["confusable-pairs.pdf"])
    codes = catalog().codes
    for pair in catalog().confusions:
        a, b = (codes[c] for c in pair.codes)
        assert f"{a.code} {a.name} vs {b.code} {b.name}" in sheet
        assert " ".join(pair.cue.split()) in sheet


def test_syllabus_lists_each_code_under_the_week_that_teaches_it(built):
    syllabus = text(built["syllabus.pdf"])
    starts = [syllabus.index(f"Week {n} ") for n in range(1, 10)]
    assert starts == sorted(starts)
    blocks = [syllabus[a:b] for a, b in zip(starts, [*starts[1:], len(syllabus)], strict=True)]
    for code in main_codes():
        assert f"{code.code} {code.name}" in blocks[code.week - 1], code.code
    assert "Chapter 7: orbital (lip) actions" in blocks[5]


@pytest.mark.slow  # builds all five PDFs a second time
def test_two_builds_give_byte_identical_pdfs(built, tmp_path):
    again = {p.name: p for p in write_handouts(tmp_path)}
    for name in NAMES:
        assert again[name].read_bytes() == built[name].read_bytes(), name
