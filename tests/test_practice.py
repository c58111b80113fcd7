"""Immediate feedback in session notebooks: what a learner reads after check, hint, solution."""

from __future__ import annotations

import pytest

from course import practice
from course.facs import Event, NotationError, parse
from course.facs.codes import confusion_between


@pytest.mark.parametrize("starter", ["", "...", "  ", None, "…"])
def test_untouched_answer_is_not_attempted_not_wrong(starter):
    feedback = practice.check("1+2", starter)
    assert feedback.state == "not-attempted"
    assert feedback.agreement is None
    assert "Not attempted" in feedback._repr_html_()
    wrong = practice.check("1+2", "4")
    assert wrong.state == "checked" and wrong.agreement == 0.0


def test_malformed_code_shows_the_notation_message_not_a_traceback():
    with pytest.raises(NotationError) as error:
        parse("1+2<")
    feedback = practice.check("1+2", "1+2<")
    assert feedback.state == "invalid"
    assert feedback.lines == (str(error.value),)
    assert "&lt;" in feedback._repr_html_()  # escaped, shown as text


def test_worked_example_agreement_and_intensity():
    feedback = practice.check("1+2+5B+26", "1+2+5C+25+26")
    assert feedback.agreement == pytest.approx(0.889, abs=1e-3)
    assert feedback.title.startswith("Agreement 0.89")
    text = str(feedback)
    assert "Added (in your answer, not in the key): 25" in text
    assert "Intensity of 5: the key has B, you gave C." in text


def test_confused_pair_shows_the_separating_cue():
    feedback = practice.check("1+4+9", "1+4+10")
    assert feedback.agreement == pytest.approx(2 / 3)
    assert confusion_between(9, 10).cue in str(feedback)
    assert "below the pass mark" in feedback.title


def test_timing_is_checked_against_marks_within_the_window():
    exercise = practice.Exercise("12", timing=Event(10, 30, 60), fps=30)
    feedback = exercise.check("12", {"onset": 11, "apex": 40, "offset": None})
    assert [p.agrees for p in feedback.timing.phases] == [True, False, False]
    text = str(feedback)
    assert "Onset: you marked frame 11, key frame 10" in text
    assert "Offset: not marked (key: frame 60)" in text
    unmarked = exercise.check("12", {"onset": None, "apex": None, "offset": None})
    assert unmarked.timing is None
    assert "timing was not checked" in str(unmarked)


def test_hints_escalate_region_then_cue_then_answer():
    exercise = practice.Exercise("6+12")
    first, second, third = exercise.hint(), exercise.hint(), exercise.hint()
    assert first.title.startswith("Hint 1 of 3")
    assert "eyes and lids" in first.lines[0] and "mouth and chin" in first.lines[0]
    assert "6" not in first.lines[0] and "12" not in first.lines[0]
    assert second.title.startswith("Hint 2 of 3")
    assert confusion_between(6, 7).cue in second.lines
    assert third.state == "solution" and third.title == "The answer: 6+12"
    assert exercise.hint().title == "The answer: 6+12"


def test_solution_names_codes_intensity_side_and_timing():
    exercise = practice.Exercise("R12B+4", timing=Event(5, 20, 40), fps=25)
    text = str(exercise.solution())
    assert "4 (Brow lowerer)" in text
    assert "12 (Lip corner puller), intensity B (slight), right side only" in text
    assert "Timing at 25 fps: onset frame 5, apex frame 20, offset frame 40." in text


def test_feedback_colour_follows_pass_and_readiness_marks():
    ready = practice.check("1+2+4", "1+2")  # 0.80
    passed = practice.check("1+2+4+5+7+9+10", "1+2+4+5")  # 0.73
    below = practice.check("1+2", "4")
    assert (ready.colour, passed.colour, below.colour) == ("#2e7d32", "#ef8f00", "#c62828")
    assert "a pass, but below the readiness mark" in passed.title


def test_neutral_key_coded_neutral_agrees():
    feedback = practice.check("0", "0")
    assert feedback.agreement == 1.0
    assert str(practice.Exercise("0").solution()).endswith("the face stays neutral.")
