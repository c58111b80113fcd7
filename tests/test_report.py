"""The cohort report, built from a real nbgrader run: five learners, weeks 1 and 2.

The course directory is a temporary one: ``generate_assignment`` (no clips: grading never
plays them), each learner's notebook handed in under ``submitted/`` as ``collect`` leaves it,
then one ``nbgrader autograde`` per week writes the real gradebook. The learners' answers are
chosen so that every number checked below can be worked out by hand from the keys of week 2:

    item  1 5C   2 6C   3 7C   4 43C   5 L46   6 1C+2C+5B   7 4C+7C   8 6B+7B   9 1B+4B+43B

ana answers every key but item 6 (1C+5B, missing 2); ben, cai, dee and eli also write 1C+5B
there, so 2 is missed by all five. 7 is written for 6 by ben, cai and eli on item 2, and 6 for
7 by dee (item 3) and eli (item 7): the pair 6/7 accounts for 5 misses + 5 adds = 10 errors.
ben also misses 6 on item 8 (6 missed 4 times in all); ben, dee and eli miss 43 on item 9
(43: 3 errors, the third thing to reteach after 6/7 and 2 with 5); eli writes 45 for 43 on
item 4 (the pair 43/45, 2 errors); dee leaves item 4 blank and adds 12 on item 2. cai scores 5D
for 5C (intensity +1) and 1D for 1B (+2), and R46 for L46 (a side error).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week
from autograder.release import build, nbgrader
from course.facs import item_agreement
from course.facs.codes import catalog, confusion_between

pytestmark = [pytest.mark.pipeline, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
WEEK = "week02"
KEYS = ["5C", "6C", "7C", "43C", "L46", "1C+2C+5B", "4C+7C", "6B+7B", "1B+4B+43B"]
ANSWERS = {  # what each learner wrote where it differs from the key, by item
    "ana": {6: "1C+5B"},
    "ben": {2: "7C", 6: "1C+5B", 8: "7B", 9: "1B+4B"},
    "cai": {1: "5D", 2: "7C", 5: "R46", 6: "1C+5B", 9: "1D+4B+43B"},
    "dee": {2: "6C+12C", 3: "6C", 4: "", 6: "1C+5B", 9: "1B+4B"},
    "eli": {2: "7C", 4: "45", 6: "1C+5B", 7: "4C+6C", 9: "1B+4B"},
}
WEEK1 = {"ana": None, "ben": None, "cai": None, "dee": "1C"}  # None: the key; eli skips week 1


def hand_in(root: Path, week: str, learner: str, answer) -> None:
    """The released notebook with ``answer(item)`` typed in, where ``collect`` would put it."""
    nb = nbformat.read(root / "release" / week / f"{week}.ipynb", as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            n = int(grade_id[4:6])
            cell.source = f'item_{n:02d} = "{answer(n)}"'
    folder = root / "submitted" / learner / week
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{week}.ipynb")


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cohort")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    build(root, ["week01", WEEK], clips=False)
    week1 = load_week("week01")
    for learner, written in WEEK1.items():
        hand_in(root, "week01", learner, lambda n, w=written: w or week1.item(n).key.score)
    for learner, wrong in ANSWERS.items():
        hand_in(root, WEEK, learner, lambda n, w=wrong: w.get(n, KEYS[n - 1]))
    for week in ("week01", WEEK):
        result = nbgrader("autograde", week, "--create", root=root)
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def cohort(course_dir):
    from autograder import report

    return report.load(course_dir, WEEK)


def test_the_keys_are_the_ones_the_answers_were_written_for():
    assert [str(i.key.score) for i in load_week(WEEK).items] == KEYS


def test_item_agreement_is_the_gradebook_score(cohort):
    items = cohort.items.set_index(["learner", "item"])
    assert items.loc[("ben", 8), "agreement"] == pytest.approx(2 / 3, abs=1e-4)  # 6 missed of 6+7
    assert items.loc[("eli", 7), "agreement"] == pytest.approx(0.5, abs=1e-4)  # 4 of 4+7 / 4+6
    assert items.loc[("dee", 4), "agreement"] == 0
    assert "not answered" in items.loc[("dee", 4), "problem"]
    for (learner, n), row in items.iterrows():  # the gradebook agrees with the formula
        if not row["problem"]:
            expected = item_agreement(KEYS[n - 1], ANSWERS[learner].get(n, KEYS[n - 1]))
            assert row["agreement"] == pytest.approx(expected, abs=1e-4), (learner, n)


def test_misses_adds_and_confusions_per_code(cohort):
    from autograder import report

    missed, added = report.error_grid(cohort, "missed"), report.error_grid(cohort, "added")
    assert list(missed.columns) == ["ana", "ben", "cai", "dee", "eli"]
    assert missed.loc[6].sum() == 4 and missed.loc[6, "ben"] == 2  # items 2 and 8
    assert missed.loc[2].tolist() == [1, 1, 1, 1, 1]
    assert missed.loc[43].sum() == 4  # ben, dee, eli on item 9; eli on item 4 (dee's is blank)
    assert added.loc[7].sum() == 3 and added.loc[6].sum() == 2 and added.loc[12, "dee"] == 1
    table = report.confusions(cohort).set_index(["key_code", "written"])
    assert table.loc[(6, 7), "times"] == 3 and table.loc[(6, 7), "learners"] == 3
    assert table.loc[(7, 6), "times"] == 2
    assert table.loc[(43, 45), "cue"] == confusion_between(43, 45).cue
    assert len(table) == 3


def test_intensity_bias_and_side_errors(cohort):
    from autograder import report

    bias = report.intensity_bias(cohort).set_index("code")
    assert bias.loc[5, "scored"] == 10 and bias.loc[5, "higher"] == 1  # items 1 and 6, five each
    assert bias.loc[5, "mean_steps"] == pytest.approx(0.1)  # one +1 in ten
    assert bias.loc[1, "mean_steps"] == pytest.approx(0.2)  # one +2 in ten
    assert bias.loc[7, "mean_steps"] == 0
    sides = report.side_errors(cohort)
    assert sides.to_dict("records") == [
        {"code": 46, "name": catalog().codes[46].name, "key_side": "left"}
        | {"answer_side": "right", "times": 1}
    ]


def test_item_difficulty_and_progress(cohort):
    from autograder import report

    items = report.item_difficulty(cohort).set_index("item")
    assert items.loc[2, "mean_agreement"] == pytest.approx((1 + 2 / 3) / 5, abs=1e-4)
    assert items.loc[4, "mean_agreement"] == pytest.approx(3 / 5)  # dee blank, eli 45 for 43
    assert items.loc[6, "missed_by_all"] == "2" and items.loc[6, "full_agreement"] == 0
    assert (items.drop(index=6)["missed_by_all"] == "").all()
    grid = report.progress(cohort)
    assert list(grid.columns) == ["week01", WEEK]
    # dee wrote 1C for all of week 1: 1 + 0 + 0 + 2/3 + 2/3 + 0 + 2/3 + 1/2 over 8 items
    assert grid.loc["dee", "week01"] == pytest.approx(3.5 / 8, abs=1e-4)
    assert math.isnan(grid.loc["eli", "week01"]) and grid.loc["ana", "week01"] == 1
    summary = report.week_summary(cohort).set_index("learner")
    assert summary.loc["dee", "agreement"] == pytest.approx((4 + 2 / 3 + 0.8 + 0.8) / 9, abs=1e-4)
    assert summary["passed"].to_dict() == dict(ana=True, ben=True, cai=True, dee=False, eli=False)
    assert summary.loc["dee", "unanswered"] == 1


def test_what_to_reteach(cohort):
    from autograder import report

    top = report.reteach(cohort)
    assert [(r.codes, r.errors) for r in top] == [((6, 7), 10), ((2,), 5), ((43,), 3)]
    assert top[0].cue == confusion_between(6, 7).cue
    assert top[1].cue == " ".join(catalog().codes[2].appearance)


def test_the_command_writes_one_self_contained_page(course_dir, browser):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    out = course_dir / "reports" / "week02.html"
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "report", WEEK, "--root", str(course_dir)]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=course_dir.parent,
    )
    assert done.returncode == 0, done.stderr
    assert f"Wrote {out}" in done.stdout and out.with_suffix(".ipynb").is_file()
    page = out.read_text()
    assert "6 Cheek raiser vs 7 Lid tightener" in page and "10 errors this week" in page
    assert not re.search(r'(src|href)="(?!data:)', page), "everything is embedded"
    assert page.count('src="data:image/png;base64,') == 4 + 3 + 2 + 2  # charts + faces

    view = browser.new_page(viewport={"width": 1200, "height": 900})
    view.goto(out.as_uri())
    broken = view.evaluate("[...document.images].filter(i => !i.naturalWidth).length")
    assert broken == 0
    assert view.locator("h2").first.inner_text() == "What to reteach"
    ARTIFACTS.mkdir(exist_ok=True)
    view.screenshot(path=ARTIFACTS / "cohort-report.png", full_page=True)
    view.close()

    again = subprocess.run(
        [sys.executable, "-m", "course.cli", "report", "week05", "--root", str(course_dir)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert again.returncode == 2 and "No submission of week05" in again.stderr
    assert "Traceback" not in again.stderr


def test_the_notebook_runs_in_a_kernel(course_dir):
    from nbclient import NotebookClient

    from autograder.report_page import notebook

    path = course_dir / "reports" / "check.ipynb"
    path.parent.mkdir(exist_ok=True)
    nb = notebook(WEEK, Path(".."))
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = "".join(str(o.get("data", {})) for o in outputs)
    assert "6 Cheek raiser vs 7 Lid tightener" in shown
    assert "application/vnd.jupyter.widget-view+json" in shown  # ipympl figures
