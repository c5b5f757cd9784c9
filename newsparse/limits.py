"""Ranges of the numeric settings, shared by the command line and the config file.

``--max-record-size`` (``max-record-size`` in pyproject.toml) is a number of
characters handed to ``readline``, which takes at most a C ``ssize_t``; an
unchecked value such as ``99999999999999999999999G`` or ``2**63`` ended every
command in an OverflowError. The upper bound, 1 TiB (2**40 characters), is far
beyond any record that fits in memory, and far inside ``ssize_t``.
"""

from __future__ import annotations

MIN_RECORD_SIZE = 1024
MAX_RECORD_SIZE = 2**40
