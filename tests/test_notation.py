"""Reading and writing FACS scores: lenient in what a learner types, strict in what FACS allows."""

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from course.facs import NotationError, canonical, catalog, parse
from course.facs.codes import all_codes
from course.facs.notation import MAX_LENGTH, character_problem


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("AU12", "12"),
        ("au 12 b", "12B"),
        ("1, 2, 5b", "1+2+5B"),
        ("12b + 6", "6+12B"),
        ("  1 +2+  4  ", "1+2+4"),
        ("AU1+AU2", "1+2"),
        ("1;2", "1+2"),
        ("l12", "L12"),
        ("L 12", "L12"),
        ("r14a", "R14A"),
        ("1+2+4B+5C+L12+R14A+25+26", "1+2+4B+5C+L12+R14A+25+26"),
        ("26+25+12+6", "6+12+25+26"),
        ("0", "0"),
        ("U12", "U12"),
        ("A12C", "A12C"),
        ("V12D", "V12D"),
        ("K6C", "K6C"),
        ("T28", "T28"),
        ("12 B28", "12+B28"),
        ("T22+B28", "T22+B28"),
        ("L43E+R5", "R5+L43E"),
        ("5+7D", "5+7D"),
        ("50", "50"),
        ("53B+61", "53B+61"),
    ],
)
def test_lenient_input_is_read_into_canonical_form(typed, expected):
    assert canonical(typed) == expected


def test_b_and_a_are_prefixes_before_the_number_and_intensities_after_it():
    bottom, slight = parse("B28").entries[0], parse("28B").entries[0]
    assert (bottom.prefix, bottom.intensity, bottom.lip) == ("B", "", "B")
    assert (slight.prefix, slight.intensity, slight.lip) == ("", "B", "")
    asym, trace = parse("A12").entries[0], parse("12A").entries[0]
    assert (asym.prefix, asym.intensity) == ("A", "")
    assert (trace.prefix, trace.intensity) == ("", "A")


def test_sides_are_read_from_the_prefix():
    score = parse("L12+R14+U20+A6+1")
    assert [e.side for e in score] == ["", "", "L", "R", "U"]


@pytest.mark.parametrize(
    "typed, words",
    [
        ("", ["empty", "0"]),
        ("   ", ["empty"]),
        ("99", ["99", "not a FACS 2002 code"]),
        ("41", ["41", "43"]),
        ("42", ["42", "43"]),
        ("44", ["44", "dropped"]),
        ("3", ["3", "BabyFACS"]),
        ("12+12B", ["12", "twice"]),
        ("L12+R12", ["12", "twice"]),
        ("45B", ["45", "not scored for intensity", 'write "45"']),
        ("12F", ["F", "not an intensity", "A (trace) to E (maximum)"]),
        ("12BC", ["two intensities"]),
        ("12L", ["L", "before the number", "L12"]),
        ("B12", ["bottom lip", "12B"]),
        ("T1", ["top lip", "lip actions"]),
        ("L26", ["26", "not scored on one side"]),
        ("C12", ["C", "must follow a code"]),
        ("Q12", ["Q", "not a FACS prefix"]),
        ("12-14", ["'-'", "'+'"]),
        ("12B28", ["ambiguous", "12B+28", "12+B28"]),
        ("L", ["prefix L", "front of a code"]),
        ("12 L", ["prefix L", "front of a code"]),
        ("LT28", ["LT28", "only one prefix", '"T28"']),
        ("0+12", ["0", "neutral"]),
        ("26+27", ["26", "27", "cannot be scored together"]),
        ("5+43", ["5", "43", "cannot be scored together"]),
        ("5+7E", ["7E", "cannot be scored together"]),
        ("45+46", ["cannot be scored together"]),
        ("8+24", ["cannot be scored together"]),
        ("16+28", ["cannot be scored together"]),
        ("16+B28", ["cannot be scored together"]),
        ("22+28", ["cannot be scored together"]),
        ("51+52", ["cannot be scored together"]),
        ("61+66", ["cannot be scored together"]),
        ("50+25", ["25", "speech", "remove"]),
        ("50+26B", ["26", "speech"]),
        ("27+50", ["27", "speech"]),
    ],
)
def test_rejections_name_the_piece_and_say_what_to_do(typed, words):
    with pytest.raises(NotationError) as err:
        parse(typed)
    for word in words:
        assert word in str(err.value), (typed, str(err.value))


