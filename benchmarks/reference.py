"""The floor to measure newsparse against: read, split, ``json.dumps``. No normalization.

It does the least any dump-to-JSON tool must do: walk the folders in sorted order,
read each file as UTF-8 line by line (streaming), start a record at each header
line, split the record on blank lines into headline, lead, image and body, and
write one JSON object per record. It cleans nothing and checks nothing.

    python3 benchmarks/reference.py DIR_OR_FILE... > /dev/null
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from typing import TextIO


def files(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    yield os.path.join(folder, name)
        else:
            yield path


def _open(path: str) -> TextIO:
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def records(handle: TextIO) -> Iterator[list[str]]:
    """Blocks of lines between blank lines, grouped into records at header lines."""
    record: list[str] = []
    block: list[str] = []
    for line in handle:
        line = line.rstrip("\n")
        if not line.strip():
            if block:
                record.append(" ".join(block))
                block = []
            continue
        if not block and line.lstrip().startswith("date ") and record:
            yield record
            record = []
        block.append(line)
    if block:
        record.append(" ".join(block))
    if record:
        yield record


def to_dict(record: list[str]) -> dict[str, object]:
    _, date, url = [*record[0].split(), "", ""][:3]
    return {
        "url": url,
        "date": date,
        "headline": record[1] if len(record) > 1 else None,
        "lead": record[2] if len(record) > 2 else None,
        "image": record[3] if len(record) > 3 else None,
        "body": "\n\n".join(record[4:]),
    }


def main(paths: list[str]) -> int:
    out = sys.stdout
    for path in files(paths):
        with _open(path) as handle:
            for record in records(handle):
                out.write(json.dumps(to_dict(record), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
