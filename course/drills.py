"""Adaptive drills: fresh practice clips aimed at what this learner gets wrong.

The scheduler is a pure function of the learner's record (:func:`plan`): each *skill* (a code,
a confusable pair from the catalog, a code's intensity, a code's side) sits in a Leitner box.
Answered right, it moves up a box and comes back later; missed, it drops to the first box and
comes back soon. The box also sets how hard the next clip is: subtler intensities, more codes
at once, distractor blinks and head motion, other faces. :func:`drill` renders the plan as
clips never seen before (new seeds) with the same Check and Hint as the session clips.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from .content import text
from .facs import ItemResult, NotationError, parse
from .facs.codes import catalog

if TYPE_CHECKING:
    from .record import Attempt

BOXES = 5
# Attempts to wait before a skill in box n is due again (box 0: never tried yet).
INTERVALS = {0: 0, 1: 1, 2: 3, 3: 7, 4: 15, 5: 30}
# How hard a clip is at each box: intensity letter, extra codes, blinks, head motion, faces.
LEVELS = {
    0: ("D", 0, 0, 0.0, False),
    1: ("D", 0, 0, 0.0, False),
    2: ("C", 0, 1, 0.0, True),
    3: ("C", 1, 1, 1.0, True),
    4: ("B", 1, 2, 2.0, True),
    5: ("A", 2, 2, 3.0, True),
}
SEED_BASE = 1_000_000  # drill seeds lie above every practice and graded seed
PREFIX = "drill/"


@dataclass(frozen=True, order=True)
class Skill:
    """What a drill item practises: ``kind`` is pair, code, intensity or side."""

    kind: str
    codes: tuple[int, ...]

    def __str__(self) -> str:
        return "/".join(map(str, self.codes))

    @property
    def words(self) -> str:
        codes = " and ".join(map(str, self.codes))
        return text("drill", f"skill_{self.kind}").format(codes=codes, code=self.codes[0])


@dataclass
class Box:
    """A skill's place in the Leitner system and its history."""

    box: int = 0
    last: int = -1  # the attempt number that last tested it
    tries: int = 0
    wrong: int = 0


@dataclass(frozen=True)
class DrillItem:
    """One clip to draw: the score asked for, why, and how hard."""

    skill: Skill
    score: str
    box: int
    seed: int
    identity: int
    blinks: int
    head_motion: float
    reason: str = field(compare=False)


@cache
def drawn_codes() -> frozenset[int]:
    from .face.movements import DRAWN_CODES  # the renderer, only when asked

    return DRAWN_CODES


def codes_for(week: int | None = None) -> list[int]:
    """The codes a drill may use: those the faces draw, taught up to ``week`` (all if None)."""
    return sorted(
        c
        for c in drawn_codes()
        if week is None or catalog().codes[c].week <= week
        if catalog().codes[c].kind in ("AU", "AD")
    )


def pairs_for(codes: Iterable[int]) -> list[Skill]:
    """The catalog's confusable pairs whose two codes are both in ``codes``."""
    allowed = set(codes)
    return [Skill("pair", tuple(c.codes)) for c in catalog().confusions if set(c.codes) <= allowed]


def judge(result: ItemResult, pairs: Sequence[Skill]) -> list[tuple[Skill, bool]]:
    """Which skills one checked answer tested, and whether each was right."""
    wrong = set(result.missed) | set(result.added)
    seen = result.key.codes | result.answer.codes
    tested = [(Skill("code", (c,)), c not in wrong) for c in sorted(seen)]
    for pair in pairs:  # a pair is mixed up when one is wrong and the other is there
        a, b = pair.codes
        if {a, b} & result.key.codes:
            mixed = (a in wrong and b in seen) or (b in wrong and a in seen)
            tested.append((pair, not mixed))
    tested += [
        (Skill("intensity", (p.code,)), p.steps == 0) for p in result.intensities if p.answer
    ]
    tested += [
        (Skill("side", (p.code,)), p.key == p.answer) for p in result.sides if p.key or p.answer
    ]
    return tested


def boxes(results: Iterable[ItemResult | None], pairs: Sequence[Skill]) -> dict[Skill, Box]:
    """Replay the record: right moves a skill up a box, wrong sends it back to box 1."""
    state: dict[Skill, Box] = {}
    for step, result in enumerate(results):
        if result is None:
            continue
        for skill, right in judge(result, pairs):
            b = state.setdefault(skill, Box())
            b.box = min(b.box + 1, BOXES) if right else 1
            b.last, b.tries, b.wrong = step, b.tries + 1, b.wrong + (not right)
    return state


