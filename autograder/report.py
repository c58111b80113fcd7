"""Where a cohort errs in a week, as pandas tables: the data of the instructor's cohort report.

Everything comes from the course directory nbgrader grades in: each item's agreement is the score
the autograder saved in the gradebook (``gradebook.db``, read with nbgrader's own API), and the
codes behind it come from the answers in each learner's autograded notebook, compared with the
key by :func:`course.facs.compare` (the same function that graded them). An answer that is blank
or cannot be read scores 0, as in grading, and is left out of the per-code tables (it names no
code); the tables list it under ``problem``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry

from course.assignment import AnswerProblem, read_answer, variable
from course.facs import ItemResult, compare
from course.facs.codes import INTENSITIES, catalog, confusion_between

from . import keys
from .static_grader import Problem, read_answers

GRADEBOOK = "gradebook.db"
SIDES = {"": "both sides", "L": "left", "R": "right", "U": "one side"}


class ReportError(RuntimeError):
    """The report cannot be built (no gradebook, an unknown week, nothing graded)."""


@dataclass(frozen=True)
class Cohort:
    """One week of a cohort: who answered what, how it scored, and every week's means.

    ``items`` has one row per learner and item (learner, item, key, answer, agreement, problem);
    ``results`` the comparison of each readable answer with its key, by (learner, item);
    ``weeks`` one row per learner and graded week (learner, week, agreement).
    """

    week: str
    title: str
    items: pd.DataFrame
    results: dict[tuple[str, int], ItemResult]
    weeks: pd.DataFrame

    @property
    def learners(self) -> list[str]:
        return sorted(self.items["learner"].unique())


def _private_keys(root: Path) -> str | None:
    """``c.StaticGrade.keys_dir`` from the course's ``nbgrader_config.py``, if set."""
    from traitlets.config.loader import PyFileConfigLoader

    if not (root / "nbgrader_config.py").is_file():
        return None
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    return config.StaticGrade.get("keys_dir") or None


def _scores(gb: Gradebook, week: str, learner: str) -> dict[str, float | None]:
    """The gradebook's score of each graded cell as a share of its points (None: ungraded)."""
    try:
        submission = gb.find_submission(week, learner)
    except MissingEntry:
        return {}
    scores = {}
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            graded = grade.auto_score is not None or grade.manual_score is not None
            if grade.max_score:
                scores[grade.name] = grade.score / grade.max_score if graded else None
    return scores


