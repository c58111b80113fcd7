"""The feedback layout (course.feedback_view): what a learner reads about an item and a week."""

from __future__ import annotations

import base64
import dataclasses
import re

import numpy as np

from course import feedback_view
from course.facs import compare, test_score
from course.facs.codes import catalog, confusion_between
from course.facs.explain import item_lines


def chips(shown: str, kind: str) -> list[str]:
    return re.findall(rf'<span class="facs-code facs-{kind}"[^>]*>([^<]*)</span>', shown)


def test_an_item_names_misses_in_red_adds_in_blue_with_the_catalogs_cue():
    result = compare("6C+12C", "7C+12C+25")
    panel = feedback_view.item_section(result, "Item 3")
    assert chips(panel.html, "missed") == ["6 (Cheek raiser)"]
    assert chips(panel.html, "added") == ["7 (Lid tightener)", "25 (Lips part)"]
    ink = feedback_view.CODE_STYLES["missed"][0]
    assert f"color:{ink}" in panel.html.split('class="facs-code facs-missed"')[1].split(">")[0]
    assert html_text(confusion_between(6, 7).cue) in panel.html
    assert ">Item 3<" in panel.html and ">0.40</span>" in panel.html
    assert "6C+12C" not in panel.html  # a graded item never writes out the key
    assert panel.text == "\n".join(["Item 3", *item_lines(result, show_key=False)])


def test_a_missed_code_in_no_pair_says_what_it_looks_like_and_details_follow():
    shown = feedback_view.item_section(compare("1B+L12B", "R12C"), show_key=True).html
    assert html_text(catalog().codes[1].appearance[0]) in shown
    assert "Intensity of 12: the key has B, you gave C." in shown
    assert "Side of 12: the key has left side only, you scored right side only." in shown
    assert '<code style="' in shown and ">1B+L12B</code>" in shown  # practice shows the key


def test_the_bar_marks_come_from_the_catalog(monkeypatch):
    marks = catalog()
    shown = feedback_view.agreement_bar(0.5)
    assert f"left:{100 * marks.pass_mark:g}%" in shown and f"{marks.ready_mark:.2f}" in shown
    moved = dataclasses.replace(marks, pass_mark=0.6, ready_mark=0.8)
    monkeypatch.setattr(feedback_view, "catalog", lambda: moved)
    shown = feedback_view.agreement_bar(0.5)
    assert "left:60%" in shown and "left:80%" in shown and "pass 0.60" in shown
    assert "width:50.0%" in shown


def test_score_only_names_no_code_and_text_is_escaped():
    panel = feedback_view.item_section(compare("4B", "1"), "Item 1", full=False, note="Look again.")
    assert "facs-missed" not in panel.html and "Brow lowerer" not in panel.html
    assert "Look again." in panel.html and "4B" not in panel.html + panel.text
    problem = feedback_view.problem_section("Item 2", 'Item 2: "<script>" is not a code')
    assert "<script>" not in problem.html and "&lt;script&gt;" in problem.html


def test_the_week_has_its_table_and_what_to_practise_next_with_the_drill(tmp_path, monkeypatch):
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "drill.ipynb").write_text("{}")
    monkeypatch.chdir(tmp_path)
    score = test_score([("6+12", "7+12"), ("6", "7"), ("1+2", "1+2")])
    panel = feedback_view.week_section("Week 2", score, score.items, unreadable=[4])
    shown = panel.html
    assert "Your week: Week 2" in shown and f">{score.mean:.2f}</span>" in shown
    assert "Blank or unreadable, scored 0: item 4." in shown
    table = shown[shown.index('<table class="facs-table"') : shown.index("</table>")]
    assert re.findall(r"<tr><td[^>]*>(\d+)</td>", table) == ["6", "7"]  # codes with errors
    assert re.findall(r'<td class="facs-(missed|added)"[^>]*>(\d+)</td>', table) == [
        ("missed", "2"),
        ("added", "2"),
    ]
    practise = shown[shown.index('class="facs-next"') :]
    assert practise.index("6 (Cheek raiser)") < practise.index("7 (Lid tightener)")
    assert '<a class="facs-drill" href="sessions/drill.ipynb"' in practise
    assert "sessions/drill.ipynb" in panel.text and "Mean agreement" in panel.text


def test_the_drill_link_finds_the_notebook_from_where_the_learner_works(tmp_path, monkeypatch):
    def link(cwd):
        cwd.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(cwd)
        return re.search(r'class="facs-drill" href="([^"]*)"', feedback_view.drill_link()).group(1)

    laptop, home = tmp_path / "course", tmp_path / "home"
    for root in (laptop, home):
        (root / "sessions").mkdir(parents=True)
        (root / "sessions" / "drill.ipynb").write_text("{}")
    assert link(laptop / "sessions") == "drill.ipynb"  # a session notebook
    assert link(laptop / "release" / "week09") == "../../sessions/drill.ipynb"
    assert link(home / "facs-course" / "week09") == "../../sessions/drill.ipynb"  # a hub home
    assert link(tmp_path / "elsewhere") == "#facs-drill-how"  # no drill notebook above
    shown = feedback_view.drill_link()
    assert 'id="facs-drill-how"' in shown and "double-click drill.ipynb" in shown
    page = feedback_view.drill_link(on_page=True)  # a page: its script or the note decides
    assert 'href="#facs-drill-how"' in page and 'data-lab-path="sessions/drill.ipynb"' in page


def test_a_still_is_a_small_jpeg_data_uri():
    frame = np.full((320, 320, 3), 128, np.uint8)
    uri = feedback_view.jpeg_uri(frame)
    data = base64.b64decode(uri.removeprefix("data:image/jpeg;base64,"))
    assert data[:2] == b"\xff\xd8" and len(data) < 20_000
    shown = feedback_view.item_section(compare("1", "1"), "Item 1", still=uri).html
    assert f'<img class="facs-still" src="{uri}" alt="Item 1 at its apex"' in shown


def html_text(words: str) -> str:
    """``words`` as the layout escapes them."""
    return feedback_view.html.escape(words)


def test_timing_has_its_own_bar_without_the_marks_of_code_agreement():
    from course.facs import Event, timing_agreement

    timing = timing_agreement(Event(10, 30, 50), Event(10, 50, 50), 30)
    panel = feedback_view.timing_section("Item 1, timing", timing, ["Apex: outside the window."])
    assert ">0.67</span>" in panel.html and "within 5 frames" in panel.html
    assert "facs-mark-pass" not in panel.html and "pass 0.70" not in panel.html
    assert panel.text == "Item 1, timing\nApex: outside the window."
