"""The session notebooks' practice clips: in the player with Check and Hint, or checked in a cell.

Clip ``number`` of ``week`` is its place among that week's clips in ``practice_items.toml``
(read by :mod:`course.content`); its key is computed from its spec, never typed.
"""

from __future__ import annotations

from functools import cache

from .content import PracticeClip, practice_clips
from .face.clip import make_clip
from .player import ClipPlayer, play
from .player.sources import key_events
from .practice import Exercise, Feedback


def practice_item(week: int, number: int) -> PracticeClip:
    clips = practice_clips(week)
    if not 1 <= number <= len(clips):
        raise ValueError(
            f"Week {week} has practice clips 1 to {len(clips)}; there is no clip {number}."
        )
    return clips[number - 1]


@cache
def exercise(week: int, number: int) -> Exercise:
    """One Exercise per clip, so that hints escalate across cells."""
    item = practice_item(week, number)
    key = make_clip(item.spec).key
    timing = key.expression if item.timed else None
    name = f"week{week:02d}/clip{number:02d}"
    return Exercise(key.score, timing, item.spec.fps, None, key_events(key), name)


def practice_clip(week: int, number: int) -> ClipPlayer:
    """Practice clip ``number`` of ``week`` in the player, with Check and Hint buttons."""
    item = practice_item(week, number)
    count = len(practice_clips(week))
    player = play(item.spec, practice=True)
    player.exercise = exercise(week, number)
    player.title = f"Week {week} · practice clip {number} of {count} · {item.level}"
    return player


def check_clip(
    week: int,
    number: int,
    answer: str,
    onset: int | None = None,
    apex: int | None = None,
    offset: int | None = None,
) -> Feedback:
    """Check codes typed in a cell (and, for timed clips, the onset/apex/offset frames)."""
    marks = {"onset": onset, "apex": apex, "offset": offset}
    timed = any(v is not None for v in marks.values())
    return exercise(week, number).check(answer, marks if timed else None)


def clip_hint(week: int, number: int) -> Feedback:
    """The next hint for a clip: where to look, then the cue, then the answer."""
    return exercise(week, number).hint()
