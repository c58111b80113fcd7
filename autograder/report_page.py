"""The cohort report shown: matplotlib figures, the comparison faces, one self-contained HTML page,
and the notebook that shows the same with interactive (ipympl) figures.

The tables come from :mod:`autograder.report`; the sentences from ``course/texts.toml``
(``[report]``); the pass and readiness marks from the catalog. Every picture in the page is a
data URI, so the one HTML file can be mailed, put on a projector or opened offline.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd

from course import html
from course.content import text
from course.face.render import render_score
from course.facs.codes import catalog
from course.handouts.pictures import region_of, score_for, widened
from course.notebook import python_notebook
from course.pictures import drawable
from course.player.fallback import png_bytes

from . import report
from .report import Cohort, Reteach

FACE_SIZE = 480  # render size the comparison close-ups are cut from
CLOSE_UP_WIDTH = 200  # shown width of each face in the page, in CSS pixels
ASPECT = 4 / 3
PASS_COLOUR, READY_COLOUR = "#c62828", "#2e7d32"


def _say(name: str, **values) -> str:
    return text("report", name).format(**values)


# --- Figures ---------------------------------------------------------------------------------


def _grid_panel(ax, grid: pd.DataFrame, title: str, colours: str, most: int) -> None:
    values = grid.to_numpy()
    ax.imshow(values, cmap=colours, vmin=0, vmax=most + 1, aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=30, ha="right")
    ax.set_yticks(range(grid.shape[0]), [f"{c} {catalog().codes[c].name}" for c in grid.index])
    ax.set_title(title)
    for (y, x), n in np.ndenumerate(values):
        if n:
            dark = n > (most + 1) / 2
            ax.text(x, y, str(n), ha="center", va="center", color="white" if dark else "black")


def heatmap(cohort: Cohort):
    """Misses and adds per code (rows) and learner (columns), two panels side by side."""
    missed, added = report.error_grid(cohort, "missed"), report.error_grid(cohort, "added")
    height = 1.2 + 0.38 * max(1, len(missed))
    width = 4 + 1.1 * len(cohort.learners)
    fig, axes = plt.subplots(1, 2, figsize=(width, height), sharey=True, layout="constrained")
    if missed.empty:
        for ax in axes:
            ax.set_axis_off()
        axes[0].text(0, 0.5, _say("no_errors"))
        return fig
    most = int(max(missed.to_numpy().max(), added.to_numpy().max()))
    _grid_panel(axes[0], missed, _say("missed_title"), "Blues", most)
    _grid_panel(axes[1], added, _say("added_title"), "Oranges", most)
    return fig


def _marks(ax, horizontal: bool = True) -> None:
    marks = catalog()
    line = ax.axhline if horizontal else ax.axvline
    line(marks.pass_mark, color=PASS_COLOUR, ls="--", lw=1, label=f"pass {marks.pass_mark:.2f}")
    line(
        marks.ready_mark, color=READY_COLOUR, ls=":", lw=1.5, label=f"ready {marks.ready_mark:.2f}"
    )


def item_chart(cohort: Cohort):
    """Mean agreement per item, with the pass and readiness marks."""
    table = report.item_difficulty(cohort)
    fig, ax = plt.subplots(figsize=(1.5 + 0.55 * len(table), 3.2), layout="constrained")
    ax.bar(table["item"].astype(str), table["mean_agreement"], color="#546e7a")
    _marks(ax)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("item")
    ax.set_ylabel("mean agreement")
    ax.set_title(_say("items_title", title=cohort.title))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    return fig


def progress_chart(cohort: Cohort):
    """Each learner's mean agreement week by week, with the pass and readiness marks."""
    grid = report.progress(cohort)
    fig, ax = plt.subplots(figsize=(4 + 1.2 * grid.shape[1], 3.4), layout="constrained")
    weeks = [w.replace("week", "week ") for w in grid.columns]
    for learner, row in grid.iterrows():
        ax.plot(weeks, row.to_numpy(), marker="o", label=learner)
    _marks(ax)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean agreement")
    ax.set_title(_say("progress_title"))
    ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize=8)
    return fig


