"""The code catalog holds every FACS 2002 code with the fields the course relies on."""

from fractions import Fraction

import pytest

from course.facs import catalog, get, main_codes, test_score
from course.facs.codes import KINDS, REGIONS, all_codes, confusion_between

MAIN = [1, 2, 4, 5, 6, 7, 43, 45, 46, 9, 10, 15, 16, 17, 25, 26, 27, 14, 20, 11, 12, 13]
MAIN += [18, 22, 23, 24, 28, 8, 21, 31, 38, 39]
DESCRIPTORS = [19, 29, 30, 32, 33, 34, 35, 36, 37]
GROSS = [40, 50, 80, 81, 82, 84, 85, 91, 92]
HEAD = list(range(51, 59))
EYES = [61, 62, 63, 64, 65, 66, 68, 69]
VISIBILITY = [70, 71, 72, 73, 74]


@pytest.mark.parametrize(
    "kind, codes",
    [
        ("AU", MAIN),
        ("AD", DESCRIPTORS),
        ("gross", GROSS),
        ("head", HEAD),
        ("eye", EYES),
        ("visibility", VISIBILITY),
    ],
)
def test_every_code_of_each_kind_is_in_the_catalog(kind, codes):
    assert sorted(c.code for c in all_codes(kind)) == sorted(codes)


def test_main_codes_have_muscles_chapter_and_week_of_the_syllabus():
    weeks = {
        1: {1, 2, 4},
        2: {5, 6, 7, 43, 45, 46},
        3: {9, 10, 15, 16, 17},
        4: {25, 26, 27},
        5: {11, 12, 13, 14, 20},
        6: {8, 18, 22, 23, 24, 28},
    }
    for week, codes in weeks.items():
        for code in codes:
            c = get(code)
            assert c.week == week, code
            assert c.muscles and 1 <= c.chapter <= 11


@pytest.mark.parametrize("code", [c.code for c in all_codes()])
def test_each_code_is_described_in_full(code):
    c = get(code)
    assert c.kind in KINDS and c.region in REGIONS
    assert c.name and c.appearance and c.mirror and c.intensity_guide
    assert all(line.endswith(".") for line in c.appearance)


def test_intensity_scoring_follows_facs_2002():
    assert get(43).intensity and not get(45).intensity and not get(46).intensity
    assert all(c.intensity for c in main_codes() if c.code not in (45, 46))
    assert not any(c.intensity for c in all_codes("visibility") + all_codes("AD"))


def test_removed_and_babyfacs_codes_are_not_codes_but_have_messages():
    cat = catalog()
    for code in (3, 41, 42, 44):
        assert code not in cat.codes
        assert str(code) in cat.retired[code]


def test_confusable_pairs_carry_a_cue_and_are_reachable_from_each_code():
    for pair in [
        (6, 7),
        (9, 10),
        (10, 11),
        (12, 13),
        (12, 14),
        (12, 20),
        (15, 17),
        (23, 24),
        (18, 22),
        (25, 26),
        (26, 27),
        (1, 4),
        (1, 2),
        (43, 45),
        (45, 46),
        (5, 63),
    ]:
        confusion = confusion_between(*pair)
        assert confusion is not None and len(confusion.cue) > 40, pair
        assert confusion in get(pair[0]).confusions and confusion in get(pair[1]).confusions
        assert confusion.other(pair[0]) == pair[1]


def _mean_of(fraction: Fraction) -> list[tuple[str, str]]:
    """Items (key, answer) whose mean agreement is ``fraction``: each agrees fully or not at all."""
    n, k = fraction.denominator * 10, fraction.numerator * 10
    return [("1", "1")] * k + [("1", "2")] * (n - k)


def test_final_test_verdicts_fall_exactly_on_the_catalogs_marks():
    cat = catalog()
    assert 0 < cat.pass_mark < cat.ready_mark <= 1
    for mark, verdict in ((cat.pass_mark, "passed"), (cat.ready_mark, "ready")):
        fraction = Fraction(mark).limit_denominator(100)
        on_the_mark = _mean_of(fraction)
        just_below = [("1", "2"), *on_the_mark[1:]]
        assert test_score(on_the_mark).mean == pytest.approx(mark)
        assert getattr(test_score(on_the_mark), verdict), (verdict, mark)
        assert not getattr(test_score(just_below), verdict), (verdict, mark)
