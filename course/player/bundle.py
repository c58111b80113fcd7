"""The player's ES module parts (``js/``) joined into the one self-contained module anywidget loads.

Each part is a plain ES module, so Node's test runner can import it as it is. Joining follows
the entry's ``import ... from "./part.js"`` lines depth first, so every part comes once and
before the parts that use it; those import lines are dropped and ``export`` is taken off each
declaration. Only the entry keeps its ``export default``. Top-level names are therefore shared
by all parts and must not clash.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

JS = Path(__file__).parent / "js"
ENTRY = "player.js"
IMPORT = re.compile(r'^import \{[^}]*\} from "\./([\w-]+\.js)";\n', re.M)
EXPORT = re.compile(r"^export (?=(?:async )?(?:function|const|let|class) )", re.M)


@cache
def player_module() -> str:
    """The entry and its parts as one ES module, with no import statements."""
    parts: list[str] = []
    _add(ENTRY, parts, set())
    return "\n".join(parts)


def _add(name: str, parts: list[str], seen: set[str]) -> None:
    if name in seen:
        return
    seen.add(name)
    text = (JS / name).read_text(encoding="utf-8")
    for dependency in IMPORT.findall(text):
        _add(dependency, parts, seen)
    body = EXPORT.sub("", IMPORT.sub("", text))
    left = re.findall(r"^(?:import|export) .*", body, re.M)
    if name == ENTRY:
        left = [line for line in left if not line.startswith("export default ")]
    if left:
        raise ValueError(f"{name}: cannot join {left[0]!r}; use single-line named imports.")
    parts.append(f"// --- {name} ---\n{body}")
