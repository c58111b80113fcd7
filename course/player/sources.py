"""Where a clip for the player comes from: a course clip, a FACS score, or a video file.

Every source ends up as browser-playable WebM bytes with its frame rate, frame count, a still
of the apex for the static fallback, zoom boxes and, for course clips, the key.
"""

from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..face.clip import Clip, ClipKey, ClipSpec, clip_spec_for, make_clip
from ..face.render import region_box
from ..face.video import read_frame, to_browser_webm, write_webm
from ..facs import Event
from ..facs.codes import REGION_LABELS
from . import cache
from .facebox import face_boxes
from .fallback import png_bytes

VIDEO_SUFFIXES = {".webm", ".mp4", ".m4v", ".mov", ".avi", ".mkv", ".ogv", ".mpg", ".mpeg"}
BROWSER_CODECS = {"vp8", "vp9", "av1"}
INLINE_LIMIT = 16 * 2**20  # bytes; larger videos stream from the server instead
START_WAIT_S = 2.0  # an encoder told to wait for its start begins by itself after this long
# Zoom boxes (x0, y0, x1, y1 as fractions of the frame) for a centred, upright face. Course
# clips use the renderer's own boxes; other video gets boxes around the face the cascade finds
# (facebox.py), and these when it finds none.
CENTRED_FACE = {
    "face": (0.0, 0.0, 1.0, 1.0),
    "brows": (0.2, 0.12, 0.8, 0.42),
    "eyes": (0.2, 0.28, 0.8, 0.52),
    "cheeks": (0.22, 0.38, 0.78, 0.7),
    "mouth": (0.25, 0.58, 0.75, 0.92),
}

Source = ClipSpec | Clip | str | Path | tuple[ClipKey, str | Path]


@dataclass(frozen=True)
class LoadedClip:
    """A clip ready for the browser, with what the player and its fallback need."""

    data: bytes
    fps: float
    frame_count: int
    title: str
    still: bytes  # PNG of frame ``still_frame``: the apex when the key is known, else the middle
    still_frame: int
    boxes: dict[str, tuple[float, float, float, float]]
    key: ClipKey | None = None
    mime: str = "video/webm"
    file: Path | None = None  # served by Jupyter's /files/ endpoint instead of sent as bytes
    poster: bytes = b""  # PNG of frame 0, shown while the video is still being encoded
    pending: Future | None = None  # the video bytes, when ``data`` is not filled in yet
    start: threading.Event | None = None  # set to let the encoder of ``pending`` begin

    @property
    def regions(self) -> list[dict]:
        """Zoom choices for the widget, in display order."""
        return [
            {"name": name, "label": REGION_LABELS[name], "box": list(self.boxes[name])}
            for name in REGION_LABELS
            if name in self.boxes
        ]


def key_events(key: ClipKey) -> dict[str, Event]:
    """Each scored action's timing, labelled by its code, for the player's timeline."""
    return {e.code: e.timing for e in key.events if not e.distractor}


def load(
    source: Source,
    inline_limit: int = INLINE_LIMIT,
    wait: bool = True,
    start: threading.Event | None = None,
) -> LoadedClip:
    """Turn any supported source into a :class:`LoadedClip` (see :func:`course.player.play`).

    Video files larger than ``inline_limit`` bytes are not sent through the kernel: the
    browser streams them from Jupyter's ``/files/`` endpoint, which supports seeking. With
    ``wait=False`` a generated clip comes back at once with its first frame and apex still,
    and ``pending`` gives its video when the encoder in the background has written it. With a
    ``start`` event as well, that encoder waits until the event is set (at most
    :data:`START_WAIT_S`), so that it does not hold back the kernel while the first frame is
    sent to the browser.
    """
    start = None if wait else start
    if isinstance(source, tuple):
        key, path = source
        return _from_file(Path(path), key, inline_limit)
    if isinstance(source, ClipSpec):
        return _from_clip(make_clip(source), wait=wait, start=start)
    if isinstance(source, Clip):
        return _from_clip(source, wait=wait, start=start)
    if isinstance(source, Path) or _has_video_suffix(source):
        return _from_file(Path(source), None, inline_limit)
    if isinstance(source, str):
        clip = make_clip(clip_spec_for(source))
        return _from_clip(clip, f"Clip of {source.strip()}", wait, start)
    raise TypeError(
        'play() takes a course clip (ClipSpec), a FACS score such as "1+2+5B", '
        f"or the path of a video file; got {type(source).__name__}."
    )


def _has_video_suffix(text: object) -> bool:
    """A string names a video file by its suffix alone: ``"12"`` is a score even if ``./12``
    exists."""
    return isinstance(text, str) and Path(text).suffix.lower() in VIDEO_SUFFIXES


