"""The import graph of the course's own modules: no circle, and the library parts stand alone.

Read from the source with ``ast`` (every import, at the top or inside a function), so a lazy
import that closes a circle is caught too. ``from pkg import sub`` counts as importing ``sub``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ("course.facs", "course.face", "course.player")


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("course", "autograder"):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            subs = {f"{module}.{a.name}" for a in node.names} & known
            out |= subs or {module}
    return out & known


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {n: _imports(n, p, set(modules)) - {n} for n, p in modules.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, found = {}, {}, [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = stack[stack.index(v) :]
            del stack[stack.index(v) :]
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_circle_in_the_import_graph():
    assert circles(graph()) == []


def test_the_circle_finder_finds_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_library_parts_import_nothing_of_the_grader_or_the_command_line():
    for module, deps in graph().items():
        if module.startswith(LIBRARY):
            wrong = {d for d in deps if d.startswith(("autograder", "course.cli"))}
            assert not wrong, f"{module} imports {sorted(wrong)}"


def test_the_grader_does_not_import_the_command_line():
    for module, deps in graph().items():
        if module.startswith("autograder"):
            assert not {d for d in deps if d.startswith("course.cli")}, module
