"""Agreement as FACS measures it, checked against the worked examples of the reference."""

import math

import pytest

from course.facs import (
    Event,
    NotationError,
    TestScore,
    compare,
    error_table,
    item_agreement,
    kappa_per_code,
    test_score,
    timing_agreement,
)


@pytest.mark.parametrize(
    "key, answer, expected",
    [
        ("1+2+5B+26", "1+2+5C+25+26", 2 * 4 / 9),
        ("1+2+5B+26", "1+5+27", 2 * 2 / 7),
        ("1+4+9", "1+4+10", 2 * 2 / 6),
        ("0", "0", 1.0),
        ("0", "12", 0.0),
        ("6+12", "0", 0.0),
        ("L12", "R12C", 1.0),
    ],
)
def test_item_agreement_is_wexlers_ratio(key, answer, expected):
    assert item_agreement(key, answer) == pytest.approx(expected)


def test_worked_examples_round_as_the_reference_prints_them():
    assert round(item_agreement("1+2+5B+26", "1+2+5C+25+26"), 3) == 0.889
    assert round(item_agreement("1+2+5B+26", "1+5+27"), 3) == 0.571
    assert round(item_agreement("1+4+9", "1+4+10"), 3) == 0.667


def test_misses_and_adds_ignore_intensity_and_side():
    r = compare("1+2+5B+26", "1+5+27")
    assert r.missed_text == ["2", "26"]
    assert r.added_text == ["27"]
    assert r.shared == (1, 5)


def test_confused_pairs_bring_their_cue():
    r = compare("1+4+9", "1+4+10")
    assert [(p.missed, p.added) for p in r.confused] == [(9, 10)]
    assert "bridge of the nose" in r.confused[0].confusion.cue
    assert compare("6+12", "7+12").confused[0].confusion.codes == (6, 7)
    assert compare("1+2", "1+4").confused == ()  # 2 and 4 are not a listed pair


def test_intensity_agreement_exact_and_within_one_letter():
    r = compare("4B+5C+12D+25", "4B+5D+12A+25")
    assert r.intensity_exact == pytest.approx(1 / 3)
    assert r.intensity_within_one == pytest.approx(2 / 3)
    assert [(p.code, p.key, p.answer) for p in r.intensity_differences] == [
        (5, "C", "D"),
        (12, "D", "A"),
    ]
    assert compare("12", "12C").intensity_exact is None  # the key scores no intensity


def test_a_missing_intensity_is_not_agreement():
    r = compare("12C", "12")
    assert r.intensity_exact == 0 and r.intensity_within_one == 0


def test_side_agreement_on_shared_codes():
    r = compare("L12+R14+1", "R12+R14+1")
    assert r.side_agreement == pytest.approx(2 / 3)
    assert [(p.code, p.key, p.answer) for p in r.side_differences] == [(12, "L", "R")]


def test_compare_refuses_malformed_scores_with_the_notation_error():
    with pytest.raises(NotationError, match="41"):
        compare("1+2", "1+41")


@pytest.mark.parametrize(
    "window_s, agreeing",
    [(1 / 6, ["onset", "apex"]), (1 / 2, ["onset", "apex", "offset"]), (0, ["apex"])],
)
def test_timing_agrees_within_a_window_set_in_seconds(window_s, agreeing):
    key = Event(onset=10, apex=30, offset=60)
    marks = Event(onset=14, apex=30, offset=70)  # 4 and 10 frames late at 30 fps
    t = timing_agreement(key, marks, fps=30, window_s=window_s)
    assert [p.phase for p in t.phases if p.agrees] == agreeing
    assert [p.difference for p in t.phases] == [4, 0, 10]


def test_default_timing_window_is_one_sixth_of_a_second():
    t = timing_agreement(Event(10, 30, 60), Event(15, 35, 66), fps=30)
    assert [p.agrees for p in t.phases] == [True, True, False]
    assert t.agreement == pytest.approx(2 / 3)


def test_unmarked_phases_do_not_agree():
    t = timing_agreement(Event(10, 30, 60), Event(None, 30, None), fps=30)
    assert [p.agrees for p in t.phases] == [False, True, False]


def test_test_score_mean_pass_and_readiness():
    passing = test_score([("1+2", "1+2"), ("6+12", "12"), ("4", "4")])  # 1, 0.667, 1
    assert passing.mean == pytest.approx((1 + 2 / 3 + 1) / 3)
    assert passing.passed and passing.ready
    between = test_score([("1+2", "1+2+4"), ("6+12", "6+12+25")])  # 0.8, 0.8 -> ready
    assert between.ready
    just_pass = test_score([("1+2+4", "1+2"), ("1+2+4+5", "1+2+4")])
    assert just_pass.mean == pytest.approx((0.8 + 6 / 7) / 2)
    failing = test_score([("1+2+5B+26", "1+5+27"), ("9", "10")])
    assert not failing.passed and not failing.ready


def test_pass_mark_is_inclusive():
    score = test_score([("1+2+4+5+6", "1+2+4+7+9+10+11")])  # 2*3/12 = 0.5
    assert not score.passed
    seventy = test_score([("1+2+4+5+6+7+9+10+11+12", "1+2+4+5+6+7+9+13+14+15")])
    assert seventy.mean == pytest.approx(0.7)
    assert seventy.passed and not seventy.ready


def test_error_table_counts_misses_and_adds_per_code():
    items = [compare("6+12", "12"), compare("6+12+25", "7+12+25"), compare("9", "10")]
    table = error_table(items).set_index("code")
    assert table.loc[6, "missed"] == 2 and table.loc[6, "in_key"] == 2
    assert table.loc[7, "added"] == 1 and table.loc[10, "added"] == 1
    assert table.loc[12, "agreed"] == 2 and table.loc[12, "errors"] == 0
    assert list(error_table(items)["code"])[:1] == [6]  # most errors first


def test_kappa_per_code_between_two_coders():
    a = ["6+12", "12", "1+2", "4", "6+12"]
    b = ["6+12", "6+12", "1+2", "4+7", "12"]
    table = kappa_per_code(a, b).set_index("code")
    # code 6: a = 1,0,0,0,1; b = 1,1,0,0,0 -> po 0.6, pe 0.4*0.4+0.6*0.6 = 0.52
    assert table.loc[6, "kappa"] == pytest.approx((0.6 - 0.52) / 0.48)
    assert table.loc[6, "agreement"] == pytest.approx(0.5)
    assert table.loc[1, "kappa"] == pytest.approx(1.0)
    assert table.loc[12, "agreement"] == pytest.approx(1.0)  # both coders: items 1, 2, 5
    assert table.loc[7, "agreement"] == 0 and table.loc[7, "coder_b"] == 1
    assert math.isnan(kappa_per_code(["12"], ["12"]).loc[0, "kappa"])  # undefined: constant


def test_kappa_needs_the_same_items():
    with pytest.raises(ValueError, match="different numbers of items"):
        kappa_per_code(["1"], ["1", "2"])


def test_unanswered_items_count_as_zero_in_the_mean():
    score = TestScore((compare("1+2", "1+2"), compare("4", "4")), unanswered=2)
    assert score.count == 4 and score.mean == pytest.approx(0.5)
    assert not score.passed
