"""A self-paced learner fetches, submits and grades an assignment, one command a step, and
rebuilding the release never touches their work."""

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week
from autograder.release import build
from course.record import Record

ROOT = Path(__file__).resolve().parent.parent
EXE = shutil.which("facs-course") or pytest.fail("facs-course is not installed in this environment")


def course(*args: str, root: Path) -> str:
    result = subprocess.run(
        [EXE, *args, "--root", str(root)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.pipeline
def test_fetch_submit_grade_and_rebuild_without_losing_work(tmp_path, own_record):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    build(tmp_path, ["week01"])
    out = course("assignment", "fetch", "week01", root=tmp_path)
    mine = tmp_path / "work" / "week01" / "week01.ipynb"
    assert "work/week01/week01.ipynb" in out and mine.is_file()

    nb = nbformat.read(mine, as_version=4)
    week = load_week("week01")
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            n = int(grade_id[4:6])
            answer = str(week.item(n).key.score) if n != 2 else "4"  # item 2 (2C) is wrong
            cell.source = f'item_{n:02d} = "{answer}"'
    nbformat.write(nb, mine)
    my_work = mine.read_text()

    assert "Submitted week01" in course("assignment", "submit", "week01", root=tmp_path)
    assert build(tmp_path, ["week01"], force=True)  # the instructor rebuilds the release
    assert course("assignment", "fetch", "week01", root=tmp_path)  # fetching again
    assert mine.read_text() == my_work

    out = course("assignment", "grade", "week01", root=tmp_path)
    feedback = tmp_path / out.split("Your feedback: ")[1].split(" (")[0]
    html = feedback.read_text()
    week_part = html[html.index("Your week: ") :]
    assert "Mean agreement over 8 items" in week_part and f">{7 / 8:.2f}</span>" in week_part
    assert re.search(
        r'<span [^>]*class="facs-code facs-missed"[^>]*>2 \(Outer brow raiser\)<', html
    )
    assert mine.read_text() == my_work
    kept = Record(own_record).attempts()  # the learner's record has every graded item
    assert [a.item for a in kept] == [f"week01/item{n:02d}" for n in range(1, 9)]
    assert [a.agreement for a in kept if a.agreement < 1] == [0.0] and kept[1].answer == "4"
    assert build(tmp_path, ["week01"], force=True)  # a rebuild leaves the record alone
    assert Record(own_record).attempts() == kept


def test_an_unknown_week_is_explained(tmp_path):
    result = subprocess.run(
        [EXE, "assignment", "fetch", "week42", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "no such week: week42" in result.stderr
