"""nbgrader configuration: the repository root is the nbgrader course directory."""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "facs-course"
c.CourseDirectory.root = str(Path(__file__).resolve().parent)
# The answer cell keeps its `answer = ""` line; the solution below it is simply removed.
c.ClearSolutions.code_stub = {"python": ""}
# A learner's deleted answer or test cell comes back from the gradebook (blank answer, real
# test), so it is scored, never skipped. A copied graded cell keeps nbgrader's metadata; nbgrader's
# DeduplicateIds (in the default sanitize list) strips it from all but the last copy, which is the
# one graded; the static grader below reads answers in notebook order, so the last answer wins.
c.OverwriteCells.add_missing_cells = True
# Grading reads the answers, it never runs the notebook: StaticGrade replaces Execute, so no
# learner code runs with the grader's rights (keys, grading functions) and no kernel is started.
# Budget, whatever a submission holds: answers over 2,000 characters and cells over 20,000 are
# refused with a message before parsing; grading one submission takes well under a second and
# about the notebook's size in memory (a notebook over 5 MB is refused by `submit`).
c.Autograde.autograde_preprocessors = [
    "autograder.static_grader.StaticGrade",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
