"""The committed source and release notebooks are what the keys build, and keys stay home."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week, weeks
from autograder.release import build, source_notebook

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", weeks())
def test_committed_source_is_built_from_the_keys(name):
    committed = (ROOT / "source" / name / f"{name}.ipynb").read_text()
    assert committed == nbformat.writes(source_notebook(load_week(name))) + "\n", (
        f"source/{name} is out of date: run `make release`"
    )


@pytest.mark.slow  # nbgrader generates all nine weeks; the fast loop checks their cells instead
def test_committed_release_is_in_step_with_source(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    build(tmp_path, clips=False, force=True)
    for name in weeks():
        fresh = nbformat.read(tmp_path / "release" / name / f"{name}.ipynb", as_version=4)
        committed = nbformat.read(ROOT / "release" / name / f"{name}.ipynb", as_version=4)
        assert fresh == committed, f"release/{name} is out of date: run `make release`"


def test_release_holds_no_solutions_or_hidden_tests():
    for name in weeks():
        text = (ROOT / "release" / name / f"{name}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert "autograder" not in text
        for item in load_week(name).items:
            assert f'item_{item.number:02d} = "{item.key.score}"' not in text


def test_the_wheel_carries_no_keys(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    (wheel,) = tmp_path.glob("facs_course-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("course/facs/codes.toml") for n in names)
    assert not [n for n in names if n.startswith(("autograder/keys/", "source/", "release/"))]
    assert "autograder/keys.py" in names  # the code ships, the keys do not


def test_a_second_build_redraws_and_regenerates_nothing(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    first = build(tmp_path, ["week01"])
    assert len([p for p in first if p.suffix == ".webm"]) == len(load_week("week01").items)
    clip = tmp_path / "release" / "week01" / "clips" / "item01.webm"
    stamp = clip.stat().st_mtime_ns
    assert build(tmp_path, ["week01"]) == []
    assert clip.stat().st_mtime_ns == stamp
    assert not (tmp_path / "release" / ".clips.json").exists()
    assert not list((tmp_path / "release" / "week01").rglob("*.json"))
