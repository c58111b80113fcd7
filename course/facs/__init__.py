"""The Facial Action Coding System itself: the code catalog, notation and agreement."""

from .agreement import (
    Event,
    ItemResult,
    TestScore,
    compare,
    error_table,
    item_agreement,
    kappa_per_code,
    test_score,
    timing_agreement,
)
from .codes import Code, all_codes, catalog, get, main_codes
from .notation import Entry, NotationError, Score, canonical, parse

__all__ = [
    "Code",
    "Entry",
    "Event",
    "ItemResult",
    "NotationError",
    "Score",
    "TestScore",
    "all_codes",
    "canonical",
    "catalog",
    "compare",
    "error_table",
    "get",
    "item_agreement",
    "kappa_per_code",
    "main_codes",
    "parse",
    "test_score",
    "timing_agreement",
]
