"""Release, collect and feedback: nbgrader's own steps, said in plain words, safe to repeat."""

from __future__ import annotations

import filecmp
import logging
from pathlib import Path

from . import CohortError, api, check, in_course


def _same_tree(a: Path, b: Path) -> bool:
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    if files != {p.relative_to(b) for p in b.rglob("*") if p.is_file()}:
        return False
    return all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)


def release(root: Path, week: str, exchange: Path | None = None, clips: bool = True) -> list[str]:
    """Build ``week`` (clips, student version) and put it in the exchange for the learners.

    Re-releasing an unchanged week does nothing; a rebuilt week replaces the exchange copy
    (learners who fetched already keep theirs: nbgrader never overwrites a fetched copy).
    ``clips=False`` leaves the clips out (tests)."""
    from nbgrader.utils import capture_log

    from autograder.release import ReleaseError, build

    try:
        with in_course(root):
            written = build(root, [week], clips=clips)
    except ReleaseError as err:
        raise CohortError(str(err)) from None
    nb = api(root, exchange)
    if nb.exchange_missing:
        raise CohortError(
            f"nbgrader's exchange {nb.exchange_root} does not exist or cannot be written: "
            "create it (mode 777) or set c.Exchange.root in nbgrader_config.py."
        )
    outbound = Path(nb.exchange_root) / nb.course_id / "outbound" / week
    lines = [f"Built {path.relative_to(root)}" for path in written]
    if outbound.is_dir() and _same_tree(root / "release" / week, outbound):
        return [*lines, f"{week} is already released, unchanged."]
    with in_course(root):
        nb.coursedir.assignment_id = week
        app = nb.exchange.ReleaseAssignment(
            coursedir=nb.coursedir, authenticator=nb.authenticator, parent=nb
        )
        app.force = True  # replaces an older exchange copy; fetched copies are never touched
        check(capture_log(app), f"Releasing {week}")
    return [*lines, f"Released {week} to the learners ({outbound})."]


def collect(root: Path, week: str, exchange: Path | None = None) -> list[str]:
    """Copy each learner's newest submission of ``week`` into ``submitted/`` (nbgrader's
    ``collect --update``); older and repeated submissions stay in the exchange, untouched."""
    nb = api(root, exchange)
    nb.log.setLevel(logging.INFO)  # nbgrader says per learner what it collected, at INFO
    with in_course(root):
        log = check(nb.collect(week, update=True), f"Collecting {week}")
    new = _learners(log, "Collecting submission: ")
    updated = _learners(log, "Updating submission: ")
    same = _learners(log, "No newer submission to collect: ")
    lines = []
    if new:
        lines.append(f"Collected {len(new)} new: {', '.join(new)}.")
    if updated:
        lines.append(f"Collected {len(updated)} newer resubmissions: {', '.join(updated)}.")
    if same:
        lines.append(f"{len(same)} unchanged since the last collect.")
    return lines or [f"No submissions of {week} yet."]


def _learners(log: str, marker: str) -> list[str]:
    return sorted(
        line.split(marker, 1)[1].rsplit(" ", 1)[0] for line in log.splitlines() if marker in line
    )


def feedback(root: Path, week: str, exchange: Path | None = None) -> list[str]:
    """Write the feedback of every graded submission of ``week`` and release it to the learners.

    nbgrader writes only the feedback that is missing or older than the grading."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.utils import capture_log, temp_attrs

    nb = api(root, exchange)
    graded = sorted(nb.get_autograded_students(week))
    if not graded:
        raise CohortError(f"No submission of {week} is graded yet: run the grade step first.")
    with in_course(root):
        # nbgrader's converter with the course's configuration, as `nbgrader generate_feedback`
        # runs it (NbGraderAPI.generate_feedback would replace the course's feedback template)
        with temp_attrs(nb.coursedir, assignment_id=week, student_id="*"):
            app = GenerateFeedback(coursedir=nb.coursedir, parent=nb)
            app.force = False
            check(capture_log(app), f"Writing the feedback of {week}")
        written = [s for s in graded if (root / "feedback" / s / week / f"{week}.html").is_file()]
        lines = [f"Feedback for {len(written)} learners in feedback/<learner>/{week}/."]
        if not nb.exchange_missing:
            check(nb.release_feedback(week), f"Releasing the feedback of {week}")
            lines.append("Released: each learner fetches their own from the Assignments tab.")
    missing = sorted(set(graded) - set(written))
    if missing:
        lines.append(f"No feedback (grading failed): {', '.join(missing)}.")
    return lines
