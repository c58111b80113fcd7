"""What a learner sees when checking an answer, and what the grader prints and returns."""

import pytest

from autograder import grade, grade_timing, summary
from autograder.keys import KeysUnavailable, keys_dir, load_week
from course.assignment import AnswerProblem, check, check_all, check_frames, read_frames


def test_a_readable_answer_is_echoed_with_code_names(capsys):
    check(3, {"item_03": "au1 + 2b"})
    assert capsys.readouterr().out == (
        "Item 3 reads 1+2B (1 Inner brow raiser, 2B Outer brow raiser). It is scored when you "
        "submit.\n"
    )


@pytest.mark.parametrize(
    "namespace, words",
    [
        ({"item_03": ""}, "Item 3 is not answered yet"),
        ({"item_03": "..."}, "Item 3 is not answered yet"),
        ({"item_03": 12}, "Item 3 is not answered yet"),
        ({"item_03": "1+44"}, "Item 3: 44 (squint) was dropped"),
        ({}, "there is no item_03 yet"),
    ],
)
def test_problems_are_plain_words_without_a_traceback(namespace, words):
    with pytest.raises(AnswerProblem) as err:
        check(3, namespace)
    assert words in str(err.value)
    assert err.value._render_traceback_() == [str(err.value)]


def test_check_all_lists_every_problem_at_once(capsys):
    with pytest.raises(AnswerProblem) as err:
        check_all({"item_01": "1+2", "item_02": "", "item_03": "12x"}, 4)
    message = str(err.value)
    assert message.startswith("3 of 4 items need you:")
    assert "Item 2 is not answered" in message and "Item 3:" in message
    assert "there is no item_04" in message
    check_all({"item_01": "1", "item_02": "0"}, 2)
    assert "All 2 items are answered" in capsys.readouterr().out


@pytest.mark.parametrize("text, frames", [("12, 30, 55", (12, 30, 55)), (" 1 2 3 ", (1, 2, 3))])
def test_frames_are_read_in_order(text, frames):
    assert read_frames(1, text) == frames


@pytest.mark.parametrize(
    "text, words",
    [("", "not given yet"), ("12, 30", "three whole frame numbers"), ("30, 12, 55", "before")],
)
def test_bad_frames_are_explained(text, words):
    with pytest.raises(AnswerProblem, match=words):
        check_frames(5, {"frames_05": text})


def test_grade_returns_agreement_times_points_and_prints_feedback(capsys):
    key = load_week("week01").item(5).key.score  # 1C+4C
    assert str(key) == "1C+4C"
    assert grade("week01", 5, "1+4", points=2) == 2.0
    assert grade("week01", 5, "4+9") == round(2 / 4, 4)
    out = capsys.readouterr().out
    assert "Missed (in the key, not in your answer): 1 (Inner brow raiser)" in out
    assert "1C+4C" not in out
    assert out.count("Some codes have no intensity letter") == 2


def test_timing_is_scored_within_the_window(capsys):
    item = load_week("week08").item(1)
    scored = [e for e in item.key.events if not e.distractor]
    onset, apex = scored[0].onset, item.key.apex
    offset = max(e.offset for e in scored)
    assert grade_timing("week08", 1, f"{onset}, {apex}, {offset}") == 1.0
    assert grade_timing("week08", 1, f"{onset}, {apex + 20}, {offset + 20}") == round(1 / 3, 4)
    assert "outside the window" in capsys.readouterr().out


def test_summary_counts_blank_answers_as_zero(capsys):
    week = load_week("week01")
    answers = {f"item_{i.number:02d}": str(i.key.score) for i in week.items}
    answers["item_02"] = ""
    summary("week01", answers)
    out = capsys.readouterr().out
    assert "Blank or unreadable, scored 0: item 2." in out
    assert f"Mean agreement {7 / 8:.2f} over 8 items" in out
    assert "Your misses and adds by code" not in out  # the answered ones are all right


def test_keys_elsewhere_are_reported_as_unavailable(monkeypatch, tmp_path):
    monkeypatch.setenv("FACS_KEYS_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(KeysUnavailable, match="instructor's side"):
        keys_dir()