def test_actions_on_different_sides_or_lips_do_not_clash():
    assert canonical("16+T28") == "16+T28"
    assert canonical("T22+B28") == "T22+B28"
    assert canonical("L5+R43") == "L5+R43"


def test_a_non_text_answer_is_a_notation_error_with_an_example():
    with pytest.raises(NotationError, match="between quotes"):
        parse(12)


def test_notation_error_is_a_value_error():
    assert issubclass(NotationError, ValueError)


# --- Input a coder would question (issue 10) ------------------------------------------------------


def _message(text: str) -> str:
    with pytest.raises(NotationError) as err:
        parse(text)
    return str(err.value)


def _suggestions(message: str) -> list[str]:
    """The fixes a message offers: every piece it puts between double quotes."""
    assert message.count('"') % 2 == 0, message
    return re.findall(r'"([^"]*)"', message)


def assert_helpful(message: str, text: str) -> None:
    """A message a learner can act on: short, nothing invisible, every suggested fix valid."""
    assert message
    assert len(message) <= 400, message
    for ch in message:
        kind = unicodedata.category(ch)
        assert ch == " " or kind[0] not in "CZM", (text, message)
    for fix in _suggestions(message):
        assert str(parse(fix)), (text, message, fix)


def test_a_space_between_two_numbers_is_questioned_as_12_or_1_plus_2():
    message = _message("1 2")
    assert "one code or two" in message
    assert _suggestions(message) == ["12", "1+2"]
    assert _suggestions(_message("5+1 2")) == ["12", "1+2"]
    assert _suggestions(_message("99 5")) == []  # neither 995 nor 99+5 is a score: words only


def test_a_lone_a_or_b_between_two_codes_is_questioned():
    assert _suggestions(_message("12 B 28")) == ["12B+28", "12+B28"]
    assert canonical("12B 28") == "12B+28"
    assert canonical("12 B28") == "12+B28"


@pytest.mark.parametrize(
    "typed, words, fix",
    [
        ("12++14", "two separators", "12+14"),
        ("12 + + 14", "two separators", "12+14"),
        ("L12,,R14", "two separators", "L12+R14"),
        ("++12", "starts with '+'", "12"),
        (",12", "starts with ','", "12"),
        ("12+", "ends with '+'", "12"),
        ("12,", "ends with ','", "12"),
        ("1+2+", "ends with '+'", "1+2"),
    ],
)
def test_doubled_or_dangling_separators_are_rejected_with_the_fix(typed, words, fix):
    message = _message(typed)
    assert words in message
    assert _suggestions(message) == [fix]


@pytest.mark.parametrize("typed, fix", [("00", "0"), ("012", "12"), ("05B", "5"), ("L012", "12")])
def test_leading_zeros_are_rejected(typed, fix):
    message = _message(typed)
    assert "zero" in message
    assert _suggestions(message) == [fix]


@pytest.mark.parametrize("typed, fix", [("AU12AU14", "12+14"), ("12BAU14", "12B+14")])
def test_codes_glued_without_a_separator_are_rejected(typed, fix):
    message = _message(typed)
    assert "runs two codes together" in message
    assert _suggestions(message) == [fix]


@pytest.mark.parametrize(
    "char, name",
    [
        ("\u200b", "zero width space"),
        ("\ufeff", "zero width no-break space"),
        ("\u202e", "right-to-left override"),
        ("\t", "tab"),
        ("\n", "line break"),
        ("\x00", "null"),
        ("\x1b", "control character"),
        ("\u0300", "combining grave accent"),
    ],
)
def test_control_and_invisible_characters_are_named_by_code_point_never_echoed(char, name):
    for typed in (f"1{char}2", f"12+{char}14", f"12{char}+14"):
        message = _message(typed)
        assert f"U+{ord(char):04X} ({name})" in message
        assert char not in message
        assert_helpful(message, typed)


