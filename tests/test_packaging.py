"""The distribution's metadata, the conda environment and the layout agree with each other."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_reqs = {r for r in pip_section if not r.startswith("--editable")}
    assert conda_reqs == set(_pyproject()["project"]["dependencies"])


def test_required_packages_are_runtime_dependencies():
    names = {r.split(">")[0].split("=")[0] for r in _pyproject()["project"]["dependencies"]}
    required = {
        "jupyterlab",
        "nbgrader",
        "ipywidgets",
        "ipympl",
        "opencv-python-headless",
        "pandas",
        "matplotlib",
        "pillow",
    }
    assert required <= names


HARNESSES = {"bench.py"}  # developer tools: may use the test extras


def _distribution(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()


def test_every_third_party_import_of_the_code_is_declared():
    project = _pyproject()["project"]
    runtime = {_distribution(r) for r in project["dependencies"]}
    extras = runtime | {_distribution(r) for r in project["optional-dependencies"]["test"]}
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for path in sorted([*(ROOT / "course").rglob("*.py"), *(ROOT / "autograder").rglob("*.py")]):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for top in {m.split(".")[0] for m in modules}:
                if top in sys.stdlib_module_names or top in {"course", "autograder"}:
                    continue
                allowed = extras if path.name in HARNESSES else runtime
                names = {d.lower() for d in providers.get(top, [top])}
                if not names & allowed:
                    undeclared.append(f"{path.relative_to(ROOT)}: {top}")
    assert not undeclared


def test_the_console_script_loads_and_every_code_folder_is_a_package():
    (script,) = entry_points(group="console_scripts", name="facs-course")
    assert callable(script.load())
    # setuptools' find (pyproject.toml) ships only folders with an __init__.py.
    folders = {py.parent for top in ("course", "autograder") for py in (ROOT / top).rglob("*.py")}
    missing = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file())
    assert not missing, f"not in the wheel, add an __init__.py: {missing}"


def test_layout_of_the_design_card_exists():
    for folder in ["course", "sessions", "handouts", "autograder", "source", "release", "tests"]:
        assert (ROOT / folder).is_dir(), folder
    for file in ["environment.yml", "README.md", "Makefile", "nbgrader_config.py", ".ci/run"]:
        assert (ROOT / file).is_file(), file


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make lab", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci/run").read_text()
