"""Week 9's mock test: its clips as in the real test, and answers scored as the final test is.

The score is :class:`course.facs.agreement.TestScore`, the one the autograder's summary and
``facs-course check --file`` report: mean agreement, blank or unreadable answers counting 0.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import feedback_view, html
from .content import practice_clips, text
from .exercises import exercise, practice_item
from .facs import NotationError, TestScore, compare
from .facs.explain import item_lines, test_lines
from .html import Panel
from .player import ClipPlayer, play
from .practice import is_starter
from .record import save_check


def mock_clip(number: int) -> ClipPlayer:
    """Mock-test clip ``number`` (week 9) as in the real test: no Check, no Hint, no key."""
    item = practice_item(9, number)
    count = len(practice_clips(9))
    return play(item.spec, hide_key=True, title=f"Mock test · item {number} of {count}")


def mock_test(answers: Mapping[int, str], week: int = 9) -> Panel:
    """Score your answers to the week's practice clips as the final test is scored: mean
    agreement, your error table and what to practise next, then each clip's feedback, laid out
    as the graded feedback is (:mod:`course.feedback_view`)."""
    count = len(practice_clips(week))
    results, lines, sections, unanswered = [], [], [], []
    for number in range(1, count + 1):
        answer, heading = answers.get(number, ""), f"Clip {number}"
        if is_starter(answer):
            problem = _say("blank", number=number)
        else:
            try:
                result = compare(exercise(week, number).key, answer)
            except NotationError as error:
                problem = _say("unreadable", number=number, error=error)
            else:
                results.append(result)
                save_check(f"week{week:02d}/mock{number:02d}", result)  # kept in the record
                lines.append(f"{heading}: " + " ".join(item_lines(result)))
                sections.append(feedback_view.item_section(result, heading, show_key=True))
                continue
        unanswered.append(number)
        lines.append(problem)
        sections.append(feedback_view.problem_section(heading, problem))
    if not results:
        title, help_ = _say("nothing_yet"), _say("nothing_yet_help")
        body = f"<strong>{html.escape(title)}</strong> {html.escape(help_)}"
        return Panel(html.box(body), title)
    score = TestScore(tuple(results), unanswered=len(unanswered))
    summary = feedback_view.week_section(
        "", score, results, unanswered, heading=_say("title", count=count)
    )
    shown = summary.html + "".join(s.html for s in sections)
    return Panel(f'<div class="facs-mock-test">{shown}</div>', "\n".join(test_lines(score) + lines))


def _say(name: str, **values) -> str:
    """A sentence of ``texts.toml``'s ``[mock_test]``, filled in."""
    return text("mock_test", name).format(**values)
