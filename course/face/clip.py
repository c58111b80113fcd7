"""Clips: a timeline of facial action events becomes frames of a synthetic face, and a key.

Each event rises smoothly from neutral at its onset to its intensity at its apex and relaxes
back to neutral at its offset, as FACS items do. Distractors (quick blinks, small head
movements) make a clip look alive without changing what is scored at the apex. The key is
returned as data and never written into a video or its name.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..facs.agreement import Event
from ..facs.codes import INTENSITIES
from ..facs.notation import Entry, NotationError, Score, parse
from .head3d import VIEWS
from .identities import identity_count
from .pose import INTENSITY_AMOUNT, Action, Pose, pose_from_score
from .render import HeadMotion, render
from .video import write_webm

BLINK = "45"
LID_CLOSING = {43, 45, 46}  # scored lid closings that distractor blinks must not overlap
BLINK_FRAMES = (5, 7)  # shortest and longest blink, onset to offset, in frames
APEX_CLEARANCE = 3  # frames kept free of blinks on each side of an apex
MAX_HEAD_MOTION = 5.0  # degrees; more than this is a head position worth scoring
# Below half of a trace (A), a movement is not visible, so it is not scored.
_VISIBLE = INTENSITY_AMOUNT["A"] / 2
_SHIFT_PER_DEGREE = 0.0015  # drift, as a fraction of the image size, per degree of motion


class ClipError(ValueError):
    """A clip that cannot be made as asked; the message says which number to change."""


def _frame_number(value: object, what: str) -> int:
    try:
        number = operator.index(value)
    except TypeError:
        raise ClipError(f"The {what} must be a whole frame number; got {value!r}.") from None
    if number < 0:
        raise ClipError(f"The {what} must be frame 0 or later; got {number}.")
    return number


@dataclass(frozen=True)
class ClipEvent:
    """One action in time: ``code`` (one scored code, e.g. ``"5B"``, ``"L12C"``, ``"26"``)
    rises from ``onset`` to ``apex`` and is gone at ``offset`` (frame numbers from 0).

    ``distractor`` marks movements added to make a clip lifelike (blinks), not to be scored.
    """

    code: str
    onset: int
    apex: int
    offset: int
    distractor: bool = False

    def __post_init__(self) -> None:
        score = parse(self.code)
        if len(score) != 1:
            what = "0 (neutral) is not an action" if not score else f"{score} is {len(score)}"
            raise NotationError(
                f"An event takes one code, such as 12C; {what}. Give each code its own event."
            )
        object.__setattr__(self, "code", str(score))
        onset, apex, offset = (
            _frame_number(getattr(self, p), f"{p} of {score}") for p in ("onset", "apex", "offset")
        )
        if not onset <= apex <= offset:
            raise ClipError(
                f"{score}: the onset (frame {onset}), apex (frame {apex}) and offset "
                f"(frame {offset}) must come in that order."
            )
        object.__setattr__(self, "onset", onset)
        object.__setattr__(self, "apex", apex)
        object.__setattr__(self, "offset", offset)

    @property
    def entry(self) -> Entry:
        """The scored code as a notation Entry."""
        return parse(self.code).entries[0]

    @property
    def timing(self) -> Event:
        """Onset, apex and offset, as the agreement module compares them."""
        return Event(self.onset, self.apex, self.offset)

    def envelope(self, frames: int) -> np.ndarray:
        """How far the action has gone on each frame, 0 at rest to 1 at the apex."""
        t = np.arange(frames, dtype=float)
        if self.apex == self.onset:
            rise = (t >= self.apex).astype(float)
        else:
            rise = _ease((t - self.onset) / (self.apex - self.onset))
        fall = _ease((self.offset - t) / max(self.offset - self.apex, 1))
        return np.where(t <= self.apex, rise, fall)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "onset": self.onset,
            "apex": self.apex,
            "offset": self.offset,
            "distractor": self.distractor,
        }


def _ease(t: np.ndarray) -> np.ndarray:
    """Smoothstep: 0 before 0, 1 after 1, gentle at both ends like a real movement."""
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


@dataclass(frozen=True)
class ClipSpec:
    """What a clip shows: events, whose face, how long, and which distractors.

    ``blinks`` quick blinks (45) are placed away from every apex; ``head_motion`` is the
    largest small head movement in degrees; ``view`` is where the camera stands ("frontal" or
    "three-quarter"). All randomness comes from ``seed``.
    """

    events: tuple[ClipEvent, ...]
    identity: int = 0
    fps: float = 30
    frames: int = 90
    size: int = 320
    seed: int = 0
    blinks: int = 0
    head_motion: float = 0.0
    view: str = "frontal"

    def __post_init__(self) -> None:
        events = tuple(self.events)
        object.__setattr__(self, "events", events)
        if not all(isinstance(e, ClipEvent) for e in events):
            raise ClipError("A clip's events must be ClipEvent(code, onset, apex, offset).")
        frames = _frame_number(self.frames, "number of frames")
        if frames < 1:
            raise ClipError("A clip needs at least one frame.")
        if not 0 < self.fps <= 240:
            raise ClipError(f"{self.fps} frames a second is not a usable frame rate; use e.g. 30.")
        if self.size < 32 or self.size % 2:
            raise ClipError(
                f"The size must be an even number of pixels, 32 or more; got {self.size}."
            )
        if not 0 <= self.identity < identity_count():
            raise ClipError(
                f"There is no face number {self.identity}: choose 0 to {identity_count() - 1}."
            )
        if _frame_number(self.blinks, "number of blinks") > frames // 10:
            raise ClipError(f"{self.blinks} blinks do not fit in {frames} frames.")
        if not 0 <= self.head_motion <= MAX_HEAD_MOTION:
            raise ClipError(
                f"Head motion must be 0 to {MAX_HEAD_MOTION:g} degrees; got {self.head_motion}."
            )
        if self.view not in VIEWS:
            raise ClipError(f"There is no {self.view!r} view: choose {' or '.join(VIEWS)}.")
        for event in events:
            if event.offset >= frames:
                raise ClipError(
                    f"{event.code}: frame {event.offset} is past the end of the clip; a "
                    f"{frames}-frame clip has frames 0 to {frames - 1}."
                )
        _apex_score(events, frames)


@dataclass(frozen=True)
class ClipKey:
    """The answer for a clip: the score at the apex frame, and every event's timing."""

    score: Score
    apex: int
    events: tuple[ClipEvent, ...]
    fps: float
    frames: int
    identity: int

    @property
    def expression(self) -> Event | None:
        """The whole expression's timing: first onset, the apex, last offset (None if neutral)."""
        scored = [e for e in self.events if not e.distractor]
        if not scored:
            return None
        return Event(min(e.onset for e in scored), self.apex, max(e.offset for e in scored))

    def to_dict(self) -> dict:
        """A JSON-able dict; the key of an item is stored this way, apart from its video."""
        return {
            "score": str(self.score),
            "apex": self.apex,
            "events": [e.to_dict() for e in self.events],
            "fps": self.fps,
            "frames": self.frames,
            "identity": self.identity,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ClipKey:
        """Read back a key written by :meth:`to_dict`."""
        return cls(
            parse(data["score"]),
            int(data["apex"]),
            tuple(ClipEvent(**e) for e in data["events"]),
            data["fps"],
            int(data["frames"]),
            int(data["identity"]),
        )


def _apex_score(events: tuple[ClipEvent, ...], frames: int) -> tuple[int, Score]:
    """The frame where the scored events together are strongest, and the score there.

    Raises NotationError when the actions visible at that frame cannot be scored together.
    """
    scored = [e for e in events if not e.distractor]
    if not scored:
        return frames // 2, Score()
    curves = np.array([e.envelope(frames) * _amount(e) for e in scored])
    apex = max(sorted({e.apex for e in scored}), key=lambda f: curves[:, f].sum())
    entries = []
    for event, curve in zip(scored, curves, strict=True):
        if curve[apex] >= _VISIBLE:
            entry = event.entry
            letter = _letter(curve[apex]) if entry.intensity else ""
            entries.append(f"{entry.prefix}{entry.code}{letter}")
    return apex, parse("+".join(entries) or "0")


def _amount(event: ClipEvent) -> float:
    return pose_from_score(event.code)[0].amount


def _letter(amount: float) -> str:
    """The intensity letter whose amount is nearest to ``amount``."""
    return min(INTENSITIES, key=lambda letter: abs(INTENSITY_AMOUNT[letter] - amount))


@dataclass(frozen=True, eq=False)
class Clip:
    """A clip ready to draw: the full timeline (distractors included), its key, its frames."""

    spec: ClipSpec
    events: tuple[ClipEvent, ...]
    key: ClipKey
    _actions: tuple[Action, ...] = field(repr=False)  # each event's action at its apex
    _amounts: np.ndarray = field(repr=False)  # events x frames
    _head: np.ndarray = field(repr=False)  # frames x (yaw, pitch, roll, dx, dy)

    def __len__(self) -> int:
        return self.spec.frames

    def pose_at(self, frame: int) -> Pose:
        """The actions and how far each has gone on ``frame``."""
        strongest: dict[tuple[int, str, str], float] = {}
        for action, amounts in zip(self._actions, self._amounts, strict=True):
            if amounts[frame] > 0:
                place = (action.code, action.side, action.lip)
                strongest[place] = max(strongest.get(place, 0.0), float(amounts[frame]))
        return tuple(Action(c, a, s, lip) for (c, s, lip), a in sorted(strongest.items()))

    def head_at(self, frame: int) -> HeadMotion | None:
        """The distractor head movement on ``frame``, or None when the head is still."""
        values = self._head[frame]
        if not values.any():
            return None
        yaw, pitch, roll, dx, dy = (float(v) for v in values)
        return HeadMotion(yaw=yaw, pitch=pitch, roll=roll, dx=dx, dy=dy)

    def frame(self, frame: int) -> np.ndarray:
        """Frame number ``frame`` as an RGB uint8 array."""
        spec = self.spec
        return render(self.pose_at(frame), spec.identity, spec.size, self.head_at(frame), spec.view)

    def frames(self) -> Iterator[np.ndarray]:
        """Every frame in order, drawn as they are needed."""
        return (self.frame(i) for i in range(len(self)))


def make_clip(spec: ClipSpec) -> Clip:
    """Lay out the timeline (placing distractors from the seed) and compute the key."""
    blink_rng, head_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(spec.seed).spawn(2)
    )
    apex, score = _apex_score(spec.events, spec.frames)
    scored_apexes = [e.apex for e in spec.events if not e.distractor] or [apex]
    blinks = _place_blinks(spec, scored_apexes, blink_rng)
    events = tuple(sorted(spec.events + blinks, key=lambda e: (e.onset, e.apex, e.entry)))
    actions = tuple(pose_from_score(e.code)[0] for e in events)
    amounts = np.array(
        [e.envelope(spec.frames) * a.amount for e, a in zip(events, actions, strict=True)]
    )
    key = ClipKey(score, apex, events, spec.fps, spec.frames, spec.identity)
    head = _head_motion(spec, head_rng)
    return Clip(spec, events, key, actions, amounts.reshape(len(events), spec.frames), head)


