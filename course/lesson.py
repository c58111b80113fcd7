"""What the session notebooks import (``from course.lesson import *``): one name for each helper.

The helpers live by purpose: :mod:`course.teaching` (panels that teach codes),
:mod:`course.exercises` (practice clips with Check and Hint), :mod:`course.mock_test` (week 9),
:mod:`course.drills` (adaptive drills from the learner's record).
"""

from .drills import drill
from .exercises import check_clip, clip_hint, practice_clip
from .mock_test import mock_clip, mock_test
from .progress_view import progress
from .teaching import (
    code_table,
    compare_faces,
    confusable,
    emotion_prototypes,
    intensity_strip,
    read_score,
    teach,
    test_marks,
    week_codes,
    week_summary,
)

__all__ = [
    "check_clip",
    "clip_hint",
    "code_table",
    "compare_faces",
    "confusable",
    "drill",
    "emotion_prototypes",
    "intensity_strip",
    "mock_clip",
    "mock_test",
    "practice_clip",
    "progress",
    "read_score",
    "teach",
    "test_marks",
    "week_codes",
    "week_summary",
]
