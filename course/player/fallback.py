"""The player's static stand-in: a still of the apex and the codes, as self-contained HTML.

Exported HTML and nbgrader feedback cannot run the live widget; they render this instead.
"""

from __future__ import annotations

import cv2
import numpy as np

from .. import html


def png_bytes(frame: np.ndarray) -> bytes:
    """An RGB uint8 frame encoded as PNG."""
    ok, buffer = cv2.imencode(".png", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ValueError("The frame could not be encoded as PNG.")
    return buffer.tobytes()


def still_html(title: str, png: bytes, lines: list[str]) -> str:
    """A framed still with a caption; ``lines`` are plain text (escaped here)."""
    style = "display:block;max-width:320px;width:100%;border-radius:4px"
    image = html.image(png, title, style) if png else ""
    caption = f"<strong>{html.escape(title)}</strong>"
    caption += "".join(f"<div>{html.escape(line)}</div>" for line in lines)
    frame = "display:inline-block;margin:0;padding:8px;border:1px solid #d7dbe0;border-radius:8px;"
    frame += f"{html.FONT};font-size:13px"
    return html.figure(image, caption, frame, "margin-top:6px", "facs-player-still")
