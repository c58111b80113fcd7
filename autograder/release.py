"""Build the graded assignments: source notebooks from the keys, clips, then nbgrader's release.

``source/<week>/<week>.ipynb`` is written from ``keys/<week>.toml`` (so the two never disagree),
the clips are rendered into ``source/<week>/clips/``, and ``nbgrader generate_assignment``
writes the student version into ``release/<week>/``. Learners' fetched and submitted work lives
elsewhere (their own folders and the exchange) and is never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import nbformat

import course.face
from course import content
from course.assignment import clip_name, variable
from course.face.clip import ClipSpec, make_clip
from course.face.video import write_webm
from course.facs import catalog
from course.notebook import python_notebook

from .keys import Week, is_private, keys_dir, load_week, weeks
from .variation import Look, apply_look, create_secret, look, read_secret

NBGRADER_SCHEMA = 3


def _meta(grade_id: str, *, locked=True, solution=False, points: float | None = None) -> dict:
    meta = {
        "grade": points is not None,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": NBGRADER_SCHEMA,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


PRIVATE_SOLUTION = "# the key is in the private keys folder, never in this tracked notebook"


def _solution(name: str, value: str) -> str:
    """The solution line of an answer cell: the key, unless the keys are private.

    With private keys ($FACS_KEYS_DIR) the tracked ``source/`` notebooks carry no key at all:
    grading reads the keys from the private folder, so the source needs none (it then fails
    ``nbgrader validate`` like a blank submission, which is expected).
    """
    return PRIVATE_SOLUTION if is_private() else f'{name} = "{value}"'


def source_notebook(week: Week) -> nbformat.NotebookNode:
    """The instructor's source notebook for ``week``, with the keys as solutions (public keys)."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    count = len(week.items)
    intro = content.text("assignment", "intro").format(
        title=week.title,
        name_title=week.name.replace("week", "week "),
        count=count,
        timing_note=content.text("assignment", "timing_note") if week.timing else "",
    )
    if _is_mock_test(week.name):
        marks = catalog()
        intro += content.text("assignment", "mock_test_note").format(
            count=count, pass_mark=f"{marks.pass_mark:.2f}", ready_mark=f"{marks.ready_mark:.2f}"
        )
    cells = [
        md(intro, metadata=_meta("intro")),
        code(
            "from course.assignment import check, check_all, check_frames, show",
            metadata=_meta("setup"),
        ),
    ]
    for item in week.items:
        n, name = item.number, variable(item.number)
        cells.append(md(f"## Item {n}", metadata=_meta(f"item{n:02d}-title")))
        cells.append(code(f"show({n})", metadata=_meta(f"item{n:02d}-clip")))
        cells.append(
            code(
                f'{name} = ""  # the codes at the apex, between the quotes\n'
                "### BEGIN SOLUTION\n"
                f"{_solution(name, item.key.score)}\n"
                "### END SOLUTION",
                metadata=_meta(f"item{n:02d}-answer", locked=False, solution=True),
            )
        )
        cells.append(
            code(
                f"check({n}, globals())\n"
                "### BEGIN HIDDEN TESTS\n"
                "from autograder import grade\n"
                f'grade("{week.name}", {n}, {name})\n'
                "### END HIDDEN TESTS",
                metadata=_meta(f"item{n:02d}", points=1),
            )
        )
        if item.timing:
            cells.extend(_timing_cells(week, item))
    cells.append(md(content.text("assignment", "before_submit"), metadata=_meta("summary-title")))
    cells.append(
        code(
            "### BEGIN HIDDEN TESTS\n"
            "from autograder import summary\n"
            f'summary("{week.name}", globals())\n'
            "### END HIDDEN TESTS\n"
            f"check_all(globals(), {len(week.items)})",
            metadata=_meta("summary", points=0),
        )
    )
    nb = python_notebook(cells)
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = cell.metadata["nbgrader"]["grade_id"] or f"cell-{i}"
    return nb


def _is_mock_test(name: str) -> bool:
    """True for the course's mock final test; an imported week is never one."""
    number = int(name.removeprefix("week"))
    return number <= len(content.weeks()) and content.week(number).mock_test


