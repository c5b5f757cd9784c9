"""The startup floor for a click CLI: parse arguments, read one file, write it out.

``benchmarks/run.py`` times ``newsparse parse FILE`` against ``python
minimal_click_app.py FILE``: the difference is what newsparse itself costs to
start (its imports and its work on one small file), not Python's or click's.
"""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
def main(path: str) -> None:
    """Print PATH to stdout, as UTF-8."""
    with click.open_file(path, encoding="utf-8") as handle:
        sys.stdout.write(handle.read())


if __name__ == "__main__":
    main()
