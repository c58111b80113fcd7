"""Coding that travels: ELAN ``.eaf`` and CSV files, and automatic coders' output."""

from .autocoders import AutoCoding, Thresholds, compare_auto, read_autocoder
from .coding import ClipCoding, read_coding_csv, read_eaf, write_coding_csv, write_eaf
from .errors import InteropError

__all__ = [
    "AutoCoding",
    "ClipCoding",
    "InteropError",
    "Thresholds",
    "compare_auto",
    "read_autocoder",
    "read_coding_csv",
    "read_eaf",
    "write_coding_csv",
    "write_eaf",
]
