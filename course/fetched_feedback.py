"""Graded feedback a cohort learner fetched from the hub, kept in their own record.

On a hub the grader runs on the instructor's side; the learner only fetches nbgrader's feedback
page into their home (``~/<course>/<week>/feedback/<time>/<week>.html``). The grader writes each
item's result into the page as a small JSON block (:func:`result_tag`); reading the record
first takes in the blocks of pages fetched since (:func:`course.record.take_in`), each page once.
"""

from __future__ import annotations

import html
import json
import re

RESULT_CLASS = "facs-result"
_BLOCK = re.compile(rf'<script\b[^>]*\bclass="{RESULT_CLASS}"[^>]*>(.*?)</script>', re.S)
PAGES = "*/week*/feedback/*/*.html"  # <course>/<week>/feedback/<time>/<week>.html in a home


def result_tag(item: str, answer: str, agreement: float, key: str | None) -> str:
    """The block the grader writes beside an item's feedback (``key`` only where the week's
    feedback shows the key)."""
    data = {"item": item, "answer": answer, "agreement": agreement}
    if key is not None:
        data["key"] = key
    body = json.dumps(data).replace("</", "<\\/")
    return f'<script type="application/json" class="{RESULT_CLASS}">{body}</script>'


def results(page: str) -> list[dict]:
    """The result blocks of one feedback page; a block that is not ours is skipped."""
    found = []
    for block in _BLOCK.findall(page):
        try:
            data = json.loads(html.unescape(block) if "&quot;" in block else block)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and {"item", "answer", "agreement"} <= data.keys():
            found.append(data)
    return found
