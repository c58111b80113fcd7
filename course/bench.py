"""``python -m course.bench``: how fast the course draws faces and makes clips, on one core.

Every figure is taken on one core. Each bench is a function returning rows; add a part's figures by appending its function to
``BENCHES``. Every row prints as one plain line, with its target beside it when it has one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

CLIP_SCORE = "1+2+5B+12C+26"


@dataclass(frozen=True)
class Row:
    """One figure: what was measured, its value and unit, and optionally a target."""

    what: str
    value: float
    unit: str
    at_least: float | None = None
    at_most: float | None = None
    before: float | None = None  # the same figure before issue 14's head in three dimensions

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when the row has no target."""
        if self.at_least is not None:
            return self.value >= self.at_least
        if self.at_most is not None:
            return self.value <= self.at_most
        return None

    def __str__(self) -> str:
        line = f"{self.what}: {_number(self.value)} {self.unit}"
        if self.met is not None:
            sign, target = (
                (">=", self.at_least) if self.at_least is not None else ("<=", self.at_most)
            )
            line += f" (target {sign} {target:g} {self.unit}: {'met' if self.met else 'MISSED'})"
        if self.before is not None:
            line += f" [before the 3D head: {_number(self.before)} {self.unit}]"
        return line


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


# The same figures for the renderer before the head in three dimensions (a 2D warp of the
# finished picture, commit df8cda8): the best of several runs on the development machine
# (2 cores shared with other work) on 3 December 2026, the same day as the new figures.
BEFORE = {"still": 358.0, "turning": 413.0, "clip": 0.367, "clip moving": 0.427, "clip 51": 0.375}


def render_speed(frames: int = 300, size: int = 320) -> list[Row]:
    """Frames a second of render() over a pose that changes every frame: frontal with the
    head still, with the head turning (51 rising and relaxing), and in three-quarter view."""
    from .face.clip import clip_spec_for, make_clip
    from .face.render import render

    rows = []
    for what, score, view, target, before in (
        ("", CLIP_SCORE, "frontal", 300, BEFORE["still"]),
        (", head turning (51)", "51", "frontal", None, BEFORE["turning"]),
        (", three-quarter view", CLIP_SCORE, "three-quarter", None, None),
    ):
        clip = make_clip(clip_spec_for(score, frames=frames, size=size, blinks=3))
        poses = [clip.pose_at(i) for i in range(frames)]
        render(poses[0], 0, size, view=view)  # warm up caches outside the timing
        start = time.perf_counter()
        for pose in poses:
            render(pose, 0, size, view=view)
        rate = frames / (time.perf_counter() - start)
        label = f"render {size}x{size}{what}, one core"
        rows.append(Row(label, rate, "frames/s", at_least=target, before=before))
    return rows


def clip_speed(runs: int = 3, frames: int = 90, size: int = 320) -> list[Row]:
    """Wall time to render and encode a clip (median of ``runs``), still and with head
    motion; encoding alone; and the file's size."""
    from .face.clip import clip_spec_for, make_clip, write_clip
    from .face.video import write_webm

    label = f"{frames}-frame {size}x{size} clip"
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.webm"
        for score, head_motion, view, what, target, before in (
            (CLIP_SCORE, 0.0, "frontal", ", head still", 0.5, BEFORE["clip"]),
            (CLIP_SCORE, 1.0, "frontal", ", head motion 1 degree", 0.5, BEFORE["clip moving"]),
            ("51", 1.0, "frontal", " of 51 (head turning)", None, BEFORE["clip 51"]),
            (CLIP_SCORE, 1.0, "three-quarter", ", three-quarter view", None, None),
        ):
            spec = clip_spec_for(
                score, frames=frames, size=size, blinks=2, head_motion=head_motion, view=view
            )
            seconds = statistics.median(
                _seconds(lambda spec=spec: write_clip(spec, path)) for _ in range(runs)
            )
            rows.append(
                Row(f"render and encode a {label}{what}", seconds, "s", at_most=target,
                    before=before)
            )  # fmt: skip
        spec = clip_spec_for(CLIP_SCORE, frames=frames, size=size, blinks=2, head_motion=1.0)
        pictures = list(make_clip(spec).frames())
        encode = statistics.median(
            _seconds(lambda: write_webm(pictures, path, spec.fps)) for _ in range(runs)
        )
        rows.append(Row(f"encode alone, {label}", encode, "s"))
        rows.append(Row(f"file size, {label}", path.stat().st_size / 1000, "kB"))
    return rows


def _seconds(task: Callable[[], object]) -> float:
    start = time.perf_counter()
    task()
    return time.perf_counter() - start


def cli_startup(runs: int = 10) -> list[Row]:
    """Wall time (median of ``runs``) of ``facs-course check`` and ``codes 12``, each in a fresh
    process, beside ``python -c pass``: the floor no command can go under."""
    script = Path(sys.executable).with_name("facs-course")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "course.cli"]
    rows = []
    for what, argv in [
        ("python -c pass (the floor)", [sys.executable, "-c", "pass"]),
        ("facs-course check 1+2 1+4", [*command, "check", "1+2", "1+4"]),
        ("facs-course codes 12", [*command, "codes", "12"]),
    ]:
        run = partial(subprocess.run, argv, check=True, stdout=subprocess.DEVNULL)
        seconds = statistics.median(_seconds(run) for _ in range(runs))
        target = None if "floor" in what else 0.5
        rows.append(Row(f"start-up and run, {what}", seconds, "s", at_most=target))
    return rows


def notation_speed(runs: int = 20) -> list[Row]:
    """Reading the longest answer parse reads, and refusing a 1 MB one (median of ``runs``)."""
    from contextlib import suppress

    from .facs.notation import MAX_LENGTH, NotationError, parse

    def milliseconds(text: str) -> float:
        def attempt() -> None:
            with suppress(NotationError):
                parse(text)

        return statistics.median(_seconds(attempt) for _ in range(runs)) * 1000

    longest = "1+" * (MAX_LENGTH // 2 - 1) + "1"  # read to the end, then refused: 1 twice
    return [
        Row(f"read a {len(longest):,}-character answer", milliseconds(longest), "ms"),
        Row("refuse a 1 MB answer", milliseconds("1+2+" * 262_144), "ms"),
    ]


BENCHES: list[Callable[[], list[Row]]] = [render_speed, clip_speed, cli_startup, notation_speed]


def main() -> None:
    """Print every bench's rows, one line each, measured on one core."""
    # Before numpy or OpenCV is first imported, so their thread pools start with one thread.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import cv2

    cv2.setNumThreads(1)
    for bench in BENCHES:
        for row in bench():
            print(row, flush=True)


if __name__ == "__main__":
    main()