def notebook_answers(path: Path) -> dict[str, str]:
    """The answers of a graded notebook, read as the grader reads them (never run)."""
    answers: dict[str, str] = {}
    for cell in nbformat.read(path, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("grade"):
            answers.update(read_answers(cell.source, meta.get("grade_id", "")))
    return answers


def _item_rows(root: Path, gb: Gradebook, week: keys.Week, learner: str):
    scores = _scores(gb, week.name, learner)
    path = root / "autograded" / learner / week.name / f"{week.name}.ipynb"
    answers = notebook_answers(path) if path.is_file() else {}
    for item in week.items:
        name = variable(item.number)
        agreement = scores.get(f"item{item.number:02d}")
        row = {
            "learner": learner,
            "item": item.number,
            "key": str(item.key.score),
            "answer": answers.get(name, ""),
            "agreement": agreement,
            "problem": "",
        }
        result = None
        if agreement is None:
            row["problem"] = "not graded"
        elif isinstance(answers.get(name), Problem):
            row["problem"] = str(answers[name])
        else:
            try:
                result = compare(item.key.score, read_answer(item.number, answers.get(name)))
            except AnswerProblem as problem:
                row["problem"] = str(problem)
        yield row, result


def _week_means(gb: Gradebook, learners: list[str]) -> pd.DataFrame:
    """Each learner's mean item agreement in every graded week (timing cells left out)."""
    rows = []
    for assignment in gb.assignments:
        for learner in learners:
            scores = _scores(gb, assignment.name, learner)
            items = [v for k, v in scores.items() if k[4:].isdigit() and k.startswith("item")]
            if items and all(v is not None for v in items):
                rows.append([learner, assignment.name, sum(items) / len(items)])
    return pd.DataFrame(rows, columns=["learner", "week", "agreement"])


def load(root: Path, week: str) -> Cohort:
    """Read ``week`` of the course directory ``root``: gradebook, autograded notebooks, keys."""
    root = Path(root).resolve()
    if not (root / GRADEBOOK).is_file():
        raise ReportError(
            f"There is no {GRADEBOOK} in {root}: run the report in the course directory, after "
            "nbgrader has graded the week (or give it with --root)."
        )
    keys.use_course(root, _private_keys(root))
    try:
        loaded = keys.load_week(week)
    except keys.KeysUnavailable as err:
        raise ReportError(str(err)) from None
    with Gradebook(f"sqlite:///{root / GRADEBOOK}") as gb:
        try:
            submitted = [s.student.id for s in gb.find_assignment(week).submissions]
        except MissingEntry:
            submitted = []
        if not submitted:
            raise ReportError(
                f"No submission of {week} is in the gradebook yet: collect and autograde it first."
            )
        learners = sorted(submitted)
        rows, results = [], {}
        for learner in learners:
            for row, result in _item_rows(root, gb, loaded, learner):
                rows.append(row)
                if result is not None:
                    results[learner, row["item"]] = result
        weeks = _week_means(gb, sorted(s.id for s in gb.students))
    return Cohort(week, loaded.title, pd.DataFrame(rows), results, weeks)


# --- Per code --------------------------------------------------------------------------------


def _name(code: int) -> str:
    return catalog().codes[code].name


def code_errors(cohort: Cohort) -> pd.DataFrame:
    """Misses and adds per code and learner (long form: code, name, learner, missed, added)."""
    counts: Counter = Counter()
    for (learner, _), result in cohort.results.items():
        for code in result.missed:
            counts[code, learner, "missed"] += 1
        for code in result.added:
            counts[code, learner, "added"] += 1
    codes = sorted({code for code, _, _ in counts})
    rows = [
        [
            code,
            _name(code),
            learner,
            counts[code, learner, "missed"],
            counts[code, learner, "added"],
        ]
        for code in codes
        for learner in cohort.learners
    ]
    return pd.DataFrame(rows, columns=["code", "name", "learner", "missed", "added"])


def error_grid(cohort: Cohort, kind: str) -> pd.DataFrame:
    """``kind`` ("missed" or "added") as codes x learners, for the heat map."""
    long = code_errors(cohort)
    grid = long.pivot_table(index="code", columns="learner", values=kind, aggfunc="sum")
    return grid.reindex(columns=cohort.learners, fill_value=0).fillna(0).astype(int)


def confusions(cohort: Cohort) -> pd.DataFrame:
    """Which code was written for which: in one learner's item, a key code missed and another
    code added. ``cue`` is the catalog's separating cue when it lists the pair."""
    counts: Counter = Counter()
    learners: dict[tuple[int, int], set[str]] = {}
    for (learner, _), result in cohort.results.items():
        for missed in result.missed:
            for added in result.added:
                counts[missed, added] += 1
                learners.setdefault((missed, added), set()).add(learner)
    rows = []
    for (missed, added), n in counts.items():
        pair = confusion_between(missed, added)
        rows.append(
            [
                missed,
                added,
                f"{added} ({_name(added)}) for {missed} ({_name(missed)})",
                n,
                len(learners[missed, added]),
                pair.cue if pair else "",
            ]
        )
    columns = ["key_code", "written", "what", "times", "learners", "cue"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["times", "key_code", "written"], ascending=[False, True, True])


def intensity_bias(cohort: Cohort) -> pd.DataFrame:
    """Per code scored by key and learner with a letter: how many letters the group gave above
    (positive) or below the key on average, and how often higher, the same and lower."""
    steps: dict[int, list[int]] = {}
    for result in cohort.results.values():
        for pair in result.intensities:
            if pair.answer:
                difference = INTENSITIES.index(pair.answer) - INTENSITIES.index(pair.key)
                steps.setdefault(pair.code, []).append(difference)
    rows = [
        [
            code,
            _name(code),
            len(values),
            sum(values) / len(values),
            sum(v > 0 for v in values),
            sum(v == 0 for v in values),
            sum(v < 0 for v in values),
        ]
        for code, values in sorted(steps.items())
    ]
    columns = ["code", "name", "scored", "mean_steps", "higher", "same", "lower"]
    return pd.DataFrame(rows, columns=columns)


def side_errors(cohort: Cohort) -> pd.DataFrame:
    """Codes both scored but on another side than the key: code, key side, answer side, count."""
    counts: Counter = Counter()
    for result in cohort.results.values():
        for pair in result.side_differences:
            counts[pair.code, SIDES[pair.key], SIDES[pair.answer]] += 1
    rows = [[c, _name(c), k, a, n] for (c, k, a), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["code", "name", "key_side", "answer_side", "times"])


# --- Per item and per learner ----------------------------------------------------------------


def item_difficulty(cohort: Cohort) -> pd.DataFrame:
    """Per item: the key, the mean agreement (unanswered items count 0, as in grading), how many
    learners agreed fully, and the key codes every learner who answered missed."""
    rows = []
    graded = cohort.items[cohort.items["problem"] != "not graded"]
    for number, group in graded.groupby("item"):
        results = [cohort.results[r.learner, number] for r in group.itertuples() if not r.problem]
        key = group["key"].iloc[0]
        missed_by_all = (
            sorted(set.intersection(*(set(r.missed) for r in results))) if results else []
        )
        rows.append(
            [
                number,
                key,
                group["agreement"].mean(),
                int((group["agreement"] >= 1 - 1e-9).sum()),
                len(group),
                " ".join(map(str, missed_by_all)),
            ]
        )
    columns = ["item", "key", "mean_agreement", "full_agreement", "learners", "missed_by_all"]
    return pd.DataFrame(rows, columns=columns)


def progress(cohort: Cohort) -> pd.DataFrame:
    """Learners x weeks: each learner's mean agreement per graded week."""
    grid = cohort.weeks.pivot_table(index="learner", columns="week", values="agreement")
    return grid.reindex(index=cohort.learners)


def week_summary(cohort: Cohort) -> pd.DataFrame:
    """This week per learner: mean agreement, passed (0.70) and ready (0.75), from the catalog."""
    marks = catalog()
    table = cohort.items.groupby("learner")["agreement"].mean().rename("agreement").reset_index()
    table["passed"] = table["agreement"] >= marks.pass_mark - 1e-12
    table["ready"] = table["agreement"] >= marks.ready_mark - 1e-12
    table["unanswered"] = (
        cohort.items.assign(blank=cohort.items["problem"] != "").groupby("learner")["blank"].sum()
    ).to_numpy()
    return table


# --- What to reteach -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reteach:
    """A code, or a confusable pair, to teach again, with the errors it accounts for."""

    codes: tuple[int, ...]
    errors: int
    cue: str

    @property
    def title(self) -> str:
        return " vs ".join(f"{c} {_name(c)}" for c in self.codes)


def reteach(cohort: Cohort, count: int = 3) -> list[Reteach]:
    """The ``count`` codes or pairs with the most errors this week, most first.

    An error is one missed or one added code in one learner's item. A miss and an add in the
    same item that the catalog lists as a confusable pair count for that pair (both errors);
    every other error counts for its code. Ties: pairs first, then by code number.
    """
    by_pair: dict[tuple[int, int], set] = {}
    explained: set = set()
    for (learner, number), result in cohort.results.items():
        for confused in result.confused:
            events = {
                (learner, number, "missed", confused.missed),
                (learner, number, "added", confused.added),
            }
            by_pair.setdefault(tuple(sorted(confused.confusion.codes)), set()).update(events)
            explained |= events
    by_code: Counter = Counter()
    for (learner, number), result in cohort.results.items():
        for kind, codes in (("missed", result.missed), ("added", result.added)):
            for code in codes:
                if (learner, number, kind, code) not in explained:
                    by_code[code] += 1
    candidates = [
        Reteach(pair, len(events), confusion_between(*pair).cue) for pair, events in by_pair.items()
    ]
    candidates += [Reteach((code,), n, _code_cue(code)) for code, n in by_code.items()]
    candidates.sort(key=lambda r: (-r.errors, len(r.codes) == 1, r.codes))
    return candidates[:count]


def _code_cue(code: int) -> str:
    """What to look for in one code alone: the catalog's appearance changes."""
    return " ".join(catalog().codes[code].appearance)
