"""Notebooks the course writes (imported practice sets, assignments, the cohort report), all
for the environment's own Python 3 kernel."""

from __future__ import annotations

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def python_notebook(cells: list) -> nbformat.NotebookNode:
    """A notebook of ``cells`` that opens with the Python 3 kernel."""
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb
