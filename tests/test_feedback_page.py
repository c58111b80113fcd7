"""The graded feedback page, as a learner opens it after nbgrader's own generate_feedback.

One week goes through the real pipeline (generate, release, fetch, submit, collect, autograde,
generate_feedback) with an answered submission; the page is then read as a learner reads it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.keys import load_week
from autograder.release import build
from course.facs.codes import catalog, confusion_between
from tests.test_nbgrader_pipeline import COURSE, nbgrader

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
WEEK = "week01"
# Item 2's key is 2C: answering 1 misses 2 and adds 1, a pair the catalog separates with a cue.
# Item 4's key is 1D+2D: answering 1 misses 2 alone. Item 8 is left blank. Every other item is
# answered exactly.
WRONG = {2: "1", 4: "1", 8: ""}


def submitted_feedback(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    build(course, [WEEK])
    exchange = f"--Exchange.root={tmp_path / 'exchange'}"
    (tmp_path / "exchange").mkdir()
    home = tmp_path / "learner"
    home.mkdir()
    nbgrader("release_assignment", WEEK, exchange, cwd=course)
    nbgrader("fetch_assignment", WEEK, f"--course={COURSE}", exchange, cwd=home, home=home)
    path = home / WEEK / f"{WEEK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    week = load_week(WEEK)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer"):
            n = int(grade_id[4:6])
            cell.source = f'item_{n:02d} = "{WRONG.get(n, week.item(n).key.score)}"'
    nbformat.write(nb, path)
    submit = ("submit", WEEK, f"--course={COURSE}", "--student=learner", exchange)
    nbgrader(*submit, cwd=home, home=home)
    nbgrader("collect", WEEK, exchange, "--CollectApp.check_owner=False", cwd=course)
    nbgrader("autograde", WEEK, "--student=learner", "--create", cwd=course)
    nbgrader("generate_feedback", WEEK, cwd=course)


def section(page: str, number: int) -> str:
    """The HTML of item ``number``'s section on the page."""
    start = page.rindex("<section", 0, page.index(f">Item {number}<"))
    return page[start : page.index("</section>", start)]


@pytest.fixture(scope="module")
def feedback_file(tmp_path_factory) -> Path:
    """The learner's feedback page, written once by the real pipeline for this module."""
    folder = tmp_path_factory.mktemp("feedback")
    submitted_feedback(folder)
    return folder / "course" / "feedback" / "learner" / WEEK / f"{WEEK}.html"


@pytest.mark.pipeline
def test_the_feedback_page_shows_each_item_laid_out_for_people(feedback_file):
    week = load_week(WEEK)
    assert [str(week.item(n).key.score) for n in (2, 4)] == ["2C", "1D+2D"]
    page = feedback_file.read_text("utf-8")

    # The total score, exactly as graded: five items right, item 2 scores 0, item 4 2/3, item 8 0.
    assert f"Score {5 + 2 / 3:.2f} of 8 points" in page
    assert "Score 0.67 of 1<" in page and "Score 0 of 1<" in page

    # Each item: its still, its agreement, the codes missed and added in their colour classes.
    stills = re.findall(r'<img [^>]*class="facs-still"[^>]*>', page)
    assert len(stills) == 8 and all('src="data:image/jpeg;base64,' in s for s in stills)
    item2, item4 = section(page, 2), section(page, 4)
    assert 'class="facs-agreement"' in item2 and ">0.00</span>" in item2
    assert ">0.67</span>" in item4 and 'data-agreement="0.67"' in item4
    assert re.search(
        r'<span [^>]*class="facs-code facs-missed"[^>]*>2 \(Outer brow raiser\)<', item2
    )
    assert re.search(
        r'<span [^>]*class="facs-code facs-added"[^>]*>1 \(Inner brow raiser\)<', item2
    )
    cue = confusion_between(1, 2).cue
    assert cue in item2.replace("&#x27;", "'")
    assert re.search(
        r'<span [^>]*class="facs-code facs-missed"[^>]*>2 \(Outer brow raiser\)<', item4
    )
    assert catalog().codes[2].appearance[0] in item4.replace("&#x27;", "'")
    assert ">1.00</span>" in section(page, 1) and "facs-missed" not in section(page, 1)
    blank = section(page, 8)  # not scored: the still, and what to do, in plain words
    assert "Not scored" in blank and "Item 8 is not answered yet" in blank and "facs-still" in blank
    assert page.count("Item 8 is not answered yet") == 1  # not repeated by the week's check
    marks = catalog()
    assert (
        f"left:{100 * marks.pass_mark:g}%" in item4 and f"left:{100 * marks.ready_mark:g}%" in item4
    )

    # The week: its table and what to practise next, linked to the drill notebook.
    assert "Your week: Brow actions: 1, 2 and 4" in page
    assert 'class="facs-table"' in page
    assert re.search(r'<a [^>]*class="facs-drill"[^>]*>', page)
    assert re.search(r'<a [^>]*data-lab-path="sessions/drill.ipynb"[^>]*>', page)
    assert "/lab/tree/" in page  # the page's script that points the link into JupyterLab

    # Nothing of the machinery: no hidden test, no code cell, no key, no traceback.
    for source in ("from autograder import", "grade(", "summary(", "check(", "globals()"):
        assert source not in page, source
    assert "BEGIN HIDDEN TESTS" not in page and "Traceback" not in page
    assert "item_01" not in page and "show(1)" not in page
    for item in week.items:
        assert f"key {item.key.score}" not in page


