"""The FACS course library that the notebooks import."""
