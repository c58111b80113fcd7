"""FACS score notation: read lenient input into a canonical score, and write it back.

A score is a ``+``-joined list of codes such as ``1+2+4B+5C+L12+R14A+25+26``. Each code has
an optional prefix (side, asymmetry or lip) and an optional intensity suffix A-E. Reading is lenient
about case, spaces and "AU", and refuses, naming the piece, anything a coder would question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .codes import INTENSITIES, INTENSITY_WORDS, Catalog, catalog

SIDE_PREFIXES = {"L": "left side only", "R": "right side only", "U": "one side, unspecified"}
ASYMMETRY_PREFIXES = {"A": "asymmetric"}
ASYMMETRY_PREFIXES |= {p: f"left stronger by {n}" for n, p in enumerate("VWXYZ", 1)}
ASYMMETRY_PREFIXES |= {p: f"right stronger by {n}" for n, p in enumerate("GHIJK", 1)}
LIP_PREFIXES = {"T": "top lip only", "B": "bottom lip only"}
PREFIXES = SIDE_PREFIXES | ASYMMETRY_PREFIXES | LIP_PREFIXES
NEUTRAL = "0"

MAX_LENGTH = 2_000
"""The longest answer read, in characters; a longer one is refused before it is parsed."""

_EDGE_SPACE = " \t\r\n"  # trimmed from both ends of an answer; inside it only " " is a space
_ECHO = 40  # the learner's text is echoed up to this many characters, then "…"
_PLAIN = re.compile(r"[ -~]+")
_NOT_PLAIN = re.compile(r"[^ -~]")
_CONTROL_NAMES = {"\t": "tab", "\n": "line break", "\r": "carriage return", "\0": "null"}
_SEPARATORS = " +,;"
_PIECE = re.compile(r" *(?:AU *)?[A-Z]?[0-9]+[A-Z]?")


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

    Raises NotationError, naming the offending piece and what to write, for anything FACS does not
    allow and for input a coder would question (``1 2``, ``12++14``, ``012``, hidden characters).
    """
    if isinstance(text, Score):
        return text
    if not isinstance(text, str):
        raise NotationError(
            'A score is written as text between quotes, for example "1+2+5B"; '
            f"got {_echo(repr(text))}."
        )
    if len(text) > MAX_LENGTH:
        raise NotationError(
            f"This answer is {len(text):,} characters long; a score is at most {MAX_LENGTH:,}. "
            'Write only the codes you see, for example "1+2+5B".'
        )
    text = text.strip(_EDGE_SPACE)
    problem = character_problem(text)
    if problem:
        raise NotationError(problem)
    entries = _Reader(text.upper()).entries()
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


def character_problem(text: str) -> str | None:
    """What is wrong with the first character no score may hold, naming it by code point, or None.

    Notation is plain ASCII: non-ASCII digits (``１２``, ``١٢``), invisible and control characters
    (U+200B, tabs inside an answer), Unicode spaces (U+00A0) and other non-ASCII characters are
    refused, never echoed raw. Shared so that the command line refuses the same characters.
    """
    m = _NOT_PLAIN.search(text)
    if m is None:
        return None
    i, ch = m.start(), m.group()
    named = f"{_code_point(ch)} ({_name(ch)})"
    where = _where(text, i)
    kind = unicodedata.category(ch)
    if unicodedata.decimal(ch, None) is not None:
        start = len(text[:i].rstrip("0123456789"))  # the number may begin with ASCII digits
        run = re.match(r"\d+", text[start:]).group()
        where = _where(text, start)
        ascii_digits = "".join(str(unicodedata.decimal(d)) for d in run)
        fix = _suggest(ascii_digits, words="type the number again")
        return (
            f"'{run}'{where} is written with digits that are not the keyboard's 0-9, such as "
            f"{named}. FACS codes use the digits 0-9: {fix}."
        )
    if kind == "Zs":
        return (
            f"There is a {named}{where}: it looks like a space but is not one. Type an ordinary "
            "space, or '+' between codes."
        )
    if kind[0] in "LNPS" and kind != "Co":
        plain = unicodedata.normalize("NFKC", ch)
        hint = f" Type '{plain}' instead." if _PLAIN.fullmatch(plain) else ""
        return (
            f"'{ch}', {named},{where} is not part of FACS notation, which uses only the digits 0-9, "
            f"the letters A-Z, spaces and '+'.{hint}"
        )
    return (
        f"There is an invisible character, {named},{where}. Delete it (retype the score if need "
        "be), joining codes with '+', for example \"1+2+5B\"."
    )