@pytest.mark.parametrize("char", ["\u00a0", "\u2003", "\u3000", "\u2028", "\u205f"])
def test_unicode_separators_are_not_read_as_spaces(char):
    message = _message(f"12{char}14")
    assert f"U+{ord(char):04X}" in message
    assert char not in message


def test_tabs_and_line_breaks_around_an_answer_are_trimmed():
    assert canonical("\t12\n") == "12"
    assert canonical("\r\n1+2 \r\n") == "1+2"


@pytest.mark.parametrize(
    "typed", ["\uff11\uff12", "\u0661\u0662", "\u0967\u0968", "1\uff12", "\uff11\uff12B"]
)
def test_non_ascii_digits_are_rejected_with_the_ascii_number(typed):
    message = _message(typed)
    assert "0-9" in message
    assert "12" in _suggestions(message)


def test_character_problem_is_the_check_parse_makes_and_the_command_line_can_share():
    assert character_problem("AU12") is None
    assert character_problem("") is None
    for typed in ("\uff11\uff12", "1\u200b2", "12\u00a0", "caf\u00e9"):
        assert character_problem(typed) == _message(typed)


@pytest.mark.parametrize(
    "typed",
    ["1E3", "LL12", "LT28", "12L14", "L12R14", "TAU12", "12T", "B1", "A26", "45B", "T", "B12"],
)
def test_every_suggested_fix_is_itself_valid_notation(typed):
    message = _message(typed)
    assert_helpful(message, typed)
    assert "L12 or L12" not in message


def test_1e3_and_ll12_no_longer_suggest_invalid_fixes():
    assert _suggestions(_message("1E3")) == []  # 1E+3 and 1+E3 both hold 3, which is not a code
    assert _suggestions(_message("LL12")) == ["L12"]


@pytest.mark.parametrize(
    "typed", ["1" * 1999, "Q" * 1900, "+" * 1999, "1+" * 999 + "+", "12" + " " * 1990 + "14"]
)
def test_long_inputs_are_echoed_shortened(typed):
    message = _message(typed)
    assert len(message) < 250, message


@pytest.mark.parametrize("typed", ["1" * 4301, "1+2+" * 262_144, "1" * (MAX_LENGTH + 1)])
def test_answers_over_max_length_are_refused_before_parsing(typed):
    message = _message(typed)
    assert f"{len(typed):,} characters long" in message
    assert f"at most {MAX_LENGTH:,}" in message


def test_parse_of_4301_digits_is_a_notation_error_not_a_value_error():
    assert "characters long" in _message("1" * 4301)
    assert "not a FACS 2002 code" in _message("1" * MAX_LENGTH)


def test_a_quotation_mark_inside_an_answer_is_named_in_words():
    message = _message('"12"')
    assert "quotation mark" in message
    assert_helpful(message, '"12"')


# --- Properties -----------------------------------------------------------------------------------

CODES = list(all_codes())
CAT = catalog()
CLASHING = {frozenset(int(re.search(r"[0-9]+", p).group()) for p in pair) for pair in CAT.exclusive}


def _clashes(code: int, chosen: list[int]) -> bool:
    """Whether ``code`` may clash with one already chosen, at any intensity, side or lip."""
    speech = {CAT.speech_code} | CAT.not_scored_in_speech
    return any(
        frozenset((code, other)) in CLASHING
        or (code != other and {code, other} <= speech and CAT.speech_code in (code, other))
        for other in chosen
    )


