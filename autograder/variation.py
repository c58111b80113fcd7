"""Graded clips that public code cannot re-render: a per-course secret varies every item.

The secret lives with the keys (``<keys folder>/course-secret``). From HMAC-SHA256(secret,
``"<week>/<number>"``) each graded item gets its own distractor seed, a small shift of its
timing, and a look (light, tint, grain, a slight change of framing) drawn over the rendered
frames. The score at the apex never changes; the key is computed from the varied spec, so it
stays exact. Without the secret, ``facs-course clip`` cannot reproduce a graded clip.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from course.face.clip import ClipError, ClipEvent, ClipSpec, make_clip

SECRET_FILE = "course-secret"
MAX_SHIFT = 4  # frames the whole movement may move, earlier or later
MAX_STRETCH = 2  # frames the onset and the offset may each move on their own


def read_secret(folder: Path) -> bytes | None:
    """The course secret kept in the keys ``folder``, or None when there is none."""
    path = Path(folder) / SECRET_FILE
    if not path.is_file():
        return None
    text = path.read_text("utf-8").strip()
    return text.encode() if text else None


def create_secret(folder: Path) -> Path:
    """Write a new random secret into the keys ``folder``, readable by its owner only."""
    path = Path(folder) / SECRET_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets.token_hex(32) + "\n")
    return path


def _rng(secret: bytes, week: str, number: int) -> np.random.Generator:
    digest = hmac.new(secret, f"{week}/{number}".encode(), hashlib.sha256).digest()
    return np.random.default_rng(int.from_bytes(digest, "big"))


def vary(spec: ClipSpec, secret: bytes, week: str, number: int) -> ClipSpec:
    """Item ``number`` of ``week`` as graded: a secret seed and a small secret timing change.

    The timing change is refused (the seed alone is kept) when it would leave the clip, bring
    movement into frame 0, or change the score at the apex.
    """
    rng = _rng(secret, week, number)
    seed = int(rng.integers(2**62))
    shift = int(rng.integers(-MAX_SHIFT, MAX_SHIFT + 1))
    onset, offset = (int(v) for v in rng.integers(-MAX_STRETCH, MAX_STRETCH + 1, 2))
    score = make_clip(spec).key.score
    for timing in ((shift, onset, offset), (shift, 0, 0), (0, 0, 0)):
        try:
            varied = replace(spec, events=_moved(spec, *timing), seed=seed)
            if make_clip(varied).key.score == score:
                return varied
        except ClipError:
            continue
    return spec


def _moved(spec: ClipSpec, shift: int, onset: int, offset: int) -> tuple[ClipEvent, ...]:
    """Every event moved by ``shift`` frames, its onset and offset by a little more; the order
    onset, apex, offset is kept, and frame 0 stays still if it was."""
    first = min(1, min((e.onset for e in spec.events), default=1))
    moved = []
    for e in spec.events:
        apex = e.apex + shift
        start = e.onset + shift + (onset if e.onset < e.apex else 0)
        end = e.offset + shift + (offset if e.offset > e.apex else 0)
        if (e.onset < e.apex) != (start < apex) or (e.offset > e.apex) != (end > apex):
            raise ClipError("the change would reorder onset, apex and offset")
        if start < first or end >= spec.frames:
            raise ClipError("the change would leave the clip")
        moved.append(ClipEvent(e.code, start, apex, end, e.distractor))
    return tuple(moved)


@dataclass(frozen=True)
class Look:
    """How a graded clip is lit and framed: gain, offset and tint of the light, grain, and a
    slight zoom, turn and shift of the picture (too small to change what a coder sees)."""

    gain: float
    bias: float
    tint: tuple[float, float, float]
    grain: float
    zoom: float
    turn: float  # degrees
    shift: tuple[float, float]  # pixels
    seed: int


def look(secret: bytes, week: str, number: int) -> Look:
    """The secret look of item ``number`` of ``week``; never the plain renderer's look."""
    rng = _rng(secret, f"{week}/look", number)

    def away_from_zero(low: float, high: float) -> float:
        return float(rng.choice([-1, 1]) * rng.uniform(low, high))

    return Look(
        gain=1 + away_from_zero(0.02, 0.05),
        bias=away_from_zero(2, 5),
        tint=tuple(1 + away_from_zero(0.01, 0.03) for _ in range(3)),
        grain=float(rng.uniform(1.5, 3.0)),
        zoom=1 + away_from_zero(0.01, 0.03),
        turn=away_from_zero(0.3, 1.0),
        shift=(away_from_zero(0.5, 2.5), away_from_zero(0.5, 2.5)),
        seed=int(rng.integers(2**62)),
    )


def apply_look(frames: Iterable[np.ndarray], style: Look) -> Iterator[np.ndarray]:
    """The frames, reframed, relit and with film grain, as uint8 RGB."""
    rng = np.random.default_rng(style.seed)
    warp = None
    for frame in frames:
        height, width = frame.shape[:2]
        if warp is None:
            warp = cv2.getRotationMatrix2D((width / 2, height / 2), style.turn, style.zoom)
            warp[:, 2] += style.shift
        picture = cv2.warpAffine(
            frame, warp, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        ).astype(np.float32)
        picture = picture * style.gain * np.asarray(style.tint, np.float32) + style.bias
        picture += rng.normal(0, style.grain, picture.shape).astype(np.float32)
        yield np.clip(np.rint(picture), 0, 255).astype(np.uint8)