def _where(text: str, i: int) -> str:
    """Where position ``i`` is, told by the plain text before it."""
    before = _echo_tail(text[:i])
    if not i:
        return " at the start"
    return f" after '{before}'" if '"' not in before else f" at character {i + 1}"


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _name(ch: str) -> str:
    if ch in _CONTROL_NAMES:
        return _CONTROL_NAMES[ch]
    unnamed = "control character" if unicodedata.category(ch) == "Cc" else "unnamed character"
    return unicodedata.name(ch, unnamed).lower()


def _echo(piece: str) -> str:
    return piece if len(piece) <= _ECHO else piece[:_ECHO] + "…"


def _echo_tail(piece: str) -> str:
    return piece if len(piece) <= _ECHO else "…" + piece[-_ECHO:]


def _valid(text: str) -> bool:
    try:
        parse(text)
    except NotationError:
        return False
    return True


def _suggest(*candidates: str, words: str) -> str:
    """The valid candidates as ``write "12" or "1+2"``; ``words`` when none is valid notation."""
    valid = [c for c in dict.fromkeys(candidates) if c and _valid(c)]
    if not valid:
        return words
    return "write " + " or ".join(f'"{c}"' for c in valid)


def _example(prefix: str) -> str:
    """A valid code carrying ``prefix``, to show where a prefix goes."""
    return f"{prefix}28" if prefix in LIP_PREFIXES else f"{prefix}12"


