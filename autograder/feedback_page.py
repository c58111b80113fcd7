"""The feedback page nbgrader's ``generate_feedback`` writes: the learner's results, laid out.

``nbgrader_config.py`` points nbgrader's HTMLExporter at the ``feedback`` template in
:data:`TEMPLATES` and runs :class:`FeedbackWords` after nbgrader's ``GetGrades``. The template
shows the total score and, per graded cell, its score and the section the static grader wrote
(:mod:`course.feedback_view`); it leaves out every code cell's source (the hidden tests
included), the instructions, and nbgrader's own panels.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from course.content import data, week
from course.feedback_view import PAGE_SCRIPT

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "feedback"  # the name nbgrader's API (the formgrader's button) insists on


class FeedbackWords(NbGraderPreprocessor):
    """Give the template the page's words (``texts.toml``'s ``[feedback]``), the week's title
    and the page's script (the drill link)."""

    def preprocess(self, nb, resources):
        name = resources["nbgrader"]["assignment"]
        resources["facs"] = dict(data("texts.toml")["feedback"])
        try:
            resources["facs"]["week_title"] = week(int(name.removeprefix("week"))).assignment
        except (ValueError, KeyError, IndexError):  # not one of the course's weeks
            resources["facs"]["week_title"] = name
        resources["facs_script"] = PAGE_SCRIPT
        return nb, resources
