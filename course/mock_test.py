"""Week 9's mock test: its clips as in the real test, and answers scored as the final test is.

The score is :class:`course.facs.agreement.TestScore`, the one the autograder's summary and
``facs-course check --file`` report: mean agreement, blank or unreadable answers counting 0.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import html
from .content import practice_clips, text
from .exercises import exercise, practice_item
from .facs import NotationError, TestScore, compare, error_table
from .facs.explain import item_lines, test_lines
from .html import Panel
from .player import ClipPlayer, play
from .practice import is_starter


def mock_clip(number: int) -> ClipPlayer:
    """Mock-test clip ``number`` (week 9) as in the real test: no Check, no Hint, no key."""
    item = practice_item(9, number)
    count = len(practice_clips(9))
    return play(item.spec, hide_key=True, title=f"Mock test · item {number} of {count}")


def mock_test(answers: Mapping[int, str], week: int = 9) -> Panel:
    """Score your answers to the week's practice clips as the final test is scored: mean
    agreement, each item's misses and adds, and your error table over all items."""
    count = len(practice_clips(week))
    results, lines, unanswered = [], [], 0
    for number in range(1, count + 1):
        answer = answers.get(number, "")
        if is_starter(answer):
            unanswered += 1
            lines.append(_say("blank", number=number))
            continue
        try:
            result = compare(exercise(week, number).key, answer)
        except NotationError as error:
            unanswered += 1
            lines.append(_say("unreadable", number=number, error=error))
            continue
        results.append(result)
        lines.append(f"Clip {number}: " + " ".join(item_lines(result)))
    if not results:
        title, help_ = _say("nothing_yet"), _say("nothing_yet_help")
        body = f"<strong>{html.escape(title)}</strong> {html.escape(help_)}"
        return Panel(html.box(body), title)
    score = TestScore(tuple(results), unanswered=unanswered)
    table = error_table(score.items)
    table = table[table["errors"] > 0].rename(columns={"in_key": "in the key"})
    verdict = test_lines(score)
    body = f"<strong>{html.escape(verdict[0])}</strong>" + html.bullets(lines)
    heading, help_ = html.escape(_say("error_table")), html.escape(_say("error_table_help"))
    body += f"<strong>{heading}</strong> {help_}"
    body += table.to_html(index=False) if len(table) else f"<p>{html.escape(_say('no_errors'))}</p>"
    return Panel(html.box(body, "#1565c0"), "\n".join(verdict + lines))


def _say(name: str, **values) -> str:
    """A sentence of ``texts.toml``'s ``[mock_test]``, filled in."""
    return text("mock_test", name).format(**values)