class _Reader:
    """Reads upper-cased, plain-ASCII text into entries, one token at a time."""

    _TOKEN = re.compile(
        r"(?P<au>AU(?= *[0-9]))|(?P<num>[0-9]+)|(?P<letter>[A-Z])|(?P<sep>[+,;])|(?P<space> +)"
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenize()
        self.found: list[Entry] = []
        self.prefix = ""  # a prefix letter waiting for its number
        self.last: Entry | None = None  # the entry a following letter could be the intensity of

    def _tokenize(self) -> list[tuple[str, str, bool, int]]:
        """(kind, text, glued to the previous token, start) for each token but spaces."""
        tokens: list[tuple[str, str, bool, int]] = []
        pos, glued = 0, False
        while pos < len(self.text):
            m = self._TOKEN.match(self.text, pos)
            if m is None:
                raise NotationError(_stray_character_message(self.text[pos]))
            kind = m.lastgroup
            if kind == "space":
                glued = False
            else:
                tokens.append((kind, m.group(), glued and kind != "sep", pos))
                glued = kind != "sep"
            pos = m.end()
        return tokens

    def _piece_after(self, pos: int) -> str:
        m = _PIECE.match(self.text, pos)
        return m.group().strip() if m else ""

    def entries(self) -> list[Entry]:
        for i in range(len(self.tokens)):
            kind = self.tokens[i][0]
            if kind == "sep":
                self._separator(i)
            elif kind == "au":
                self._au(i)
            elif kind == "num":
                self._number(i)
            else:
                self._letter(i)
        if self.prefix:
            raise NotationError(_dangling_prefix_message(self.prefix))
        if not self.found:  # every other token sequence without a number raised on its way
            raise NotationError(
                'The score is empty. Write the codes you see, for example "1+2+5B", or "0" for '
                "a neutral face."
            )
        return self.found

    def _separator(self, i: int) -> None:
        text, tokens, last = self.text, self.tokens, self.last
        value, pos = tokens[i][1], tokens[i][3]
        if self.prefix:
            raise NotationError(_dangling_prefix_message(self.prefix))
        if i == 0:
            rest = text.lstrip(_SEPARATORS)
            fix = _suggest(rest if len(rest) <= _ECHO else "", words="delete it")
            raise NotationError(
                f"'{_echo(text)}' starts with '{value}', which goes only between two codes: {fix}."
            )
        if i + 1 == len(tokens):
            kept = text.rstrip(_SEPARATORS)
            fix = _suggest(kept if len(kept) <= _ECHO else "", words="delete it")
            raise NotationError(
                f"'{_echo_tail(text)}' ends with '{value}' and no code after it: add the code you "
                f"meant, or {fix}."
            )
        if tokens[i + 1][0] == "sep":
            after = self._piece_after(tokens[i + 1][3] + 1)
            fix = _suggest(f"{last}+{after}", words="keep one")
            shown = f"{last}{text[pos : tokens[i + 1][3] + 1]}{after}"
            raise NotationError(
                f"'{_echo(shown)}' has two separators with no code between them; {fix}."
            )
        self.last = None

    def _au(self, i: int) -> None:
        _, _, glued_before, pos = self.tokens[i]
        after = self._piece_after(pos + 2)
        if glued_before:
            fix = _suggest(f"{self.last}+{after}", words='as in "1+2"')
            raise NotationError(
                f"'{self.last}AU{after}' runs two codes together; separate codes with '+': {fix}."
            )

    def _number(self, i: int) -> None:
        value, last = self.tokens[i][1], self.last
        if len(value) > 1 and value[0] == "0":
            fix = _suggest(value.lstrip("0") or NEUTRAL, words="drop the zeros")
            raise NotationError(
                f"'{_echo(value)}' starts with a zero; codes are written without leading zeros: "
                f"{fix}."
            )
        if len(value) > 2:
            raise NotationError(
                f"'{_echo(value)}' is not a FACS 2002 code: codes are numbers up to "
                f"{max(catalog().codes)}. Check the number against the course's code list."
            )
        if i and self.tokens[i - 1][0] == "num":
            fix = _suggest(f"{last}{value}", f"{last}+{value}", words="join two codes with '+'")
            raise NotationError(
                f"'{last} {value}': is that one code or two? A space does not join codes; "
                f"did you mean to {fix}?"
            )
        self.last = Entry(int(value), self.prefix)
        self.found.append(self.last)
        self.prefix = ""

    def _letter(self, i: int) -> None:
        tokens, last, prefix = self.tokens, self.last, self.prefix
        _, value, glued_before, _ = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        glued_after = nxt is not None and nxt[2]
        starts_code = not (glued_before and last)  # rather than being the intensity of last
        if nxt is not None and nxt[0] == "au" and value in PREFIXES and starts_code:
            after = self._piece_after(nxt[3] + 2)
            fix = _suggest(value + after, words="drop 'AU'")
            raise NotationError(
                f"'{value}AU{after}': a prefix goes just before the number, without 'AU': {fix}."
            )
        if glued_after and nxt[0] in ("num", "letter") and starts_code:
            if prefix:
                fix = _suggest(prefix + nxt[1], value + nxt[1], words="keep one")
                raise NotationError(
                    f"'{prefix}{value}{nxt[1]}': only one prefix may stand before a code; {fix}."
                )
            if nxt[0] == "letter" and not (i + 2 < len(tokens) and tokens[i + 2][0] == "num"):
                raise NotationError(
                    f"'{value}{nxt[1]}' is not FACS notation: a code is a number with an optional "
                    "letter before it and an intensity letter A-E after it."
                )
            _check_prefix_letter(value)
            self.prefix = value
        elif last is not None and (glued_before or value in INTENSITIES):
            alone = not glued_before and value in PREFIXES  # "12 B 28": B of 12 or of 28?
            if nxt is not None and nxt[0] == "num" and (glued_after or alone):
                shown = f"{last}{value}{nxt[1]}" if glued_after else f"{last} {value} {nxt[1]}"
                candidates = (f"{last}{value}+{nxt[1]}", f"{last}+{value}{nxt[1]}")
                fix = _suggest(*candidates, words="put '+' between the codes")
                raise NotationError(
                    f"'{shown}' is ambiguous: is {value} the intensity of {last.code} or the "
                    f"prefix of {nxt[1]}? To say which, {fix}."
                )
            self.found[-1] = self.last = _with_intensity(last, value)
        elif value in PREFIXES and nxt is not None and nxt[0] == "num":
            self.prefix = value
        else:
            raise NotationError(_stray_letter_message(value))


def _stray_character_message(ch: str) -> str:
    if ch == '"':
        return (
            "A quotation mark is not part of FACS notation: put quotes only around the whole "
            'answer, as in "1+2+5B".'
        )
    return f"'{ch}' is not part of FACS notation. Join codes with '+', for example \"1+2+5B\"."


def _dangling_prefix_message(prefix: str) -> str:
    return (
        f"The prefix {prefix} has no code after it; write it glued to a code, as in "
        f'"{_example(prefix)}".'
    )


def _check_prefix_letter(letter: str) -> None:
    if letter not in PREFIXES:
        raise NotationError(_stray_letter_message(letter))


def _stray_letter_message(letter: str) -> str:
    if letter in INTENSITIES:
        return f'The intensity {letter} must follow a code, as in "12{letter}".'
    if letter in PREFIXES:
        return (
            f"The prefix {letter} ({PREFIXES[letter]}) must be glued to the front of a code, "
            f'as in "{_example(letter)}".'
        )
    return (
        f"'{letter}' is not a FACS prefix or intensity. Prefixes go before the number "
        '("L12", "R14", "T28") and intensities A-E after it ("12C").'
    )


def _with_intensity(entry: Entry, letter: str) -> Entry:
    if letter not in INTENSITIES:
        fix = _suggest(f"{letter}{entry.code}" if letter in PREFIXES else "", words="")
        hint = f" Prefixes go before the number: {fix}." if fix else ""
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
            f"{entry}: {entry.code} ({info.name}) is not scored for intensity; "
            f"{_suggest(f'{entry.prefix}{entry.code}', words='drop the letter')}."
        )
    p = entry.prefix
    if p in LIP_PREFIXES and not info.lips:
        lip_codes = ", ".join(str(c.code) for c in cat.codes.values() if c.lips)
        extra = (
            f" For slight intensity {_suggest(f'{entry.code}B', words='')}."
            if p == "B" and info.intensity
            else ""
        )
        raise NotationError(
            f"{entry}: the prefix {p} ({LIP_PREFIXES[p]}) applies only to lip actions ({lip_codes}).{extra}"
        )
    if (p in SIDE_PREFIXES or p in ASYMMETRY_PREFIXES) and not info.sided:
        extra = (
            f" For trace intensity {_suggest(f'{entry.code}A', words='')}."
            if p == "A" and info.intensity
            else ""
        )
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


@cache
def _pattern(pattern: str) -> tuple[str, int, str]:
    lip, code, intensity = re.fullmatch(r"([TB]?)([0-9]+)([A-E]?)", pattern).groups()
    return lip, int(code), intensity


def _matches(entry: Entry, pattern: str) -> bool:
    lip, code, intensity = _pattern(pattern)
    return (
        entry.code == code
        and (not intensity or entry.intensity == intensity)
        and (not lip or entry.lip in ("", lip))
    )


def _apart(a: Entry, b: Entry) -> bool:
    """True when two actions are on different sides or different lips, so they cannot clash."""
    return {a.side, b.side} == {"L", "R"} or {a.lip, b.lip} == {"T", "B"}


def _check_exclusive(entries: list[Entry], cat: Catalog) -> None:
    for first, second in cat.exclusive:
        for a in (e for e in entries if _matches(e, first)):
            for b in entries:
                if _matches(b, second) and not _apart(a, b):
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
