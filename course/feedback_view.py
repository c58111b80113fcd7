"""Feedback laid out for people: one item's result, or a week's, as a card a learner reads at a glance.

The same layout serves the graded feedback page (the autograder writes each section as a cell's
HTML output), the practice panel (:class:`course.practice.Feedback`) and ``facs-course check
--html``. Per item: the apex still, the agreement on a bar with the pass and readiness marks (from
the catalog), the codes missed (red) and added (blue) by name, the cue that separates a confused
pair, intensity and side differences. Per week: the mean on the same bar, the per-code table and
what to practise next, with a link to the drill notebook. Words come from ``texts.toml``'s
``[feedback]``; every section is a :class:`course.html.Panel` whose text is the plain feedback.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import html
from .content import text
from .facs import ItemResult, catalog
from .facs.agreement import TestScore, TimingResult
from .facs.explain import band, code_label, detail_lines, item_lines, test_lines, verdict

if TYPE_CHECKING:
    import numpy as np

BAND_COLOURS = {"good": "#2e7d32", "close": "#ef8f00", "poor": "#c62828"}
TIMING_COLOUR = "#1565c0"
CODE_STYLES = {  # text colour, background, border of a code's chip
    "missed": ("#b71c1c", "#fdecea", "#f3b9b5"),
    "added": ("#0d47a1", "#e8f0fe", "#b3cdf6"),
}
STILL_WIDTH = 200
SECTION = (
    "border:1px solid #dde2e7;border-radius:10px;padding:14px 16px;margin:12px 0;"
    f"background:#fff;color:#1f2a33;line-height:1.45;max-width:760px;{html.FONT}"
)
MUTED = "color:#5f6b76;font-size:13px"
DRILL_NOTEBOOK = "drill.ipynb"
DRILL_NOTE_ID = "facs-drill-how"
# A page served by Jupyter (``…/files/<path>``, under a hub's ``/user/<name>/`` too) points
# its drill links to JupyterLab's view of the notebook; inside an iframe (the trusted HTML
# viewer) the notebook opens in a new browser tab.
PAGE_SCRIPT = """<script>
for (const a of document.querySelectorAll("a.facs-drill[data-lab-path]")) {
  const base = document.baseURI, at = base.indexOf("/files/");
  if (at < 0) continue;
  a.href = base.slice(0, at) + "/lab/tree/" + a.dataset.labPath;
  if (window.top !== window) a.target = "_blank";
}
</script>"""


def _say(name: str, **values) -> str:
    return text("feedback", name).format(**values)


def jpeg_uri(frame: np.ndarray, width: int = STILL_WIDTH) -> str:
    """An RGB frame, scaled to ``width`` pixels, as a small JPEG data URI."""
    import cv2  # here: the command line's plain-text path starts without OpenCV

    height = round(frame.shape[0] * width / frame.shape[1])
    small = cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(
        ".jpg", cv2.cvtColor(small, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 82]
    )
    if not ok:
        raise ValueError("The still could not be encoded as JPEG.")
    return "data:image/jpeg;base64," + base64.b64encode(data.tobytes()).decode("ascii")


def agreement_bar(agreement: float, marks: bool = True) -> str:
    """A bar filled to ``agreement``, with ticks at the catalog's pass and readiness marks (or,
    with ``marks=False``, a plain bar: the marks are for code agreement, not timing)."""
    if not marks:
        return (
            '<div class="facs-bar" style="height:10px;background:#e6e9ec;border-radius:5px;'
            f'margin:10px 0 12px;max-width:380px"><div class="facs-bar-fill" style="height:10px;'
            f'width:{100 * agreement:.1f}%;background:{TIMING_COLOUR};border-radius:5px"></div></div>'
        )
    marks = catalog()
    colour = BAND_COLOURS[band(agreement)]
    tick = "position:absolute;top:-4px;width:2px;height:18px;background:#37474f"
    label = "position:absolute;top:15px;white-space:nowrap;color:#5f6b76;font-size:11px"
    pass_at, ready_at = 100 * marks.pass_mark, 100 * marks.ready_mark
    return (
        '<div class="facs-bar" style="position:relative;height:10px;background:#e6e9ec;'
        'border-radius:5px;margin:10px 0 24px;max-width:380px">'
        f'<div class="facs-bar-fill" style="height:10px;width:{100 * agreement:.1f}%;'
        f'background:{colour};border-radius:5px"></div>'
        f'<div class="facs-mark-pass" style="{tick};left:{pass_at:g}%"></div>'
        f'<div class="facs-mark-ready" style="{tick};left:{ready_at:g}%"></div>'
        f'<span style="{label};right:{100 - pass_at:g}%;padding-right:4px">'
        f"{_say('pass_mark', mark=f'{marks.pass_mark:.2f}')}</span>"
        f'<span style="{label};left:{ready_at:g}%;padding-left:5px">'
        f"{_say('ready_mark', mark=f'{marks.ready_mark:.2f}')}</span></div>"
    )


def _header(heading: str, agreement: float | None, aside: str = "", colour: str = "") -> str:
    """The heading (``aside`` below it, HTML) and, on the right, the agreement in its colour."""
    number = ""
    if agreement is not None:
        colour = colour or BAND_COLOURS[band(agreement)]
        number = (
            f'<span style="white-space:nowrap">{_say("agreement")} <span class="facs-agreement" '
            f'style="font-size:24px;font-weight:650;color:{colour}">{agreement:.2f}</span></span>'
        )
    small = f'<div style="{MUTED}">{aside}</div>' if aside else ""
    return (
        '<div style="display:flex;justify-content:space-between;align-items:baseline;gap:12px">'
        f'<div><div style="font-size:17px;font-weight:650">{html.escape(heading)}</div>{small}'
        f"</div>{number}</div>"
    )


def _chips(kind: str, codes: Iterable[int]) -> str:
    ink, fill, edge = CODE_STYLES[kind]
    style = (
        f"display:inline-block;padding:1px 9px;margin:2px 6px 2px 0;border-radius:12px;"
        f"color:{ink};background:{fill};border:1px solid {edge};font-weight:600"
    )
    chips = "".join(
        f'<span class="facs-code facs-{kind}" data-code="{c}" style="{style}">'
        f"{html.escape(code_label(c))}</span>"
        for c in codes
    )
    label = f'<div style="flex:none;width:68px;font-weight:600;padding-top:2px">{_say(kind)}</div>'
    help_line = f'<div style="{MUTED};font-size:12px">{_say(kind + "_help")}</div>'
    return (
        f'<div class="facs-{kind}-row" style="display:flex;gap:6px;margin:6px 0">{label}'
        f"<div>{chips}{help_line}</div></div>"
    )


def _cue(title: str, body: str) -> str:
    return (
        '<div class="facs-cue" style="margin:6px 0;padding:6px 10px;border-radius:6px;'
        f'background:#fff8e1;border-left:3px solid #f2b705"><strong>{html.escape(title)}</strong> '
        f"{html.escape(body)}</div>"
    )


def _cues(result: ItemResult) -> str:
    """The catalog's cue for each confused pair; for a missed code in no pair, what it looks like."""
    paired = {p.missed for p in result.confused}
    cues = [
        _cue(_say("pair", missed=p.missed, added=p.added), p.confusion.cue) for p in result.confused
    ]
    codes = catalog().codes
    for code in result.missed:
        if code not in paired and codes[code].appearance:
            cues.append(_cue(_say("look_for", code=code), codes[code].appearance[0]))
    return "".join(cues)


