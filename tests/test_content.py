"""The course-content model: one loader, one clip-row schema, and every copy agrees with the data."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from autograder.keys import keys_dir, load_week
from autograder.keys import weeks as key_weeks
from autograder.release import source_notebook
from course import content
from course.face.clip import clip_spec_for
from course.facs import catalog
from course.handouts.syllabus import build_syllabus, reading

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = ROOT / "sessions"
MARKS = re.compile(r"\b0\.\d\d\b")


def _cells(week: int) -> list[dict]:
    (path,) = SESSIONS.glob(f"week{week:02d}-*.ipynb")
    return json.loads(path.read_text("utf-8"))["cells"]


def _markdown(week: int) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(week) if c["cell_type"] == "markdown")


@pytest.mark.parametrize("week", content.weeks(), ids=lambda w: f"week{w.number:02d}")
def test_session_notebook_heading_and_reading_follow_the_data(week):
    first = "".join(_cells(week.number)[0]["source"]).splitlines()[0]
    assert first == f"# Week {week.number} · {week.title}"
    reading_line = next(
        line for line in _markdown(week.number).splitlines() if "Read in your manual" in line
    )
    for chapter in week.chapters:
        assert f"chapter {chapter}" in reading_line, (week.number, chapter)


@pytest.mark.parametrize("week", content.weeks(), ids=lambda w: f"week{w.number:02d}")
def test_session_notebooks_do_not_type_the_marks(week):
    assert not MARKS.findall(_markdown(week.number)), "format the marks from the catalog instead"


def test_syllabus_shows_each_week_as_the_data_has_it(tmp_path):
    pdf = build_syllabus(tmp_path / "syllabus.pdf")
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    syllabus = " ".join(out.stdout.split())
    for week in content.weeks():
        for words in (week.title, week.topics, week.practise, week.hand_in, *reading(week)):
            assert " ".join(words.split()) in syllabus, (week.number, words)
    marks = catalog()
    assert f"its pass mark is {marks.pass_mark:.2f}" in syllabus


def test_every_graded_week_takes_its_title_from_the_data_and_its_marks_from_the_catalog():
    assert key_weeks() == [f"week{w.number:02d}" for w in content.weeks()]
    for week in content.weeks():
        graded = load_week(f"week{week.number:02d}")
        keys = tomllib.loads((keys_dir() / f"{graded.name}.toml").read_text("utf-8"))
        assert "title" not in keys
        intro = source_notebook(graded).cells[0].source
        assert intro.startswith(f"# {week.assignment}\n")
        marks = catalog()
        ready = f"**{marks.ready_mark:.2f}**" in intro
        assert ready == week.mock_test


def test_one_clip_row_schema_for_practice_clips_and_graded_items():
    row = {"score": "1C+2C", "identity": 3, "blinks": 1}
    spec = content.clip_from_row(row, 4)
    assert spec == clip_spec_for("1C+2C", frames=60, identity=3, seed=4, blinks=1, size=320)
    assert content.clip_from_row(row, 4, {"size": 256, "seed": 0}).size == 256
    timed = content.clip_from_row({"score": "12C", "onset": 5, "apex": 20, "offset": 40}, 1)
    assert (timed.events[0].onset, timed.events[0].apex, timed.events[0].offset) == (5, 20, 40)
    events = content.clip_from_row(
        {"events": [{"code": "45", "onset": 3, "apex": 5, "offset": 8}]}, 2
    )
    assert [e.code for e in events.events] == ["45"]


def test_practice_clips_come_from_the_content_loader():
    clips = content.practice_clips(1)
    assert [c.number for c in clips] == list(range(1, len(clips) + 1))
    assert {c.spec.size for c in clips} == {256}


def test_not_attempted_means_the_same_in_practice_and_in_graded_answers():
    from course.assignment import AnswerProblem, read_answer
    from course.practice import Exercise

    for starter in content.starters():
        assert Exercise("1").check(starter).state == "not-attempted"
        with pytest.raises(AnswerProblem, match="not answered yet"):
            read_answer(1, f" {starter} ")


def test_a_week_out_of_range_is_a_plain_error():
    with pytest.raises(ValueError, match="weeks 1 to 9"):
        content.week(10)


def test_emotion_prototypes_are_read_from_their_data_file():
    names = [e.name for e in content.emotions()]
    assert names[:2] == ["Happiness", "Surprise"]
    assert all(e.examples for e in content.emotions())


def test_the_verdict_words_are_the_catalogs_for_an_item_and_for_a_test():
    from course.facs import test_score
    from course.facs.explain import test_lines
    from course.practice import Exercise

    words = catalog().verdicts
    assert Exercise("1+2").check("1+2").title == f"Agreement 1.00: {words['good']}"
    seventy = Exercise("1+2+4+5+6+7+9+10+11+12").check("1+2+4+5+6+7+9+13+14+15")
    assert seventy.title == f"Agreement 0.70: {words['close']}"
    assert words["poor"] in test_lines(test_score([("1+2", "4")]))[0]


def test_face_regions_are_named_once_for_the_catalog_the_renderer_and_the_player():
    from course.face.render import REGIONS as BOXES
    from course.facs.codes import REGION_LABELS, REGIONS
    from course.player import play

    assert list(REGION_LABELS) == list(REGIONS) and set(REGIONS) == set(BOXES)
    assert {c.region for c in catalog().codes.values()} <= set(REGIONS)
    buttons = {r["name"]: r["label"] for r in play("1+2").regions}
    assert buttons == REGION_LABELS
