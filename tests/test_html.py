"""The one HTML helper module: lessons, practice feedback and the player's still share it."""

from course import feedback_view, html
from course.player.fallback import still_html
from course.practice import Exercise
from course.teaching import read_score


def test_text_is_escaped_and_bodies_are_kept():
    assert "&lt;b&gt;" in html.bullets(["<b>"])
    assert html.bullets([]) == ""
    shown = html.box("<strong>x</strong>", "#123456", 'data-state="y"')
    assert shown.startswith('<div data-state="y" style="border-left:4px solid #123456')
    assert "<strong>x</strong>" in shown


def test_feedback_lessons_and_still_are_drawn_by_the_helper():
    checked = Exercise("1+2").check("1+4")
    feedback = checked._repr_html_()
    assert feedback.startswith('<div class="facs-feedback" data-state="checked"')
    assert feedback_view.item_section(checked.result, show_key=True).html in feedback
    assert read_score("1+2")._repr_html_().startswith('<div style="border-left:4px solid')
    still = still_html("Clip <1>", b"\x89PNG", ["12C"])
    assert still.startswith('<figure class="facs-player-still"')
    assert 'alt="Clip &lt;1&gt;"' in still and "<div>12C</div>" in still
