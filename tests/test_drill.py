"""Adaptive drills: the scheduler as a pure function of the record, and real drill clips."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course import drills
from course.drills import BOXES, Skill, plan
from course.face.clip import make_clip
from course.facs import catalog, compare, parse
from course.record import Record

SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
SIX_SEVEN = Skill("pair", (6, 7))


def confuses_six_with_seven(key: str) -> str:
    """A learner who writes 7 whenever the face shows 6."""
    written = dict.fromkeys(str(e).replace("6", "7") if e.code == 6 else str(e) for e in parse(key))
    if any(e.code == 6 for e in parse(key)):
        written = {w: None for w in written if parse(w).codes != {7}} | {"7": None}
    return "+".join(written) or "0"


def simulate(results: list, rounds: int, answer) -> Counter:
    served: Counter = Counter()
    for n in range(rounds):
        for item in plan(results, count=3, rng_seed=n):
            served[item.skill] += 1
            results.append(compare(item.score, answer(item.score)))
    return served


def touches_six_or_seven(served: Counter) -> int:
    return sum(n for skill, n in served.items() if {6, 7} & set(skill.codes))


def test_a_learner_who_confuses_6_with_7_gets_that_pair_most_and_less_once_right():
    results: list = []
    confused = simulate(results, 30, confuses_six_with_seven)
    top, count = confused.most_common(1)[0]
    assert top == SIX_SEVEN, confused.most_common(5)
    assert count > 2 * max(n for s, n in confused.items() if s.kind == "pair" and s != top)
    learned = simulate(results, 30, lambda key: key)
    assert learned[SIX_SEVEN] < count / 2, (learned[SIX_SEVEN], count)
    assert touches_six_or_seven(learned) < touches_six_or_seven(confused) / 2


def test_spaced_repetition_missed_soon_right_later_and_harder():
    pairs = drills.pairs_for(drills.codes_for())
    right = drills.boxes([compare("6", "6")] * 3, pairs)
    assert right[SIX_SEVEN].box == 3 and right[Skill("code", (6,))].box == 3
    wrong = drills.boxes([compare("6", "6")] * 3 + [compare("6", "7")], pairs)
    assert wrong[SIX_SEVEN].box == 1 and wrong[Skill("code", (7,))].box == 1
    # box 3 waits 7 attempts; box 1 is due at the next one
    history = [compare("6C", "6C")] * 3
    assert SIX_SEVEN not in {i.skill for i in plan(history, count=3)}
    history.append(compare("6C", "7C"))
    (first, *_) = plan(history, count=3)
    assert first.skill in (SIX_SEVEN, Skill("code", (7,)), Skill("code", (6,)))
    # difficulty rises with the box: subtler letters, more codes, distractors, other faces
    easy = drills._item(
        SIX_SEVEN, drills.Box(box=1), drills.codes_for(), 7, drills.random.Random(1)
    )
    hard = drills._item(
        SIX_SEVEN, drills.Box(box=BOXES), drills.codes_for(), 7, drills.random.Random(1)
    )
    assert "D" in easy.score and (easy.blinks, easy.head_motion, easy.identity) == (0, 0.0, 0)
    assert "A" in hard.score and hard.head_motion > 0 and len(parse(hard.score)) >= 3


def test_the_catalogs_confusable_pairs_are_the_ones_drilled():
    pairs = {tuple(s.codes) for s in drills.pairs_for(drills.codes_for())}
    for wanted in [(6, 7), (1, 4), (9, 10), (23, 24), (12, 13), (13, 14), (25, 26), (26, 27)]:
        assert wanted in pairs
    assert pairs <= {tuple(c.codes) for c in catalog().confusions}
    # 1+4 read as 4 alone is a miss of 1 with no add: still the 1/4 pair, wrong
    (tested,) = [
        ok
        for s, ok in drills.judge(compare("1+4", "4"), [Skill("pair", (1, 4))])
        if s.kind == "pair"
    ]
    assert tested is False


def test_intensity_and_side_errors_are_drilled():
    history = [compare("L12C", "R12A")] * 2
    state = drills.boxes(history, drills.pairs_for(drills.codes_for()))
    assert state[Skill("intensity", (12,))].box == state[Skill("side", (12,))].box == 1
    assert state[Skill("code", (12,))].box == 2  # the code itself was right
    first = plan(history, count=3)[0]
    assert first.skill in (Skill("intensity", (12,)), Skill("side", (12,)))
    if first.skill.kind == "side":
        assert parse(first.score).entry(12).side in ("L", "R")


def test_drill_keys_are_exact_and_seeds_are_new():
    used = set()
    for n in range(40):
        history = [compare("6", "7")] * (n % 4) + [compare("12B", "12D")] * (n % 3)
        for item in plan(history, count=3, used_seeds=used, rng_seed=n):
            assert item.seed not in used and item.seed >= drills.SEED_BASE
            used.add(item.seed)
            spec = drills.clip_spec(item)
            assert make_clip(spec).key.score == parse(item.score), item


def test_a_drill_in_a_notebook_checks_hints_and_records(own_record):
    drill = drills.drill(count=2, week=2)
    assert len(drill.players) == 2 and "Your drill" in str(drill)
    player = drill.players[0]
    assert player.practice and "Drill clip 1" in player.title
    key = str(drill.exercises[0].key)
    assert drill.check(1, key).agreement == 1.0
    player.code = "0"
    assert player.check().state == "checked"  # the player's Check, the same Exercise
    assert drill.hint(1).title.startswith("Hint 1")
    kept = Record(own_record).attempts()
    assert [a.source for a in kept] == ["drill", "drill"] and kept[0].key == key
    again = drills.drill(count=3, week=2)
    seeds = {i.seed for i in again.items}
    assert not seeds & {drills.drill_seed(a.item) for a in kept}
    assert "no clip 9" in str(pytest.raises(ValueError, drill.check, 9, "1").value)


def test_the_drill_session_is_committed_without_outputs_and_works_in_any_week():
    nb = nbformat.read(SESSIONS / "drill.ipynb", as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")
    assert "my_drill = drill()\nmy_drill" in sources and not any("week=" in s for s in sources)


@pytest.mark.slow
def test_the_drill_session_runs_in_a_real_kernel(own_record):
    Record(own_record).add("week01/clip01", compare("6", "7"), source="practice")
    nb = nbformat.read(SESSIONS / "drill.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(SESSIONS)}}
    ).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) >= 4  # three drill clips and the progress figure (ipympl)
    shown = "\n".join(o.get("data", {}).get("text/html", "") + o.get("text", "") for o in outputs)
    assert "Your drill" in shown and "6 and 7" in shown
    assert "Your progress" in shown


def test_the_scheduler_reads_record_rows_as_they_are_stored(tmp_path):
    record = Record(tmp_path / "r.sqlite")
    for _ in range(3):
        record.add("drill/1000001", compare("6", "7"), source="drill")
    record.add("week03/item02", None, "4", source="graded", agreement=0.0)  # no key kept
    rows = record.attempts()
    from_rows = plan(rows, count=3, rng_seed=4)
    from_results = plan([a.result for a in rows], count=3, rng_seed=4)
    assert [i.skill for i in from_rows] == [i.skill for i in from_results]
    assert from_rows[0].skill == SIX_SEVEN and "wrong in 3 of your 3 tries" in from_rows[0].reason
    assert 1000001 not in {i.seed for i in from_rows}