def bias_chart(cohort: Cohort):
    """Mean intensity letters above (right) or below (left) the key, per code."""
    table = report.intensity_bias(cohort)
    fig, ax = plt.subplots(figsize=(5.5, 1 + 0.35 * max(1, len(table))), layout="constrained")
    labels = [f"{c} {n}" for c, n in zip(table["code"], table["name"], strict=True)]
    colours = ["#c62828" if v > 0 else "#1565c0" for v in table["mean_steps"]]
    ax.barh(labels, table["mean_steps"], color=colours)
    ax.axvline(0, color="black", lw=0.8)
    limit = max(1.0, float(table["mean_steps"].abs().max() if len(table) else 1))
    ax.set_xlim(-limit, limit)
    ax.invert_yaxis()
    ax.set_xlabel(_say("bias_axis"))
    ax.set_title(_say("bias_title"))
    return fig


def png(fig) -> bytes:
    """A figure as PNG bytes; the figure is closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


# --- Comparison faces ------------------------------------------------------------------------


def comparison(item: Reteach, identity: int = 0) -> list[tuple[str, bytes]]:
    """The neutral face and each code of ``item`` alone, close up on where they act, as
    ``(caption, PNG)``; empty when the renderer cannot draw one of the codes."""
    codes = [catalog().codes[c] for c in item.codes]
    scores = ["0", *(score_for(c) for c in codes)]
    if not all(drawable(s) for s in scores[1:]):
        return []
    boxes = [region_of(c) for c in codes]
    union = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    x0, y0, x1, y1 = (round(v * FACE_SIZE) for v in widened(union, ASPECT))
    pictures = []
    for score in scores:
        face = render_score(score, identity, FACE_SIZE)[y0:y1, x0:x1]
        caption = "neutral" if score == "0" else score
        pictures.append((caption, png_bytes(np.ascontiguousarray(face))))
    return pictures


# --- The page --------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;
color:#1f2933;line-height:1.45}
h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:32px;border-bottom:1px solid #ccd;
padding-bottom:4px}table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{border:1px solid #d5d9e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right}.note{color:#52606d;font-size:14px}
.reteach{border-left:4px solid #ef6c00;padding:8px 14px;margin:12px 0;background:#fff8f0}
img.chart{max-width:100%;height:auto}
"""
COLUMNS = {
    "key_code": "key code",
    "written": "written instead",
    "mean_steps": "mean letters above key",
    "mean_agreement": "mean agreement",
    "full_agreement": "learners in full agreement",
    "missed_by_all": "key codes everyone missed",
    "key_side": "key side",
    "answer_side": "answer side",
}


def table_html(table: pd.DataFrame, empty: str) -> str:
    """A plain HTML table (numbers to three decimals, so that 0.696 is not read as a pass of
    0.70), or the sentence ``empty``."""
    if table.empty:
        return f'<p class="note">{html.escape(empty)}</p>'
    shown = table.rename(columns=lambda c: COLUMNS.get(c, c.replace("_", " ")))
    shown.columns.name = None
    for column in shown.select_dtypes(bool).columns:
        shown[column] = shown[column].map({True: "yes", False: "no"})
    return shown.to_html(index=False, float_format=lambda v: f"{v:.3f}", na_rep="–", border=0)


def _chart(fig, alt: str) -> str:
    return html.image(png(fig), alt, "").replace('style=""', 'class="chart"')


def reteach_html(cohort: Cohort) -> str:
    items = report.reteach(cohort)
    if not items:
        return f'<p class="note">{html.escape(_say("no_errors"))}</p>'
    blocks = []
    for rank, item in enumerate(items, start=1):
        faces = html.row(
            html.figure(
                html.image(picture, f"face showing {caption}", f"width:{CLOSE_UP_WIDTH}px"),
                html.escape(caption),
                "margin:0 8px 8px 0;text-align:center",
            )
            for caption, picture in comparison(item)
        )
        blocks.append(
            f'<div class="reteach"><h3>{rank}. {html.escape(item.title)}</h3>'
            f"<p>{html.escape(_say('reteach_errors', errors=item.errors))}</p>"
            f"<p><b>{html.escape(_say('cue_label'))}</b> {html.escape(item.cue)}</p>{faces}</div>"
        )
    return "".join(blocks)


