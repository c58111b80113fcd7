"""FACS score notation: read lenient input into a canonical score, and write it back.

A score is a ``+``-joined list of codes such as ``1+2+4B+5C+L12+R14A+25+26``. Each code has
an optional prefix (side, asymmetry or lip) and an optional intensity suffix A-E.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .codes import INTENSITIES, INTENSITY_WORDS, Catalog, catalog

SIDE_PREFIXES = {"L": "left side only", "R": "right side only", "U": "one side, unspecified"}
ASYMMETRY_PREFIXES = {"A": "asymmetric"}
ASYMMETRY_PREFIXES |= {p: f"left stronger by {n}" for n, p in enumerate("VWXYZ", 1)}
ASYMMETRY_PREFIXES |= {p: f"right stronger by {n}" for n, p in enumerate("GHIJK", 1)}
LIP_PREFIXES = {"T": "top lip only", "B": "bottom lip only"}
PREFIXES = SIDE_PREFIXES | ASYMMETRY_PREFIXES | LIP_PREFIXES
NEUTRAL = "0"

_TOKEN = re.compile(
    r"(?P<au>AU(?=\s*[0-9]))|(?P<num>[0-9]+)|(?P<letter>[A-Z])|(?P<sep>[+,;])|(?P<space>\s+)"
)


class NotationError(ValueError):
    """A score that cannot be read; the message names the piece at fault and what to write."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: a learner sees only the message.
        return [str(self)]


@dataclass(frozen=True, order=True)
class Entry:
    """One scored code: number, optional prefix, optional intensity."""

    code: int
    prefix: str = ""
    intensity: str = ""

    def __str__(self) -> str:
        return f"{self.prefix}{self.code}{self.intensity}"

    @property
    def side(self) -> str:
        """``L``, ``R`` or ``U`` for a one-sided action, ``""`` for both sides."""
        return self.prefix if self.prefix in SIDE_PREFIXES else ""

    @property
    def lip(self) -> str:
        """``T`` or ``B`` for an action on one lip, ``""`` for both lips."""
        return self.prefix if self.prefix in LIP_PREFIXES else ""


@dataclass(frozen=True)
class Score:
    """A canonical score: entries sorted by code number, one entry per code."""

    entries: tuple[Entry, ...] = ()

    def __str__(self) -> str:
        return "+".join(map(str, self.entries)) or NEUTRAL

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        return any(e.code == code for e in self.entries)

    @property
    def codes(self) -> frozenset[int]:
        """The code numbers scored, ignoring intensity and side."""
        return frozenset(e.code for e in self.entries)

    def entry(self, code: int) -> Entry | None:
        """The entry for ``code``, or None if it is not scored."""
        return next((e for e in self.entries if e.code == code), None)


def parse(text: str | Score) -> Score:
    """Read a score written leniently (``AU12``, ``au 12 b``, ``1, 2, 5b``) into canonical form.

    Raises NotationError, naming the offending piece, for anything FACS does not allow.
    """
    if isinstance(text, Score):
        return text
    if not isinstance(text, str):
        raise NotationError(
            f'A score is written as text between quotes, for example "1+2+5B"; got {text!r}.'
        )
    entries = _read_entries(text.upper())
    if [e.code for e in entries] == [0] and not entries[0].prefix and not entries[0].intensity:
        return Score()
    cat = catalog()
    for entry in entries:
        _check_entry(entry, cat)
    _check_duplicates(entries)
    _check_exclusive(entries, cat)
    _check_speech(entries, cat)
    return Score(tuple(sorted(entries)))


def canonical(text: str | Score) -> str:
    """The canonical text of a score: ``canonical("12b + 6") == "6+12B"``."""
    return str(parse(text))


def _read_entries(text: str) -> list[Entry]:
    tokens = _tokenize(text)
    entries: list[Entry] = []
    prefix = ""
    last: Entry | None = None  # the entry a following letter could be the intensity of
    for i, (kind, value, glued_before) in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        glued_after = nxt is not None and nxt[2]
        if kind == "sep":
            if prefix:
                raise NotationError(
                    f"The prefix {prefix} has no code after it; write it glued to a code, as in {prefix}12."
                )
            last = None
        elif kind == "au":
            if prefix:
                raise NotationError(
                    f"Write the prefix after 'AU' or drop 'AU': {prefix}12, not {prefix}AU12."
                )
        elif kind == "num":
            last = Entry(int(value), prefix)
            entries.append(last)
            prefix = ""
        elif glued_after and nxt[0] in ("num", "letter") and not (glued_before and last):
            if prefix:
                raise NotationError(
                    f"{prefix}{value}{nxt[1]}: only one prefix may stand before a code; "
                    f"write {prefix}{nxt[1]} or {value}{nxt[1]}."
                )
            if nxt[0] == "letter" and not (i + 2 < len(tokens) and tokens[i + 2][0] == "num"):
                raise NotationError(
                    f"'{value}{nxt[1]}' is not FACS notation: a code is a number with an optional letter before it and an intensity letter A-E after it."
                )
            _check_prefix_letter(value)
            prefix = value
        elif last is not None and (glued_before or value in INTENSITIES):
            if glued_after and nxt[0] == "num":
                raise NotationError(
                    f"'{last}{value}{nxt[1]}' is ambiguous: write {last}{value}+{nxt[1]} for an intensity, or {last}+{value}{nxt[1]} for a prefix."
                )
            entries[-1] = last = _with_intensity(last, value)
        elif value in PREFIXES and nxt is not None and nxt[0] == "num":
            prefix = value
        else:
            raise NotationError(_stray_letter_message(value))
    if prefix:
        raise NotationError(
            f"The prefix {prefix} has no code after it; write it glued to a code, as in {prefix}12."
        )
    if not entries:
        if text.strip():
            raise NotationError(
                f'No code found in \'{text.strip()}\'. Write codes as numbers, for example "1+2+5B", or "0" for a neutral face.'
            )
        raise NotationError(
            'The score is empty. Write the codes you see, for example "1+2+5B", or "0" for a neutral face.'
        )
    return entries