def _timing_cells(week: Week, item) -> list:
    n, key, name = item.number, item.key, f"frames_{item.number:02d}"
    onset, apex, offset = key.expression.onset, key.expression.apex, key.expression.offset
    return [
        nbformat.v4.new_code_cell(
            f'{name} = ""  # onset, apex and offset frame numbers, between the quotes\n'
            "### BEGIN SOLUTION\n"
            f"{_solution(name, f'{onset}, {apex}, {offset}')}\n"
            "### END SOLUTION",
            metadata=_meta(f"item{n:02d}-frames", locked=False, solution=True),
        ),
        nbformat.v4.new_code_cell(
            f"check_frames({n}, globals())\n"
            "### BEGIN HIDDEN TESTS\n"
            "from autograder import grade_timing\n"
            f'grade_timing("{week.name}", {n}, {name})\n'
            "### END HIDDEN TESTS",
            metadata=_meta(f"item{n:02d}-timing", points=1),
        ),
    ]


def write_source(week: Week, root: Path) -> Path:
    """Write ``source/<week>/<week>.ipynb`` under the course directory ``root`` (if changed)."""
    path = root / "source" / week.name / f"{week.name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(source_notebook(week)) + "\n"
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path


@cache
def _renderer_version() -> str:
    """A digest of the face-drawing code: clips are redrawn when it changes."""
    digest = hashlib.sha256()
    for path in sorted(Path(course.face.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fingerprint(spec: ClipSpec, style: Look) -> str:
    return hashlib.sha256(f"{spec!r}{style!r}{_renderer_version()}".encode()).hexdigest()


def render_clips(week: Week, root: Path) -> list[Path]:
    """Render the clips of ``week`` into ``source/<week>/clips/`` (names carry no answers).

    Each clip is drawn in its item's secret look (:mod:`autograder.variation`), and redrawn
    only when its spec, its look or the renderer changed. The fingerprints live in
    ``source/.clips.json``, outside the assignment folders, so nbgrader never releases them.
    """
    folder = root / "source" / week.name / "clips"
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = root / "source" / ".clips.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    written = []
    secret = read_secret(keys_dir())
    for item in week.items:
        path = folder / clip_name(item.number)
        name = f"{week.name}/{path.name}"
        if item.video is not None:  # an instructor's clip, converted on import: copied as it is
            fingerprint = hashlib.sha256(item.video.read_bytes()).hexdigest()
            if path.is_file() and manifest.get(name) == fingerprint:
                continue
            shutil.copyfile(item.video, path)
            manifest[name] = fingerprint
            written.append(path)
            continue
        style = look(secret, week.name, item.number)
        fingerprint = _fingerprint(item.spec, style)
        if path.is_file() and manifest.get(name) == fingerprint:
            continue
        partial = path.with_suffix(".partial.webm")
        write_webm(apply_look(make_clip(item.spec).frames(), style), partial, item.spec.fps)
        partial.replace(path)
        manifest[name] = fingerprint
        written.append(path)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return written


def _release_is_current(root: Path, name: str) -> bool:
    """True when release/<name> is newer than everything in source/<name>."""
    source, release = root / "source" / name, root / "release" / name
    released = release / f"{name}.ipynb"
    if not released.is_file():
        return False
    newest_source = max(p.stat().st_mtime for p in source.rglob("*") if p.is_file())
    copies = [release / p.relative_to(source) for p in source.rglob("*") if p.is_file()]
    copies = [p for p in copies if p.suffix != ".ipynb"] + [released]
    return all(p.is_file() and p.stat().st_mtime >= newest_source for p in copies)


def nbgrader(*args: str, root: Path) -> subprocess.CompletedProcess:
    """Run an nbgrader command in the course directory ``root`` with this environment's tools."""
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


class ReleaseError(RuntimeError):
    """nbgrader could not generate an assignment; the message carries its log."""


def build(
    root: Path, names: list[str] | None = None, clips: bool = True, force: bool = False
) -> list[Path]:
    """Write the source notebooks, render the clips and generate the student versions.

    Only what changed is rebuilt (everything with ``force``); returns the files written.
    """
    if read_secret(keys_dir()) is None:
        print(
            f"Created {create_secret(keys_dir())}: keep it with the keys, out of learners' reach."
        )
    written = []
    for name in names or weeks():
        week = load_week(name)
        source = write_source(week, root)
        if clips:
            written.extend(render_clips(week, root))
        if not force and _release_is_current(root, name):
            continue
        written.append(source)
        result = nbgrader("generate_assignment", name, "--force", root=root)
        if result.returncode != 0:
            raise ReleaseError(f"nbgrader generate_assignment {name} failed:\n{result.stderr}")
        written.append(root / "release" / name / f"{name}.ipynb")
    return written