def plan(
    rows: Sequence[Attempt | ItemResult | None],
    count: int = 3,
    week: int | None = None,
    used_seeds: Iterable[int] = (),
    rng_seed: int = 0,
) -> list[DrillItem]:
    """The next ``count`` drill clips for a learner whose record rows (or checked results),
    oldest first, are ``rows``. Pure: no rendering, no clock, no files. Seeds already in the
    record, and ``used_seeds``, are never given again."""
    results = [_result(row) for row in rows]
    used_seeds = {*used_seeds, *(drill_seed(r.item) for r in rows if hasattr(r, "item"))} - {None}
    rng = random.Random(rng_seed)
    codes = codes_for(week)
    pairs = pairs_for(codes)
    state = boxes(results, pairs)
    now = len(results)
    candidates = [s for s in state if all(c in codes for c in s.codes)]
    candidates += [p for p in pairs if p not in state]  # new pairs, for a learner just starting
    due = [s for s in candidates if now - state.get(s, Box()).last >= INTERVALS[_box(state, s)]]
    pool = due or candidates

    def urgency(skill: Skill) -> tuple:
        b = state.get(skill, Box())
        rank = 0 if b.box == 1 else 1 if b.box == 0 else 2  # missed, new, then reviews
        kind = 0 if skill.kind == "pair" else 1  # pairs first: they teach two codes at once
        return (rank, b.box, kind, -b.wrong / max(b.tries, 1), b.last, rng.random())

    chosen: list[Skill] = []
    for skill in sorted(pool, key=urgency):
        if len(chosen) == count:
            break
        if not any(set(skill.codes) & set(c.codes) for c in chosen):  # varied clips
            chosen.append(skill)
    for skill in sorted(pool, key=urgency):  # few skills: repeat rather than serve fewer
        if len(chosen) == count:
            break
        chosen.append(skill)
    seeds = set(used_seeds)
    items = []
    for skill in chosen:
        seed = _fresh_seed(rng, seeds)
        seeds.add(seed)
        missed = [state.get(Skill("code", (c,)), Box()).wrong for c in skill.codes]
        items.append(_item(skill, state.get(skill, Box()), codes, seed, rng, missed))
    return items


def _box(state: dict[Skill, Box], skill: Skill) -> int:
    return state[skill].box if skill in state else 0


def _fresh_seed(rng: random.Random, used: set[int]) -> int:
    while (seed := rng.randrange(SEED_BASE, 2**31)) in used:
        pass
    return seed


def _item(
    skill: Skill,
    b: Box,
    codes: list[int],
    seed: int,
    rng: random.Random,
    missed: Sequence[int] = (0, 0),
) -> DrillItem:
    """The clip for ``skill`` at box ``b``; a pair shows more often the code missed more."""
    letter, extra, blinks, head, other_faces = LEVELS[b.box]
    if skill.kind == "pair":
        options = [[skill.codes[0]], [skill.codes[1]], list(skill.codes)]
        weights = [1 + 2 * missed[0], 1 + 2 * missed[1], 1]
        chosen = rng.choices(options, weights)[0]
    else:
        chosen = [skill.codes[0]]
    regions = {catalog().codes[c].region for c in chosen}
    others = [  # extra codes elsewhere on the face; a blink (45) is a distractor, not an extra
        c
        for c in codes
        if catalog().codes[c].region not in regions and c != 45 and not _confusable(c, chosen)
    ]
    rng.shuffle(others)
    entries = [_entry(c, letter, skill, rng) for c in chosen]
    score = _join(entries) or _join(entries[:1])
    for code in others:
        if extra == 0:
            break
        if (longer := _join([*score.split("+"), _entry(code, letter, skill, rng)])) is not None:
            score, extra = longer, extra - 1
    identity = rng.randrange(_identities()) if other_faces else 0
    from .face.clip import LID_CLOSING  # blinks stay off scored lid closings

    has_lids = bool(LID_CLOSING & parse(score).codes)
    reason = _reason(skill, b)
    return DrillItem(skill, score, b.box, seed, identity, 0 if has_lids else blinks, head, reason)


