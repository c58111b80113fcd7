"""nbgrader configuration: the repository root is the nbgrader course directory."""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "facs-course"
c.CourseDirectory.root = str(Path(__file__).resolve().parent)
# The answer cell keeps its `answer = ""` line; the solution below it is simply removed.
c.ClearSolutions.code_stub = {"python": ""}
# Restore cells a learner deleted, and guard against duplicated cell ids.
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 120
# Without saved widget state, feedback HTML shows each player's text/html fallback (a still),
# where a saved state would make nbconvert pick the live view, which is blank offline.
c.Execute.store_widget_state = False