def _answer_line(result: ItemResult, show_key: bool) -> str:
    mono = "font-family:ui-monospace,monospace;background:#f1f3f5;padding:1px 6px;border-radius:4px"
    shown = [("your_answer", result.answer)]
    if show_key:
        shown.insert(0, ("key", result.key))
    parts = [
        f'<span style="white-space:nowrap">{_say(name)} <code style="{mono}">'
        f"{html.escape(str(score))}</code></span>"
        for name, score in shown
    ]
    return f'<div style="margin:2px 0 6px">{" &nbsp;·&nbsp; ".join(parts)}</div>'


def _card(body: str, still: str | None, alt: str, css_class: str, attributes: str = "") -> str:
    picture = ""
    if still:
        picture = (
            f'<img class="facs-still" src="{still}" alt="{html.escape(alt)}" style="width:'
            f'{STILL_WIDTH * 3 // 4}px;height:auto;border-radius:8px;flex:none;align-self:flex-start">'
        )
    return (
        f'<section class="facs-section {css_class}" {attributes} style="{SECTION}">'
        f'<div style="display:flex;gap:16px;flex-wrap:wrap">{picture}'
        f'<div style="flex:1;min-width:260px">{body}</div></div></section>'
    )


def item_section(
    result: ItemResult,
    heading: str = "",
    *,
    still: str | None = None,
    show_key: bool = False,
    full: bool = True,
    note: str = "",
    extra: Sequence[str] = (),
) -> html.Panel:
    """One item's feedback: ``full`` shows misses, adds, cues, intensity and side; otherwise
    only the agreement and ``note``. ``extra`` lines (timing) follow; ``still`` is a data URI."""
    lines = item_lines(result, show_key=show_key)
    lines = lines if full else lines[:1] + ([note] if note else [])
    words = verdict(result.agreement)
    body = _header(
        heading or words.capitalize(), result.agreement, html.escape(words) if heading else ""
    )
    body += agreement_bar(result.agreement) + _answer_line(result, show_key and full)
    if full:
        if not result.missed and not result.added:
            body += f'<div class="facs-exact" style="color:#2e7d32;font-weight:600">{_say("exact")}</div>'
        if result.missed:
            body += _chips("missed", result.missed)
        if result.added:
            body += _chips("added", result.added)
        body += _cues(result) + html.bullets(detail_lines(result))
    elif note:
        body += f'<div style="{MUTED}">{html.escape(note)}</div>'
    body += html.bullets(extra)
    shown = _card(
        body,
        still,
        _say("still", title=heading or "The clip"),
        "facs-item",
        f'data-agreement="{result.agreement:.2f}"',
    )
    return html.Panel(shown, "\n".join(([heading] if heading else []) + lines + list(extra)))