def _entry(code: int, letter: str, skill: Skill, rng: random.Random) -> str:
    info = catalog().codes[code]
    if skill.kind == "intensity" and code in skill.codes and info.intensity:
        letter = rng.choice([x for x in "ABCDE" if x != "E"])
    side = ""
    if info.sided and (skill.kind == "side" and code in skill.codes or rng.random() < 0.15):
        side = rng.choice("LR")
    return f"{side}{code}{letter if info.intensity else ''}"


def _join(entries: list[str]) -> str | None:
    """The entries as one valid score, or None when FACS does not allow them together."""
    try:
        return str(parse("+".join(entries)))
    except NotationError:
        return None


def _confusable(code: int, chosen: list[int]) -> bool:
    return any(set(c.codes) == {code, other} for c in catalog().confusions for other in chosen)


@cache
def _identities() -> int:
    from .face.identities import identity_count

    return identity_count()


def _reason(skill: Skill, b: Box) -> str:
    if b.box == 0:
        return text("drill", "new").format(what=skill.words)
    if b.box == 1:
        return text("drill", "missed").format(what=skill.words, wrong=b.wrong, tries=b.tries)
    return text("drill", "review").format(what=skill.words, box=b.box, boxes=BOXES)


# ---- in a notebook ------------------------------------------------------------------------


def drill_seed(item: str) -> int | None:
    """The seed of a drill clip from its name in the record (``drill/1234567``)."""
    number = item.removeprefix(PREFIX)
    return int(number) if item.startswith(PREFIX) and number.isdigit() else None


def clip_spec(item: DrillItem):
    """The clip of a drill item (its key is computed from it, as for every course clip)."""
    from .face.clip import clip_spec_for

    return clip_spec_for(
        item.score,
        frames=60,
        identity=item.identity,
        seed=item.seed,
        blinks=item.blinks,
        head_motion=item.head_motion,
    )


class Drill:
    """A drill in a notebook: its clips in the player (Check and Hint) and why each was chosen."""

    def __init__(self, items: list[DrillItem], notice: str | None = None) -> None:
        from .face.clip import make_clip
        from .player import play
        from .player.sources import key_events
        from .practice import Exercise

        self.items, self.notice, self.players, self.exercises = items, notice, [], []
        for n, item in enumerate(items, 1):
            spec = clip_spec(item)
            key = make_clip(spec).key
            exercise = Exercise(
                key.score, None, spec.fps, None, key_events(key), f"{PREFIX}{item.seed}", "drill"
            )
            player = play(spec, practice=True)
            player.exercise = exercise
            player.title = text("drill", "title").format(n=n, count=len(items), what=item.reason)
            self.players.append(player)
            self.exercises.append(exercise)

    def _number(self, n: int) -> int:
        if not 1 <= n <= len(self.items):
            raise ValueError(text("drill", "no_clip").format(n=n, count=len(self.items)))
        return n - 1

    def check(self, n: int, answer: str):
        """Check the codes typed for drill clip ``n`` (kept in the record)."""
        return self.exercises[self._number(n)].check(answer)

    def hint(self, n: int):
        """The next hint for drill clip ``n``."""
        return self.exercises[self._number(n)].hint()

    def _header(self) -> list[str]:
        lines = [self.notice] if self.notice else []
        return lines + [
            text("drill", "line").format(n=n, what=i.reason) for n, i in enumerate(self.items, 1)
        ]

    def __str__(self) -> str:
        return "\n".join([text("drill", "heading"), *self._header()])

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from . import html

        body = f"<strong>{html.escape(text('drill', 'heading'))}</strong>"
        display(HTML(html.box(body + html.bullets(self._header()))))
        for player in self.players:
            display(player)


def drill(count: int = 3, week: int | None = None) -> Drill:
    """``count`` fresh clips aimed at your weak spots, from your record (codes up to ``week``)."""
    from .record import load

    attempts, notice = load()
    rng_seed = random.SystemRandom().randrange(2**32)
    return Drill(plan(attempts, count, week, rng_seed=rng_seed), notice)


def _result(row: Attempt | ItemResult | None) -> ItemResult | None:
    """A record row's comparison (None without a key, or for a key this course cannot read)."""
    if row is None or isinstance(row, ItemResult):
        return row
    try:
        return row.result
    except NotationError:
        return None
