"""nbgrader configuration: the repository root is the nbgrader course directory."""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "facs-course"
c.CourseDirectory.root = str(Path(__file__).resolve().parent)
# The answer cell keeps its `answer = ""` line; the solution below it is simply removed.
c.ClearSolutions.code_stub = {"python": ""}
# Before grading, the learner's old feedback and automatic scores are cleared, so a grading
# that fails never shows the previous result as new; a notebook that cannot be graded (renamed,
# damaged, too large) is reported by learner and week in plain words.
c.Autograde.pre_convert_hook = "autograder.submission.supersede"
# RestoreCells replaces DeduplicateIds: a copied or re-labelled graded cell loses its nbgrader
# metadata (the last copy of an id keeps it) and a deleted test cell comes back from the
# gradebook. nbgrader's own add_missing_cells stays off: it crashes (KeyError) when a deleted cell
# follows another deleted one, or after DeduplicateIds. A deleted answer cell is not restored: its
# test says the answer is missing and scores 0.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "autograder.submission.RestoreCells",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Grading reads the answers, it never runs the notebook: StaticGrade replaces Execute, so no
# learner code runs with the grader's rights (keys, grading functions) and no kernel is started.
# Budget, whatever a submission holds: answers over 2,000 characters and cells over 20,000 are
# refused with a message before parsing; grading one submission takes about a second (the
# 34-item week 9) beside nbgrader's start-up, and about 200 MB plus the notebook's size
# (`submit` refuses a notebook over 5 MB).
c.Autograde.autograde_preprocessors = [
    "autograder.static_grader.StaticGrade",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Only `nbgrader validate` (the learner's own check, in the learner's kernel) still executes.
c.Execute.timeout = 120
# The feedback page is laid out for people (autograder/feedback_page.py): the score, then per item
# the section the grader wrote (apex still, agreement bar, misses and adds in colour, the week's
# table and what to practise next); no code cell, hidden test or nbgrader panel is shown.
from autograder.feedback_page import TEMPLATE, TEMPLATES  # noqa: E402

c.HTMLExporter.template_name = TEMPLATE
c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "autograder.feedback_page.FeedbackWords",
]
