"""Grading as nbgrader sees it: answer keys, grading, feedback text, cohort reports."""