def page(cohort: Cohort) -> str:
    """The whole report as one self-contained HTML page."""
    marks = catalog()
    summary = report.week_summary(cohort)
    problems = cohort.items[cohort.items["problem"] != ""][["learner", "item", "problem"]]
    sections = [
        (_say("reteach_heading"), _say("reteach_intro"), reteach_html(cohort)),
        (
            _say("codes_heading"),
            _say("codes_intro"),
            _chart(heatmap(cohort), "heat map of misses and adds per code and learner"),
        ),
        (
            _say("confusions_heading"),
            _say("confusions_intro"),
            table_html(report.confusions(cohort), _say("none")),
        ),
        (
            _say("bias_heading"),
            _say("bias_intro"),
            (
                _chart(bias_chart(cohort), "intensity bias per code")
                if not report.intensity_bias(cohort).empty
                else ""
            )
            + table_html(report.intensity_bias(cohort), _say("none")),
        ),
        (
            _say("sides_heading"),
            _say("sides_intro"),
            table_html(report.side_errors(cohort), _say("none")),
        ),
        (
            _say("items_heading"),
            _say("items_intro"),
            _chart(item_chart(cohort), "mean agreement per item")
            + table_html(report.item_difficulty(cohort), _say("none")),
        ),
        (
            _say("progress_heading"),
            _say(
                "progress_intro",
                pass_mark=f"{marks.pass_mark:.2f}",
                ready_mark=f"{marks.ready_mark:.2f}",
            ),
            _chart(progress_chart(cohort), "mean agreement per learner and week")
            + table_html(report.progress(cohort).reset_index(), _say("none"))
            + table_html(summary, _say("none")),
        ),
        (_say("problems_heading"), _say("problems_intro"), table_html(problems, _say("none"))),
    ]
    body = "".join(
        f"<h2>{html.escape(heading)}</h2><p class='note'>{html.escape(intro)}</p>{content}"
        for heading, intro, content in sections
    )
    title = _say("title", title=cohort.title, week=cohort.week)
    lead = _say(
        "lead",
        learners=len(cohort.learners),
        items=cohort.items["item"].nunique(),
        mean=f"{cohort.items['agreement'].mean():.2f}",
        passed=int(summary["passed"].sum()),
        pass_mark=f"{marks.pass_mark:.2f}",
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><style>{CSS}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(lead)}</p>{body}</body></html>"
    )


def write_page(cohort: Cohort, path: Path) -> Path:
    """Write :func:`page` to ``path`` (folders made as needed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page(cohort), "utf-8")
    return path


# --- The notebook ----------------------------------------------------------------------------


def notebook(week: str, root: Path) -> nbformat.NotebookNode:
    """The report as a notebook: the same tables, with figures one can zoom and hover (ipympl)."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md(f"# {_say('notebook_title', week=week)}\n\n{_say('notebook_intro')}"),
        code(
            "%matplotlib widget\n"
            "from IPython.display import HTML, display\n"
            "from autograder import report, report_page\n\n"
            f"cohort = report.load({str(root)!r}, {week!r})"
        ),
        md(f"## {_say('reteach_heading')}\n\n{_say('reteach_intro')}"),
        code("display(HTML(report_page.reteach_html(cohort)))"),
        md(f"## {_say('codes_heading')}\n\n{_say('codes_intro')}"),
        code("report_page.heatmap(cohort);"),
        md(f"## {_say('confusions_heading')}\n\n{_say('confusions_intro')}"),
        code("report.confusions(cohort)"),
        md(f"## {_say('bias_heading')}\n\n{_say('bias_intro')}"),
        code("report_page.bias_chart(cohort)\nreport.intensity_bias(cohort)"),
        md(f"## {_say('sides_heading')}\n\n{_say('sides_intro')}"),
        code("report.side_errors(cohort)"),
        md(f"## {_say('items_heading')}\n\n{_say('items_intro')}"),
        code("report_page.item_chart(cohort)\nreport.item_difficulty(cohort)"),
        md(f"## {_say('progress_heading')}"),
        code("report_page.progress_chart(cohort)\nreport.progress(cohort)"),
        code("report.week_summary(cohort)"),
    ]
    nb = python_notebook(cells)
    return nb
