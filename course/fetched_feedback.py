"""Graded feedback a cohort learner fetched from the hub, kept in their own record.

On a hub the grader runs on the instructor's side; the learner only fetches nbgrader's feedback
page into their home (``~/<course>/<week>/feedback/<time>/<week>.html``). The grader writes each
item's result into the page as a small JSON block (:func:`result_tag`); reading the record
first takes in the blocks of pages fetched since (:func:`take_in`), each page once.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .facs import NotationError, compare
from .record import Record

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


def take_in(record: Record, home: Path) -> int:
    """Add the results of feedback pages in ``home`` that the record has not seen; how many."""
    added = 0
    for page in sorted(home.glob(PAGES)):
        when = page.parent.name  # nbgrader's time stamp of that feedback
        try:
            text = page.read_text("utf-8", errors="replace")
        except OSError:
            continue
        for data in results(text):
            if record.has("graded", data["item"], when):
                continue
            key = data.get("key")
            try:
                result = compare(key, data["answer"]) if key else None
            except NotationError:
                result = None
            record.add(
                data["item"],
                result,
                str(data["answer"]),
                source="graded",
                agreement=float(data["agreement"]),
                show_key=result is not None,
                when=when,
            )
            added += 1
    return added