def _place_blinks(
    spec: ClipSpec, apexes: Iterable[int], rng: np.random.Generator
) -> tuple[ClipEvent, ...]:
    """Quick blinks at random places clear of every apex, of scored lid closings and of
    each other."""
    taken = np.zeros(spec.frames + 2, dtype=bool)
    taken[0] = True  # frame 0 stays neutral: the player compares with it
    for apex in apexes:
        taken[max(apex - APEX_CLEARANCE, 0) : apex + APEX_CLEARANCE + 1] = True
    for event in spec.events:
        if event.entry.code in LID_CLOSING:
            taken[event.onset : event.offset + 1] = True
    blinks = []
    for _ in range(spec.blinks):
        preferred = int(rng.integers(BLINK_FRAMES[0], BLINK_FRAMES[1] + 1))
        for length in range(preferred, BLINK_FRAMES[0] - 1, -1):  # shorter if space is short
            free = [
                onset
                for onset in range(1, spec.frames - length)
                if not taken[onset - 1 : onset + length + 2].any()
            ]
            if free:
                break
        else:
            raise ClipError(
                f"There is no room for {spec.blinks} blinks away from the apex in "
                f"{spec.frames} frames; ask for fewer blinks or a longer clip."
            )
        onset = int(rng.choice(free))
        # Lids close faster than they open.
        blinks.append(ClipEvent(BLINK, onset, onset + length // 3, onset + length, distractor=True))
        taken[onset : onset + length + 1] = True
    return tuple(blinks)


def _head_motion(spec: ClipSpec, rng: np.random.Generator) -> np.ndarray:
    """Slow random drift of the head (yaw, pitch, roll, dx, dy), still on frame 0.

    Each channel is a sum of a few slow sine waves, at most ``head_motion`` degrees (roll
    half that) and a shift, as a fraction of the image size, in proportion.
    """
    motion = np.zeros((spec.frames, 5))
    if spec.head_motion == 0 or spec.frames < 2:
        return motion
    seconds = np.arange(spec.frames)[:, None] / spec.fps
    for channel, scale in enumerate((1.0, 1.0, 0.5, 1.0, 1.0)):
        hz = rng.uniform(0.15, 0.8, 3)
        phase = rng.uniform(0, 2 * np.pi, 3)
        wave = np.sin(2 * np.pi * hz * seconds + phase).sum(axis=1)
        wave -= wave[0]
        peak = np.abs(wave).max()
        if peak > 0:
            motion[:, channel] = wave / peak * spec.head_motion * scale
    motion[:, 3:] *= _SHIFT_PER_DEGREE
    return motion


def write_clip(spec: ClipSpec, path: str | Path) -> ClipKey:
    """Render ``spec`` into a WebM at ``path`` and return its key (kept out of the file)."""
    clip = make_clip(spec)
    write_webm(clip.frames(), path, spec.fps)
    return clip.key


def clip_spec_for(
    score: str | Score,
    frames: int = 90,
    fps: float = 30,
    onset: int | None = None,
    apex: int | None = None,
    offset: int | None = None,
    identity: int = 0,
    seed: int = 0,
    size: int = 320,
    blinks: int = 0,
    head_motion: float = 0.0,
    view: str = "frontal",
) -> ClipSpec:
    """A clip in which every code of ``score`` rises and relaxes together.

    By default the movement starts 12% into the clip, peaks at the middle and is gone at 88%;
    an apex given outside that span moves the default onset or offset halfway toward the end.
    """
    parsed = parse(score)
    frames = _frame_number(frames, "number of frames")
    last = frames - 1
    apex = round(0.5 * last) if apex is None else _frame_number(apex, "apex")
    if apex > last:
        raise ClipError(
            f"The apex (frame {apex}) is past the end of the clip; a {frames}-frame clip has "
            f"frames 0 to {last}."
        )
    if onset is None:
        onset = round(0.12 * last) if round(0.12 * last) < apex else apex // 2
    if offset is None:
        offset = round(0.88 * last) if round(0.88 * last) > apex else apex + (last - apex + 1) // 2
    events = tuple(ClipEvent(str(entry), onset, apex, offset) for entry in parsed)
    return ClipSpec(events, identity, fps, frames, size, seed, blinks, head_motion, view)
