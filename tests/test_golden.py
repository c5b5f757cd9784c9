"""Golden tests: every file under samples/ parses to exactly its reviewed golden output.

Each golden file, tests/golden/<sample path>.json, holds the articles `newsparse
parse -f json` writes and the lines it reports on stderr. To regenerate after a
deliberate change, run `NEWSPARSE_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and
review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsparse.cli import cli
from newsparse.cli.parse import schema_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "samples").rglob("*")
    if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
)
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("NEWSPARSE_UPDATE_GOLDEN") == "1"
VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))


def _run(sample: str) -> tuple[int, list[dict[str, object]], list[str]]:
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(cli, ["parse", "-f", "json", sample])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr.splitlines()


def test_golden_samples_exist() -> None:
    assert len(SAMPLES) >= 11
    assert "samples/000_0833b96511dd5aaf.txt" in SAMPLES


@pytest.mark.parametrize("sample", SAMPLES)
def test_golden_sample_parses_to_its_golden_output(sample: str) -> None:
    code, articles, reported = _run(sample)
    golden_path = GOLDEN / (sample.removeprefix("samples/") + ".json")
    actual = {"exit_code": code, "articles": articles, "reported": reported}
    if UPDATE:
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        golden_path.write_text(
            json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    expected = json.loads(golden_path.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.mark.parametrize("sample", SAMPLES)
def test_golden_sample_output_follows_the_schema(sample: str) -> None:
    _, articles, _ = _run(sample)
    for article in articles:
        VALIDATOR.validate(article)


def test_golden_seed_fields_are_exactly_right() -> None:
    _, articles, reported = _run("samples/000_0833b96511dd5aaf.txt")
    assert reported == []
    (article,) = articles
    seed = (ROOT / "samples/000_0833b96511dd5aaf.txt").read_text(encoding="utf-8").split("\n")
    assert article["date"] == "2026-01-23"
    assert article["source"] == "sputnikglobe.com"
    assert article["headline"] == seed[2]
    assert article["lead"] == seed[4]
    assert article["image"] == seed[6]
    assert article["body"] == seed[8]
    assert article["body"].count(seed[4]) == 1


def _header_count(sample: str) -> int:
    from newsparse.errors import InputError
    from newsparse.reader import TextInput
    from newsparse.splitter import parse_header

    count = 0
    try:
        with TextInput(str(ROOT / sample)) as text:
            for line in text.lines():
                count += parse_header(line) is not None
    except InputError:
        pass
    return count


@pytest.mark.parametrize("sample", SAMPLES)
def test_golden_every_record_is_written_or_reported(sample: str) -> None:
    from newsparse.pipeline import parse_paths
    from newsparse.tally import Tally

    tally = Tally()
    for item in parse_paths([str(ROOT / sample)]):
        tally.add(item)
    assert tally.articles + tally.failed_records == _header_count(sample)
