"""The player's static stand-in: a still of the apex and the codes, as self-contained HTML.

Exported HTML and nbgrader feedback cannot run the live widget; they render this instead.
"""

from __future__ import annotations

import base64
import html

import cv2
import numpy as np


def png_bytes(frame: np.ndarray) -> bytes:
    """An RGB uint8 frame encoded as PNG."""
    ok, buffer = cv2.imencode(".png", cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ValueError("The frame could not be encoded as PNG.")
    return buffer.tobytes()


def still_html(title: str, png: bytes, lines: list[str]) -> str:
    """A framed still with a caption; ``lines`` are plain text (escaped here)."""
    image = ""
    if png:
        data = base64.b64encode(png).decode("ascii")
        image = (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(title)}" '
            'style="display:block;max-width:320px;width:100%;border-radius:4px">'
        )
    caption = "".join(f"<div>{html.escape(line)}</div>" for line in lines)
    return (
        '<figure class="facs-player-still" style="display:inline-block;margin:0;padding:8px;'
        "border:1px solid #d7dbe0;border-radius:8px;font-family:system-ui,sans-serif;"
        'font-size:13px">'
        f'{image}<figcaption style="margin-top:6px"><strong>{html.escape(title)}</strong>'
        f"{caption}</figcaption></figure>"
    )