@st.composite
def scores(draw):
    """Valid scores, built from catalog codes that cannot clash, in assorted lenient styles."""
    candidates = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=8))
    chosen: list = []
    for c in candidates:
        taken = [o.code for o in chosen]
        if len(chosen) < 6 and c.code not in taken and not _clashes(c.code, taken):
            chosen.append(c)
    pieces = []
    for c in chosen:
        prefix = draw(st.sampled_from(["", "L", "R", "U"])) if c.sided else ""
        if c.lips and not prefix:
            prefix = draw(st.sampled_from(["", "T", "B"]))
        suffix = draw(st.sampled_from(["", *"ABCDE"])) if c.intensity else ""
        au = draw(st.sampled_from(["", "AU", "au ", "Au"])) if not prefix else ""
        piece = f"{prefix}{au}{c.code}{suffix}"
        pieces.append(piece.lower() if draw(st.booleans()) else piece)
    sep = draw(st.sampled_from(["+", " + ", ", ", ";", "+ ", " ,"]))
    return sep.join(pieces)


@given(scores())
@settings(max_examples=300, deadline=None)
def test_every_generated_score_parses_and_format_of_parse_is_a_fixed_point(text):
    first = canonical(text)  # no early return: a rejected generated score fails the test
    assert canonical(first) == first
    assert parse(first) == parse(text)


@given(st.lists(st.sampled_from(CODES), min_size=2, max_size=4, unique_by=lambda c: c.code))
@settings(max_examples=200, deadline=None)
def test_a_combination_of_codes_is_read_or_rejected_only_for_a_clash(codes):
    text = "+".join(str(c.code) for c in codes)
    try:
        score = parse(text)
    except NotationError as err:
        event("rejected")
        assert "cannot be scored together" in str(err) or "speech" in str(err), str(err)
        assert _clashes(codes[0].code, [c.code for c in codes[1:]]) or any(
            _clashes(c.code, [o.code for o in codes if o is not c]) for c in codes
        )
    else:
        event("read")
        assert score.codes == {c.code for c in codes}


def _literal(node: ast.expr):
    """A string literal, or literals joined by + and repeated by * a number."""
    if isinstance(node, ast.Constant):
        return node.value
    assert isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mult), ast.dump(node)
    left, right = _literal(node.left), _literal(node.right)
    return left + right if isinstance(node.op, ast.Add) else left * right


def _corpus() -> list[tuple[str, str]]:
    lines = (Path(__file__).parent / "adversarial" / "notation.txt").read_text().splitlines()
    cases = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            source, _, expected = line.partition(" -> ")
            cases.append((_literal(ast.parse(source, mode="eval").body), expected))
    return cases


CORPUS = _corpus()


@pytest.mark.parametrize("text, expected", CORPUS, ids=[repr(t[:20]) for t, _ in CORPUS])
def test_adversarial_corpus(text, expected):
    if expected.startswith("error:"):
        message = _message(text)
        for words in expected.removeprefix("error:").strip().split("|"):
            assert words in message, (text, message)
        assert_helpful(message, text)
    elif expected:
        assert canonical(text) == expected
    else:
        _read_or_refuse_helpfully(text)


def _read_or_refuse_helpfully(text: str) -> None:
    try:
        score = parse(text)
    except NotationError as err:
        event("refused")
        assert_helpful(str(err), text)
    else:
        event("read")
        assert canonical(str(score)) == str(score)


@given(scores(), st.sampled_from([t for t, _ in CORPUS if len(t) < 100]), st.data())
@settings(max_examples=400, deadline=None)
def test_a_nasty_piece_spliced_into_a_valid_score_is_read_or_refused_helpfully(text, nasty, data):
    at = data.draw(st.integers(0, len(text)))
    _read_or_refuse_helpfully(text[:at] + nasty + text[at:])


@given(st.text(alphabet=string.printable + "éß₂٣ﬁ\u200b\u00a0１\ufeff\u2028", max_size=40))
@settings(max_examples=500, deadline=None)
def test_arbitrary_text_raises_only_helpful_notation_errors(text):
    _read_or_refuse_helpfully(text)


@given(st.text(alphabet="0123456789ABCDELRUTBVWXYZGHIJK+ ,;au", max_size=30))
@settings(max_examples=800, deadline=None)
def test_code_like_text_raises_only_helpful_notation_errors(text):
    _read_or_refuse_helpfully(text)
