"""A cohort learner's fetched feedback pages reach their own record, each page once."""

from __future__ import annotations

import shutil

import pytest

from course.fetched_feedback import result_tag, results
from course.record import Record, take_in
from tests.test_feedback_page import feedback_file  # noqa: F401 (the real pipeline's page)

STAMP = "2026-12-03 08:00:00.000000 UTC"  # nbgrader names a fetched feedback folder by time


def fetched(home, page_text: str, week: str = "week01", stamp: str = STAMP) -> None:
    folder = home / "facs-course" / week / "feedback" / stamp
    folder.mkdir(parents=True)
    (folder / f"{week}.html").write_text(page_text, "utf-8")


@pytest.mark.pipeline
def test_a_fetched_feedback_page_is_taken_into_the_record_once(feedback_file, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    fetched(home, feedback_file.read_text("utf-8"))
    record = Record(tmp_path / "record.sqlite")
    assert take_in(record, home) == 7  # item 8 was blank: nothing to keep
    assert take_in(record, home) == 0  # the same page again adds nothing
    kept = {a.item: a for a in record.attempts()}
    assert set(kept) == {f"week01/item{n:02d}" for n in range(1, 8)}
    item2 = kept["week01/item02"]
    assert (item2.source, item2.time, item2.key, item2.answer, item2.agreement) == (
        "graded",
        STAMP,
        "2C",
        "1",
        0.0,
    )
    assert {(c.code, c.outcome) for c in item2.codes} == {(2, "missed"), (1, "added")}
    assert kept["week01/item04"].agreement == pytest.approx(2 / 3, abs=1e-4)


def test_a_score_only_block_keeps_the_agreement_and_no_key(tmp_path):
    page = result_tag("week05/item03", "12B", 0.5, None) + result_tag("week05/item04", "x", 1, None)
    page += '<script type="application/json" class="facs-result">{not json</script>'
    fetched(tmp_path, page, week="week05")
    record = Record(tmp_path / "record.sqlite")
    assert take_in(record, tmp_path) == 2
    (first, second) = record.attempts()
    assert (first.key, first.answer, first.agreement, first.codes) == (None, "12B", 0.5, ())
    assert second.item == "week05/item04"


def test_a_block_cannot_end_the_script_early():
    tag = result_tag("week01/item01", '</script><b>"', 1.0, "1")
    assert tag.count("</script>") == 1
    assert results(tag) == [
        {"item": "week01/item01", "answer": '</script><b>"', "agreement": 1.0, "key": "1"}
    ]


def test_pages_elsewhere_in_the_home_are_not_read(tmp_path):
    stray = tmp_path / "notes" / "feedback.html"
    stray.parent.mkdir()
    stray.write_text(result_tag("week01/item01", "1", 1.0, "1"))
    shutil.copy(stray, tmp_path / "feedback.html")
    assert take_in(Record(tmp_path / "record.sqlite"), tmp_path) == 0