_ENCODER = ThreadPoolExecutor(1, thread_name_prefix="facs-clip")  # one clip encodes at a time


def _from_clip(
    clip: Clip, title: str = "Clip", wait: bool = True, start: threading.Event | None = None
) -> LoadedClip:
    common = dict(
        fps=float(clip.spec.fps),
        frame_count=clip.spec.frames,
        title=title,
        still_frame=clip.key.apex,
        boxes=_course_boxes(clip.spec.size),
        key=clip.key,
    )
    kept = cache.read(clip.spec)
    if kept is not None:  # shown before: nothing to draw or encode
        video, poster, still = kept
        return LoadedClip(data=video, still=still, poster=poster, **common)
    seen: dict[tuple, np.ndarray] = {}  # each distinct pose drawn once, shared with the encoder
    poster = png_bytes(_drawn(clip, 0, seen))
    still = png_bytes(_drawn(clip, clip.key.apex, seen))
    pending = _ENCODER.submit(_encoded, clip, seen, (poster, still), start)
    return LoadedClip(
        data=pending.result() if wait else b"",
        still=still,
        poster=poster,
        pending=None if wait else pending,
        start=start,
        **common,
    )


def _drawn(clip: Clip, i: int, seen: dict[tuple, np.ndarray]) -> np.ndarray:
    """Frame ``i``, drawn only if its pose (all a frame is drawn from) was not drawn before."""
    look = (clip.pose_at(i), clip.head_at(i))
    if look not in seen:
        seen[look] = clip.frame(i)
    return seen[look]


def _encoded(
    clip: Clip,
    seen: dict[tuple, np.ndarray],
    pictures: tuple[bytes, bytes],
    start: threading.Event | None = None,
) -> bytes:
    """The clip as WebM bytes, drawn and encoded at once (the encoder runs in a thread and
    leaves the GIL while frames are drawn), once ``start`` is set; kept in the clip cache
    with its ``pictures`` (poster and still PNGs)."""
    if start is not None:
        start.wait(START_WAIT_S)
    queued: queue.SimpleQueue = queue.SimpleQueue()

    def drawn() -> Iterator[np.ndarray]:
        while (frame := queued.get()) is not None:
            yield frame

    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(1) as encoder:
        written = encoder.submit(write_webm, drawn(), Path(tmp) / "clip.webm", clip.spec.fps)
        try:
            for i in range(len(clip)):
                queued.put(_drawn(clip, i, seen))
        finally:
            queued.put(None)
        video = written.result().read_bytes()
    cache.write(clip.spec, video, *pictures)
    return video


def _course_boxes(size: int) -> dict[str, tuple[float, float, float, float]]:
    boxes = {}
    for name in REGION_LABELS:
        x0, y0, x1, y1 = region_box(name, size)
        boxes[name] = (x0 / size, y0 / size, x1 / size, y1 / size)
    return boxes


def _from_file(path: Path, key: ClipKey | None, inline_limit: int) -> LoadedClip:
    with tempfile.TemporaryDirectory() as tmp:
        if path.suffix.lower() == ".webm" and _probe(path)[0] in BROWSER_CODECS:
            browser = path
        elif path.is_file() and path.stat().st_size > inline_limit:
            browser = _converted_beside(path)
        else:
            browser = to_browser_webm(path, Path(tmp) / "clip.webm")
        _, fps, count = _probe(browser)
        still_frame = min(key.apex if key is not None else count // 2, count - 1)
        still = read_frame(browser, still_frame)
        inline = browser.stat().st_size <= inline_limit
        data = browser.read_bytes() if inline else b""
    return LoadedClip(
        data=data,
        fps=fps,
        frame_count=count,
        title=path.stem if key is None else "Practice clip",
        still=png_bytes(still),
        still_frame=still_frame,
        boxes=face_boxes(still) or CENTRED_FACE,
        key=key,
        file=None if inline else browser.resolve(),
    )


def _converted_beside(path: Path) -> Path:
    """A large video's browser copy, kept next to it (``name.browser.webm``) and reused."""
    out = path.with_name(f"{path.stem}.browser.webm")
    if not out.is_file() or out.stat().st_mtime < path.stat().st_mtime:
        to_browser_webm(path, out)
    return out


def _probe(path: Path) -> tuple[str | None, float, int]:
    """Codec name, frame rate and frame count (counted from packets, not decoded)."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None, 0.0, 0
            stream = container.streams.video[0]
            count = sum(1 for packet in container.demux(stream) if packet.size)
            return stream.codec_context.name, float(stream.average_rate or 0), count
    except (av.FFmpegError, OSError):
        return None, 0.0, 0
