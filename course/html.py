"""Small HTML building blocks for what the course shows in a notebook: boxes, lists, pictures.

Everything a helper takes as text is escaped here; ``body`` arguments are HTML already.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

__all__ = ["Panel", "box", "bullets", "escape", "figure", "image", "row"]

FONT = "font-family:system-ui,sans-serif"


@dataclass(frozen=True)
class Panel:
    """A block of HTML that a notebook displays; ``str()`` gives the same content as text."""

    html: str
    text: str = ""

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text


def box(body: str, colour: str = "#546e7a", attributes: str = "", padding: str = "8px 12px") -> str:
    """``body`` in a softly shaded box with a coloured bar on its left."""
    return (
        f'<div {attributes + " " if attributes else ""}style="border-left:4px solid {colour};'
        f"padding:{padding};margin:6px 0;background:rgba(127,127,127,0.06);border-radius:4px;"
        f'line-height:1.45;{FONT}">{body}</div>'
    )


def bullets(lines: Iterable[str]) -> str:
    """A bulleted list of plain-text ``lines``; empty when there are none."""
    items = "".join(f'<li style="margin:2px 0">{escape(line)}</li>' for line in lines)
    return f'<ul style="margin:4px 0;padding-left:20px">{items}</ul>' if items else ""


def image(png: bytes, alt: str, style: str) -> str:
    """A PNG embedded in the page, so that it survives export."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" style="{style}">'


def figure(
    inner: str, caption: str, style: str, caption_style: str = "", css_class: str = ""
) -> str:
    """``inner`` (HTML, usually an :func:`image`) above a ``caption`` (HTML)."""
    cls = f' class="{css_class}"' if css_class else ""
    return (
        f'<figure{cls} style="{style}">{inner}'
        f'<figcaption style="{caption_style}">{caption}</figcaption></figure>'
    )


def row(figures: Iterable[str]) -> str:
    """Figures side by side, wrapping on a narrow screen."""
    return (
        f'<div style="display:flex;flex-wrap:wrap;align-items:flex-start">{"".join(figures)}</div>'
    )