def _tokenize(text: str) -> list[tuple[str, str, bool]]:
    """Split into (kind, text, glued to the previous token) triples."""
    tokens: list[tuple[str, str, bool]] = []
    pos, glued = 0, False
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            bad = text[pos]
            raise NotationError(
                f"'{bad}' is not part of FACS notation. Join codes with '+', for example \"1+2+5B\"."
            )
        kind = m.lastgroup
        if kind == "space":
            glued = False
        else:
            tokens.append((kind, m.group(), glued and kind != "sep"))
            glued = kind not in ("sep", "au")
        pos = m.end()
    return tokens


def _check_prefix_letter(letter: str) -> None:
    if letter not in PREFIXES:
        raise NotationError(_stray_letter_message(letter))


def _stray_letter_message(letter: str) -> str:
    if letter in INTENSITIES:
        return f"The intensity {letter} must follow a code, as in 12{letter}."
    if letter in PREFIXES:
        return f"The prefix {letter} ({PREFIXES[letter]}) must be glued to the front of a code, as in {letter}12."
    return (
        f"'{letter}' is not a FACS prefix or intensity. Prefixes go before the number (L12, R14, T28) "
        "and intensities A-E after it (12C)."
    )


def _with_intensity(entry: Entry, letter: str) -> Entry:
    if letter not in INTENSITIES:
        hint = (
            f" Prefixes go before the number: {letter}{entry.code}." if letter in PREFIXES else ""
        )
        raise NotationError(
            f"{entry}{letter}: '{letter}' is not an intensity; intensities are A (trace) to E (maximum).{hint}"
        )
    if entry.intensity:
        raise NotationError(
            f"{entry}{letter}: {entry.code} has two intensities; give one letter from A to E."
        )
    return Entry(entry.code, entry.prefix, letter)


def _check_entry(entry: Entry, cat: Catalog) -> None:
    if entry.code == 0:
        raise NotationError(
            "0 means a neutral face (no action) and cannot be combined with other codes or letters."
        )
    if entry.code in cat.retired:
        raise NotationError(cat.retired[entry.code])
    info = cat.codes.get(entry.code)
    if info is None:
        raise NotationError(
            f"{entry.code} is not a FACS 2002 code. Check the number against the course's code list."
        )
    if entry.intensity and not info.intensity:
        raise NotationError(
            f"{entry}: {entry.code} ({info.name}) is not scored for intensity; write {entry.prefix}{entry.code}."
        )
    p = entry.prefix
    if p in LIP_PREFIXES and not info.lips:
        lip_codes = ", ".join(str(c.code) for c in cat.codes.values() if c.lips)
        extra = f" For slight intensity write {entry.code}B." if p == "B" and info.intensity else ""
        raise NotationError(
            f"{entry}: the prefix {p} ({LIP_PREFIXES[p]}) applies only to lip actions ({lip_codes}).{extra}"
        )
    if (p in SIDE_PREFIXES or p in ASYMMETRY_PREFIXES) and not info.sided:
        extra = f" For trace intensity write {entry.code}A." if p == "A" and info.intensity else ""
        raise NotationError(
            f"{entry}: {entry.code} ({info.name}) is not scored on one side, so the prefix {p} ({PREFIXES[p]}) cannot be used.{extra}"
        )
    if p in ASYMMETRY_PREFIXES and p != "A" and not info.intensity:
        raise NotationError(
            f"{entry}: the prefix {p} ({PREFIXES[p]}) compares intensities, and {entry.code} is not scored for intensity."
        )


def _check_duplicates(entries: list[Entry]) -> None:
    seen: dict[int, Entry] = {}
    for entry in entries:
        if entry.code in seen:
            raise NotationError(
                f"{entry.code} is given twice ({seen[entry.code]} and {entry}); write each code once."
            )
        seen[entry.code] = entry


def _matches(entry: Entry, pattern: str) -> bool:
    m = re.fullmatch(r"([TB]?)([0-9]+)([A-E]?)", pattern)
    lip, code, intensity = m.groups()
    return (
        entry.code == int(code)
        and (not intensity or entry.intensity == intensity)
        and (not lip or entry.lip in ("", lip))
    )


def _apart(a: Entry, b: Entry) -> bool:
    """True when two actions are on different sides or different lips, so they cannot clash."""
    return {a.side, b.side} == {"L", "R"} or {a.lip, b.lip} == {"T", "B"}


def _check_exclusive(entries: list[Entry], cat: Catalog) -> None:
    for first, second in cat.exclusive:
        for a in entries:
            for b in entries:
                if _matches(a, first) and _matches(b, second) and not _apart(a, b):
                    name_a, name_b = cat.codes[a.code].name, cat.codes[b.code].name
                    raise NotationError(
                        f"{a} ({name_a}) and {b} ({name_b}) cannot be scored together; "
                        "keep the one that the face shows."
                    )


def _check_speech(entries: list[Entry], cat: Catalog) -> None:
    codes = {e.code for e in entries}
    if cat.speech_code in codes:
        for code in sorted(codes & cat.not_scored_in_speech):
            raise NotationError(
                f"{code} is not scored during speech ({cat.speech_code}): remove {code}, "
                f"or remove {cat.speech_code} if the person is not talking."
            )


def describe_intensity(letter: str) -> str:
    """The word for an intensity letter: ``describe_intensity("B") == "slight"``."""
    return INTENSITY_WORDS[letter]
