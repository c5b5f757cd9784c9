"""The ``newsparse`` command and ``python -m newsparse``: one command, then the process ends.

The cyclic garbage collector is kept out of start-up. Importing click and the CLI makes
tens of thousands of objects that live until the process exits, and the collector
would walk them again and again while they are made, and once more at exit. So it is
off while they are imported, and they are then frozen (``gc.freeze``: moved where no
collection looks). On ``newsparse parse`` of one file this took 21 million of the 229
million instructions a run executes (9%, counted by callgrind), and more of its CPU
time, as the collector's walks miss the caches: the median of 60 runs fell from 65.5
to 56.6 ms on a 2-vCPU VM (benchmarks/README.md). No collection in a forked ``-j``
worker walks the frozen objects either (reference counts still copy some of their
pages; ``-j`` measured no faster for it). Everything made after start-up is
collected as usual.

Library callers and tests that call :func:`newsparse.cli.main` in their own process
keep the collector as they set it.
"""

from __future__ import annotations

import gc
import sys


def main() -> int:
    """Run the command line and return its exit status (the console script's entry)."""
    was_enabled = gc.isenabled()  # a caller that turned it off keeps it off
    gc.disable()
    try:
        from newsparse.cli import main as run
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return run()


if __name__ == "__main__":
    sys.exit(main())