def problem_section(heading: str, message: str, still: str | None = None) -> html.Panel:
    """An item that could not be scored (blank or unreadable), and what to do about it."""
    body = _header(heading, None, _say("not_scored"))
    body += (
        '<div class="facs-problem" style="margin-top:8px;padding:6px 10px;border-radius:6px;'
        f'background:#fff3e0;border-left:3px solid #e65100">{html.escape(message)}</div>'
    )
    shown = _card(body, still, _say("still", title=heading), "facs-item facs-unscored")
    return html.Panel(shown, f"{heading}\n{message}")


def timing_section(heading: str, timing: TimingResult, lines: Sequence[str]) -> html.Panel:
    """The onset, apex and offset marks of an item: agreement bar and one line per phase."""
    window = round(timing.window_s * timing.fps)
    aside = html.escape(_say("timing", window=window))
    body = _header(heading, timing.agreement, aside, TIMING_COLOUR)
    body += agreement_bar(timing.agreement, marks=False) + html.bullets(lines)
    shown = _card(body, None, "", "facs-timing", f'data-agreement="{timing.agreement:.2f}"')
    return html.Panel(shown, "\n".join([heading, *lines]))


def _count(style: str, kind: str, value: int) -> str:
    """A number in the table; a miss or an add in its code colour."""
    if kind and value:
        style += f";color:{CODE_STYLES[kind][0]};font-weight:600"
        return f'<td class="facs-{kind}" style="{style};text-align:right">{value}</td>'
    return f'<td style="{style};text-align:right">{value}</td>'


