"""The nine session notebooks and the lesson helpers they call.

Each notebook is executed top to bottom in a real kernel (this environment's ``python3``), once
per test session; the assertions read what a learner would see in the outputs.
"""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course import lesson
from course.content import practice_clips
from course.exercises import exercise
from course.face.clip import make_clip
from course.facs import catalog, parse

SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
WEEKS = range(1, 10)
MIN_CLIPS = 8
RESTING_LINES = {2, 3, 7}  # identities with forehead lines or nasolabial folds at rest
PRACTICE_CELL = re.compile(r"practice_clip\((\d+), (\d+)\)")
MOCK_CELL = re.compile(r"mock_clip\(()(\d+)\)")  # week 9's mock test: same numbering


def notebook_path(week: int) -> Path:
    paths = sorted(SESSIONS.glob(f"week{week:02d}-*.ipynb"))
    assert len(paths) == 1, f"expected one notebook for week {week}, found {paths}"
    return paths[0]


def _execute(week: int) -> nbformat.NotebookNode:
    path = notebook_path(week)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(SESSIONS)}}
    ).execute()
    return nb


@pytest.fixture(scope="module")
def executed() -> dict[int, nbformat.NotebookNode]:
    """Every session notebook, run top to bottom (three kernels at a time)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(WEEKS, pool.map(_execute, WEEKS), strict=True))


def _outputs_html(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(data.get("text/html", "") + data.get("text/plain", ""))
            parts.append(output.get("text", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("week", WEEKS)
def test_notebook_is_committed_without_outputs(week):
    nb = nbformat.read(notebook_path(week), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source


@pytest.mark.parametrize("week", WEEKS)
def test_notebook_runs_and_teaches_the_week(executed, week):
    nb = executed[week]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    shown = _outputs_html(nb)
    for code in lesson.week_codes(week):
        assert html.escape(catalog().codes[code].name) in shown, code
    assert "<img" in shown
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "Read in your manual" in markdown and "What to remember" in markdown
    assert f"assignment fetch week{week:02d}" in shown


@pytest.mark.parametrize("week", WEEKS)
def test_practice_clips_play_without_showing_their_key(executed, week):
    pattern = MOCK_CELL if week == 9 else PRACTICE_CELL
    cells = [c for c in executed[week].cells if c.cell_type == "code"]
    players = [c for c in cells if pattern.search(c.source)]
    numbers = {int(pattern.search(c.source).group(2)) for c in players}
    assert len(numbers) >= MIN_CLIPS
    assert numbers == set(range(1, len(practice_clips(week)) + 1))
    for cell in players:
        assert cell.source.strip() == pattern.search(cell.source).group(0)
        bundle = cell.outputs[0]["data"]
        assert "application/vnd.jupyter.widget-view+json" in bundle
        key = str(exercise(week, int(pattern.search(cell.source).group(2))).key)
        assert f"Codes at the apex: {key}" not in bundle["text/html"]


@pytest.mark.parametrize("week", [w for w in WEEKS if w != 9])
def test_practice_rises_from_single_codes_to_hard_items(week):
    clips = practice_clips(week)
    keys = [make_clip(c.spec).key.score for c in clips]
    assert len(keys[0]) == 1, "the first clip of a week is a single code"
    assert any(len(k) >= 2 for k in keys), "some clips combine codes"
    assert any(e.intensity in "AB" and e.intensity for k in keys for e in k), "subtle items"
    assert any(
        c.spec.blinks or c.spec.head_motion or c.spec.identity in RESTING_LINES for c in clips
    ), "distractors"
    if week in {1, 3, 5, 8}:
        assert any(e.side in "LR" and e.side for k in keys for e in k), "one-sided items"


def test_every_practice_key_is_the_score_the_file_asks_for():
    for week in WEEKS:
        for clip in practice_clips(week):
            asked = "+".join(e.code for e in clip.spec.events) or "0"
            assert make_clip(clip.spec).key.score == parse(asked), (week, clip.number)


def test_teach_shows_name_pictures_and_every_confusion_cue():
    shown = lesson.teach(12)._repr_html_()
    code = catalog().codes[12]
    assert "Lip corner puller" in shown
    assert shown.count("<img") >= 6  # neutral, 12B, 12D, and their close-ups
    assert "12B slight" in shown and "12D severe" in shown
    assert html.escape(code.mirror) in shown
    for pair in code.confusions:
        assert html.escape(pair.cue) in shown


def test_teach_a_code_the_faces_do_not_draw_points_to_the_manual():
    shown = lesson.teach(50)._repr_html_()
    assert "Speech" in shown and "chapter 11" in shown and "<img" not in shown


def test_intensity_strip_shows_neutral_and_a_to_e():
    shown = lesson.intensity_strip(4)._repr_html_()
    assert shown.count("<img") == 6
    for letter in "ABCDE":
        assert f"4{letter} " in shown


def test_confusable_pair_shows_both_codes_the_combination_and_the_cue():
    shown = lesson.confusable(1, 4)._repr_html_()
    assert shown.count("<img") == 3 and "1C" in shown and "4C" in shown and "1+4" in shown


def test_a_typo_in_a_comparison_is_explained_not_raised():
    shown = lesson.compare_faces("0", "4F")._repr_html_()
    assert "'F' is not an intensity" in html.unescape(shown) and "<img" not in shown


def test_practice_check_reads_typos_in_plain_words():
    feedback = lesson.check_clip(1, 3, "4F")
    assert feedback.state == "invalid"
    assert "'F' is not an intensity" in str(feedback)
    assert "Traceback" not in feedback._repr_html_()
    right = lesson.check_clip(1, 3, "4c")
    assert right.agreement == 1.0


def test_hints_escalate_to_the_answer():
    week, number = 2, 4
    first, second, third = (lesson.clip_hint(week, number) for _ in range(3))
    assert "eyes and lids" in str(first)
    assert second.title.startswith("Hint 2")
    assert third.state == "solution" and "43" in third.title


def test_timed_practice_checks_onset_apex_and_offset():
    key = exercise(8, 1)
    t = key.timing
    feedback = lesson.check_clip(8, 1, "6+12", onset=t.onset, apex=t.apex, offset=t.offset + 30)
    text = str(feedback)
    assert "Onset: you marked" in text and "agrees" in text and "outside the window" in text


def test_read_score_tidies_and_explains():
    assert "FACS reads this as 1+2C+4B" in lesson.read_score("2c + 1 + 4b")._repr_html_()
    assert "not scored during speech" in lesson.read_score("50+25")._repr_html_()


def test_mock_test_scores_like_the_final_test_with_an_error_table():
    keys = {n: str(exercise(9, n).key) for n in range(1, 13)}
    perfect = lesson.mock_test(keys)
    assert f"Mean agreement 1.00 over 12 items: {catalog().verdicts['good']}" in str(perfect)
    assert "Mean agreement over 12 items" in perfect._repr_html_()
    assert perfect._repr_html_().count('class="facs-section facs-item"') == 12
    answers = keys | {1: "1+2+5", 2: ""}
    shown = lesson.mock_test(answers)._repr_html_()
    assert "Clip 2: no answer yet" in shown and "Blank or unreadable, scored 0: item 2." in shown
    clip1 = shown[shown.index(">Clip 1<") : shown.index(">Clip 2<")]
    missed = re.findall(r'<span class="facs-code facs-missed"[^>]*>([^<]*)<', clip1)
    assert missed == ["25 (Lips part)", "26 (Jaw drop)"]
    assert 'class="facs-table"' in shown and 'href="sessions/drill.ipynb"' in shown
    assert "No answers to score yet" in lesson.mock_test({1: ""})._repr_html_()


def test_emotion_prototypes_are_examples_never_grades():
    shown = lesson.emotion_prototypes()._repr_html_()
    for name in ("Happiness", "Surprise", "Sadness", "Fear", "Anger", "Disgust", "Contempt"):
        assert name in shown
    assert "never used to grade" in shown and "L12+L14" in shown and "Duchenne" in shown
    assert shown.count("<img") >= 10


def test_week_summary_says_how_to_get_the_assignment():
    shown = lesson.week_summary(3)._repr_html_()
    assert "facs-course assignment fetch week03" in shown and "Assignments tab" in shown
    assert "Nose wrinkler" in shown


def test_mock_test_clips_have_no_check_hint_or_key():
    player = lesson.mock_clip(3)
    assert not player.practice and player.exercise is None and player.loaded.key is None
    assert player.title == f"Mock test · item 3 of {len(practice_clips(9))}"
    fallback = player._repr_mimebundle_()[0]["text/html"]
    assert "Codes at the apex" not in fallback
