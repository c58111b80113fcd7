"""An outside model's view of the head positions: MediaPipe's face mesh, which nobody here
wrote, estimates how each head position 51-58 turned, tipped, tilted or moved the head.

MediaPipe 0.10.14 ships its face-mesh model inside the wheel (later releases download it at
run time, which this course cannot do) and needs numpy 1, so it lives in a virtual
environment of its own, never in the course's:

    python3 -m venv /tmp/mp && /tmp/mp/bin/pip install "mediapipe==0.10.14" "numpy<2"
    MEDIAPIPE_PYTHON=/tmp/mp/bin/python .venv/bin/python tests/outside_model.py

This script renders the stills with the course's renderer, hands them to that interpreter
(running this same file with ``--measure``), and prints, per code, how many of the expected
movements the model sees: the rotation fitted between the neutral and the posed mesh turns
the right way by more than ``DEGREES`` (or the eyes move apart or together by more than
``SCALE`` for 57 and 58), at C and at E, on every identity.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

DEGREES = 4.0
SCALE = 0.03
SIZE = 320
LETTERS = "CE"
# What each code should do: (estimate, sign): yaw > 0 turns the nose to the image right,
# pitch > 0 raises the chin, roll > 0 tips the top of the head to the image right.
EXPECTED = {
    51: ("yaw", 1),
    52: ("yaw", -1),
    53: ("pitch", 1),
    54: ("pitch", -1),
    55: ("roll", 1),
    56: ("roll", -1),
    57: ("scale", 1),
    58: ("scale", -1),
}


def _render(folder: Path) -> list[str]:
    import cv2

    from course.face.identities import identity_count
    from course.face.render import render_score

    names = []
    for ident in range(identity_count()):
        for score in ["0"] + [f"{code}{x}" for code in EXPECTED for x in LETTERS]:
            name = f"{ident}_{score}.png"
            cv2.imwrite(
                str(folder / name),
                cv2.cvtColor(render_score(score, ident, SIZE), cv2.COLOR_RGB2BGR),
            )
            names.append(name)
    return names


def _measure(folder: Path) -> None:
    """(Run by MediaPipe's interpreter.) Print each still's face-mesh landmarks as JSON."""
    import cv2
    import mediapipe as mp

    mesh = mp.solutions.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1)
    out = {}
    for path in sorted(folder.glob("*.png")):
        found = mesh.process(cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB))
        faces = found.multi_face_landmarks
        out[path.name] = (
            [[p.x, p.y, p.z] for p in faces[0].landmark] if faces else None
        )  # fmt: skip
    print(json.dumps(out))


def _pose_change(rest: np.ndarray, posed: np.ndarray) -> dict[str, float]:
    """Yaw, pitch and roll (degrees) of the rotation that best carries the neutral mesh onto
    the posed one (Kabsch), and the change of scale between the outer eye corners."""
    a, b = rest - rest.mean(0), posed - posed.mean(0)
    u, _, vt = np.linalg.svd(b.T @ a)
    d = np.sign(np.linalg.det(u @ vt))
    rot = u @ np.diag([1, 1, d]) @ vt
    forward, up = rot @ [0, 0, -1], rot @ [0, -1, 0]  # toward the camera; up the face
    eyes = lambda m: np.linalg.norm(m[263, :2] - m[33, :2])  # noqa: E731
    return {
        "yaw": float(np.degrees(np.arcsin(np.clip(forward[0], -1, 1)))),
        "pitch": float(np.degrees(np.arcsin(np.clip(-forward[1], -1, 1)))),
        "roll": float(np.degrees(np.arcsin(np.clip(up[0], -1, 1)))),
        "scale": float(eyes(posed) / eyes(rest) - 1),
    }


def main() -> int:
    if sys.argv[1:2] == ["--measure"]:
        _measure(Path(sys.argv[2]))
        return 0
    interpreter = os.environ.get("MEDIAPIPE_PYTHON")
    if not interpreter:
        print("Set MEDIAPIPE_PYTHON to a Python with mediapipe 0.10.14 (see this file's top).")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _render(folder)
        done = subprocess.run(
            [interpreter, __file__, "--measure", tmp], capture_output=True, text=True, check=True
        )
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    found = sum(v is not None for v in marks.values())
    print(f"face found in {found} of {len(marks)} stills")
    total = seen = 0
    for code, (what, sign) in EXPECTED.items():
        hits, values = 0, []
        for name, posed in marks.items():
            ident, score = name[:-4].split("_")
            if not score.startswith(str(code)):
                continue
            rest = marks[f"{ident}_0.png"]
            change = 0.0
            if rest is not None and posed is not None:
                change = sign * _pose_change(np.array(rest), np.array(posed))[what]
            values.append(change)
            hits += change > (SCALE if what == "scale" else DEGREES)
        total += len(values)
        seen += hits
        unit = "" if what == "scale" else " degrees"
        print(
            f"{code}: seen {hits} of {len(values)} ({what} {np.median(values):+.2f}{unit} "
            f"median, {min(values):+.2f} least)"
        )
    print(f"head positions seen: {seen} of {total} ({100 * seen / total:.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