def _table(errors) -> str:
    cell = "padding:4px 10px;border-bottom:1px solid #e6e9ec;text-align:left"
    head = "".join(
        f'<th style="{cell};font-weight:600;{MUTED}">{html.escape(name)}</th>'
        for name in text("feedback", "table_columns")
    )
    rows = []
    for row in errors.itertuples(index=False):
        counts = [
            ("", row.in_key),
            ("", row.agreed),
            ("missed", row.missed),
            ("added", row.added),
        ]
        tds = "".join(_count(cell, kind, value) for kind, value in counts)
        rows.append(
            f'<tr><td style="{cell};font-weight:600">{row.code}</td>'
            f'<td style="{cell}">{html.escape(row.name)}</td>{tds}</tr>'
        )
    return (
        '<table class="facs-table" style="border-collapse:collapse;margin:6px 0;font-size:14px">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def drill_notebook(start: Path | None = None) -> Path | None:
    """The drill notebook nearest ``start`` (default: the working folder, a notebook's own):
    in it, or in a ``sessions`` folder beside it or above it (a laptop's course folder, a hub
    learner's home)."""
    folder = (start or Path.cwd()).resolve()
    for place in (folder, *folder.parents):
        for found in (place / DRILL_NOTEBOOK, place / "sessions" / DRILL_NOTEBOOK):
            if found.is_file():
                return found
    return None


def drill_link(on_page: bool = False) -> str:
    """The link to the drill notebook, with what it does.

    In a notebook's output it points to the drill notebook from the notebook's folder, and
    JupyterLab opens it in a tab. On a page (``on_page``: the graded feedback, ``check --html``) the page's
    own script (:data:`PAGE_SCRIPT`) points it to JupyterLab's ``lab/tree/`` view of the
    server's ``sessions/drill.ipynb``; where scripts are off (JupyterLab's HTML viewer) it goes
    to a note saying how to open the notebook."""
    path = _say("drill_path")
    found = None if on_page else drill_notebook()
    href = os.path.relpath(found, Path.cwd()) if found else f"#{DRILL_NOTE_ID}"
    note = "" if found else f'<div id="{DRILL_NOTE_ID}" style="{MUTED}">{_say("drill_how")}</div>'
    return (
        f'<div style="margin-top:8px"><a class="facs-drill" href="{html.escape(href)}" '
        f'data-lab-path="{html.escape(path)}" style="display:inline-block;padding:6px 14px;'
        'border-radius:6px;background:#1565c0;color:#fff;text-decoration:none;font-weight:600">'
        f'{_say("drill")}: {html.escape(path)}</a> <span style="{MUTED}">{_say("drill_help")}</span>'
        f"{note}</div>"
    )


def practise_next(errors, count: int = 3, on_page: bool = False) -> tuple[str, list[str]]:
    """What to practise next: the codes with most errors (HTML and text), then the drill
    (linked as :func:`drill_link` links it)."""
    codes = catalog().codes
    lines = [
        _say(
            "next_code",
            label=code_label(row.code),
            missed=row.missed,
            added=row.added,
            week=codes[row.code].week,
        )
        for row in errors.head(count).itertuples(index=False)
    ] or [_say("next_none")]
    lines.append(f"{_say('drill')}: {_say('drill_path')} ({_say('drill_help')})")
    shown = (
        f'<div class="facs-next" style="margin-top:14px;padding-top:10px;border-top:1px solid #e6e9ec">'
        f'<div style="font-size:16px;font-weight:650">{_say("next")}</div>'
        f"{html.bullets(lines[:-1])}{drill_link(on_page)}</div>"
    )
    return shown, [_say("next"), *lines]


def week_section(
    title: str,
    score: TestScore,
    results: Sequence[ItemResult],
    unreadable: Sequence[int] = (),
    full: bool = True,
    heading: str = "",
    on_page: bool = False,
) -> html.Panel:
    """The week (or a whole test, under ``heading``): mean agreement on the bar, blank items,
    the per-code table, what to practise (``on_page``: for a page, see :func:`drill_link`)."""
    from .facs import error_table

    heading = heading or _say("week", title=title)
    lines = [heading]
    mean = score.mean if score.count else 0.0
    body = _header(
        heading, mean, html.escape(_say("mean", count=score.count, verdict=verdict(mean)))
    )
    body += agreement_bar(mean)
    if unreadable:
        blank = _say("blank", items=", ".join(map(str, unreadable)))
        lines.append(blank)
        body += f'<div class="facs-problem" style="margin:4px 0">{html.escape(blank)}</div>'
    lines += test_lines(score)
    if full:
        table = error_table(results)
        errors = table[table["errors"] > 0]
        if errors.empty:
            lines.append(_say("no_errors"))
            body += f'<div class="facs-exact" style="color:#2e7d32">{_say("no_errors")}</div>'
        else:
            lines += [_say("table") + ":", errors.drop(columns=["in_key"]).to_string(index=False)]
            body += (
                f'<div style="font-size:16px;font-weight:650;margin-top:12px">{_say("table")}</div>'
                f'<div style="{MUTED}">{_say("table_help")}</div>{_table(errors)}'
            )
        shown, words = practise_next(errors, on_page=on_page)
    else:
        shown = (
            f'<div class="facs-next" style="margin-top:14px"><div style="font-size:16px;'
            f'font-weight:650">{_say("next")}</div>{drill_link(on_page)}</div>'
        )
        words = [_say("next"), f"{_say('drill')}: {_say('drill_path')}"]
    body += shown
    lines += words
    return html.Panel(_card(body, None, "", "facs-week"), "\n".join(lines))


def page(title: str, sections: Iterable[html.Panel]) -> str:
    """A whole HTML page of feedback sections (for ``facs-course check --html``)."""
    body = "".join(s.html for s in sections)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body style="margin:0;background:#f4f6f8;{html.FONT}">'
        f'<main style="max-width:800px;margin:0 auto;padding:20px 16px">'
        f'<h1 style="font-size:22px;margin:4px 0 8px">{html.escape(title)}</h1>{body}</main>'
        f"{PAGE_SCRIPT}</body></html>"
    )
