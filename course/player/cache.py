"""Generated clips kept on disk: a cell run again shows its clip without drawing or encoding.

A clip is kept under its :class:`~course.face.clip.ClipSpec` and the drawing code, in the
folder of :mod:`course.face.kept` (``$FACS_CLIP_CACHE``, ``off`` turns it off, else
``~/.cache/facs-course/clips``); the :data:`KEEP` clips shown last stay. A clip that cannot be
read or written is simply drawn again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..face.kept import folder, key

KEEP = 100  # clips kept (about 45 MB); the least recently shown go first
PARTS = ("clip.webm", "poster.png", "still.png")


def _entry(spec: object) -> Path | None:
    where = folder()
    return None if where is None else where / key(repr(spec))


def read(spec: object) -> tuple[bytes, bytes, bytes] | None:
    """The kept video, frame-0 PNG and still PNG of ``spec``, or None."""
    entry = _entry(spec)
    if entry is None:
        return None
    try:
        parts = tuple((entry / name).read_bytes() for name in PARTS)
        os.utime(entry)  # recently shown: kept longest
    except OSError:
        return None
    return parts


def write(spec: object, video: bytes, poster: bytes, still: bytes) -> None:
    """Keep a clip (whole or not at all), then drop the oldest beyond :data:`KEEP`."""
    entry = _entry(spec)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".new-"))
        for name, data in zip(PARTS, (video, poster, still), strict=True):
            (staging / name).write_bytes(data)
        try:
            staging.rename(entry)
        except OSError:  # kept meanwhile by another kernel
            shutil.rmtree(staging, ignore_errors=True)
        kept = sorted(
            (p for p in entry.parent.iterdir() if not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
        )
        for old in kept[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a read-only or full disk: the clip is drawn again next time
