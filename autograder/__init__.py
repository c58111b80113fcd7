"""Grading as nbgrader sees it: answer keys, grading, feedback text, building the release."""

from .grading import grade, grade_timing, summary

__all__ = ["grade", "grade_timing", "summary"]