@pytest.mark.pipeline
@pytest.mark.browser
def test_the_feedback_page_in_chromium_shows_stills_and_colours(feedback_file, browser):
    """Opened as a learner opens it: every still loads, misses are red and adds blue, the bar
    of a 0.67 item stops short of the pass mark; a screenshot is kept in tests/artifacts/."""
    page = browser.new_page(viewport={"width": 900, "height": 900})
    try:
        page.goto(feedback_file.as_uri())
        widths = page.eval_on_selector_all("img.facs-still", "els => els.map(e => e.naturalWidth)")
        assert len(widths) == 8 and min(widths) > 100
        colour = "el => getComputedStyle(el).color"
        assert page.eval_on_selector(".facs-code.facs-missed", colour) == "rgb(183, 28, 28)"
        assert page.eval_on_selector(".facs-code.facs-added", colour) == "rgb(13, 71, 161)"
        item4 = page.locator("section.facs-item", has_text="Item 4")
        fill = item4.locator(".facs-bar-fill").bounding_box()
        tick = item4.locator(".facs-mark-pass").bounding_box()
        assert fill["x"] + fill["width"] < tick["x"]
        assert page.get_by_role("link", name="Open the drill notebook").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "feedback-page.png", full_page=True)
    finally:
        page.close()


def _opened_in_lab(page, path: str) -> None:
    """Wait until JupyterLab, loaded in ``page``, shows the notebook at ``path``."""
    page.wait_for_function("() => !!window.jupyterapp")
    page.wait_for_function(
        "(path) => window.jupyterapp.shell.currentWidget?.context?.path === path", arg=path
    )


@pytest.mark.pipeline
@pytest.mark.browser
@pytest.mark.parametrize("layout", ["laptop", "hub"])
def test_the_drill_link_opens_the_drill_notebook_where_the_learner_reads(
    feedback_file, browser, tmp_path, monkeypatch, layout
):
    """The feedback page where each learner finds it: on a laptop under the course folder's
    ``feedback/``; on a hub as nbgrader's fetch_feedback puts it in the learner's home, served
    under ``/user/<name>/``. Opened in a browser tab, its drill link opens ``sessions/drill.ipynb``
    in JupyterLab; in JupyterLab's HTML viewer (no scripts) it shows how to open the notebook.
    A session notebook's mock test links the drill from its output too."""
    from tests.browser.harness import open_and_run, start_server, write_notebook

    monkeypatch.setenv("FACS_RECORD", str(tmp_path / "record.sqlite"))
    base = "/" if layout == "laptop" else "/user/learner/"
    server = start_server(tmp_path / "server", base_url=base)
    try:
        root = server.root
        (root / "sessions").mkdir()
        shutil.copy(ROOT / "sessions" / "drill.ipynb", root / "sessions")
        where = (
            f"feedback/learner/{WEEK}"
            if layout == "laptop"
            else f"facs-course/{WEEK}/feedback/2026-12-03-10-00-00.000000 UTC"
        )
        (root / where).mkdir(parents=True)
        shutil.copy(feedback_file, root / where)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.set_default_timeout(90_000)
        try:
            page.goto(server.url(f"files/{where}/{WEEK}.html"))
            page.get_by_role("link", name="Open the drill notebook").click()
            _opened_in_lab(page, "sessions/drill.ipynb")
            assert page.url.startswith(server.base + "lab/tree/sessions/drill.ipynb")

            page.goto(server.url(f"lab/tree/{where}/{WEEK}.html"))  # the HTML viewer
            frame = page.frame_locator(".jp-HTMLViewer iframe")
            frame.get_by_role("link", name="Open the drill notebook").click()
            note = frame.locator("#facs-drill-how")
            note.wait_for()
            assert "double-click drill.ipynb" in note.inner_text()
            assert frame.locator("section.facs-item").count() == 8  # still the feedback
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"feedback-in-html-viewer-{layout}.png")

            if layout == "laptop":  # a notebook's output: JupyterLab opens the link itself
                write_notebook(
                    root / "sessions" / "mock.ipynb",
                    ['from course.lesson import mock_test\nmock_test({1: "1+2", 2: "4"})'],
                )
                open_and_run(page, server, "sessions/mock.ipynb")
                page.locator(".jp-OutputArea a.facs-drill").click()
                _opened_in_lab(page, "sessions/drill.ipynb")
                page.screenshot(path=ARTIFACTS / "drill-from-mock-test.png")
        finally:
            page.close()
    finally:
        server.stop()


@pytest.mark.pipeline
def test_the_formgraders_generate_feedback_writes_the_same_page(feedback_file):
    """nbgrader's API (the formgrader's Generate Feedback button) forces the template named
    ``feedback``: it must find the course's page, not fail or fall back to a code dump."""
    course = feedback_file.parents[3]
    before = feedback_file.read_text("utf-8")
    feedback_file.unlink()
    script = (
        "import sys\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        "from nbgrader.apps import NbGraderAPI\n"
        "from nbgrader.coursedir import CourseDirectory\n"
        "config = PyFileConfigLoader('nbgrader_config.py', path='.').load_config()\n"
        "api = NbGraderAPI(CourseDirectory(config=config), config=config)\n"
        f"result = api.generate_feedback({WEEK!r}, 'learner', force=True)\n"
        "sys.exit(0 if result['success'] else result.get('error', '') + result.get('log', ''))\n"
    )
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=course, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    page = feedback_file.read_text("utf-8")
    assert f"Score {5 + 2 / 3:.2f} of 8 points" in page and "BEGIN HIDDEN TESTS" not in page
    assert page.count('class="facs-still"') == before.count('class="facs-still"') == 8
