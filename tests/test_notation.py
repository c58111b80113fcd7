"""Reading and writing FACS scores: lenient in what a learner types, strict in what FACS allows."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.facs import NotationError, canonical, parse
from course.facs.codes import all_codes


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
        ("45B", ["45", "not scored for intensity", "write 45"]),
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
        ("LT28", ["LT28", "only one prefix", "L28 or T28"]),
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


# --- Properties -----------------------------------------------------------------------------------

CODES = [c for c in all_codes()]


@st.composite
def scores(draw):
    """Valid-looking scores built from catalog codes, written in assorted lenient styles."""
    chosen = draw(
        st.lists(st.sampled_from(CODES), min_size=1, max_size=6, unique_by=lambda c: c.code)
    )
    pieces = []
    for c in chosen:
        prefix = draw(st.sampled_from(["", "L", "R", "U"])) if c.sided else ""
        if c.lips and not prefix:
            prefix = draw(st.sampled_from(["", "T", "B"]))
        suffix = draw(st.sampled_from(["", *"ABCDE"])) if c.intensity else ""
        au = draw(st.sampled_from(["", "AU", "au ", "Au"])) if not prefix else ""
        piece = f"{prefix}{au}{c.code}{suffix}"
        pieces.append(piece.lower() if draw(st.booleans()) else piece)
    sep = draw(st.sampled_from(["+", " + ", ", ", ";", "+ "]))
    return sep.join(pieces)


@given(scores())
@settings(max_examples=300, deadline=None)
def test_format_of_parse_is_a_fixed_point(text):
    try:
        first = canonical(text)
    except NotationError:
        return  # an exclusive combination: rejected, as it should be
    assert canonical(first) == first
    assert parse(first) == parse(text)


@given(st.text(alphabet=string.printable + "éß₂٣ﬁ", max_size=40))
@settings(max_examples=500, deadline=None)
def test_arbitrary_text_raises_only_notation_errors(text):
    try:
        score = parse(text)
    except NotationError as err:
        assert str(err)
    else:
        assert canonical(str(score)) == str(score)


@given(st.text(alphabet="0123456789ABCDELRUTBVWXYZGHIJK+ ,au", max_size=30))
@settings(max_examples=500, deadline=None)
def test_code_like_text_raises_only_notation_errors(text):
    try:
        score = parse(text)
    except NotationError:
        return
    assert canonical(str(score)) == str(score)
