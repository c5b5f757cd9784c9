"""Bad configuration, baselines and option values give one ``newsparse: error:`` line and
exit 2, in bounded time and memory; a config file never chooses a path outside its
own folder tree."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsparse.check.config import ConfigError, load_config
from newsparse.limits import MAX_RECORD_SIZE

from .support import Run, invoke, record, run_capped

PRECIOUS = "precious, not a report\n"


def assert_one_line_error(run: Run, *parts: str) -> None:
    assert run.code == 2, run.stderr
    assert run.stdout == ""
    assert run.stderr.startswith("newsparse: error: "), run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    for part in parts:
        assert part in run.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/repo (checked, with a.txt, sub/ and links out) beside tmp/outside/victim.txt."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text(PRECIOUS, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "a.txt").write_text(record(date="2026-02-30"), encoding="utf-8")
    (repo / "link").symlink_to(outside, target_is_directory=True)
    (repo / "victim-link.txt").symlink_to(outside / "victim.txt")
    monkeypatch.chdir(repo)
    return repo


def _config(repo: Path, key: str, value: str) -> None:
    (repo / "pyproject.toml").write_text(
        f"[tool.newsparse.check]\n{key} = {json.dumps(value)}\n", encoding="utf-8"
    )


OUTSIDE = [
    "../victim.txt",
    "sub/../../outside/victim.txt",
    "link/victim.txt",
    "victim-link.txt",
    "link/new.txt",
    "ABSOLUTE",
]


@pytest.mark.parametrize("key", ["output-file", "baseline"])
@pytest.mark.parametrize("value", OUTSIDE)
def test_config_path_outside_its_folder_is_a_config_error(repo: Path, key: str, value: str) -> None:
    victim = repo.parent / "outside" / "victim.txt"
    value = str(victim) if value == "ABSOLUTE" else value
    _config(repo, key, value)
    run = invoke(["check", "a.txt"])
    assert_one_line_error(run, "pyproject.toml", key, "must stay inside its folder")
    assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert sorted(os.listdir(repo.parent / "outside")) == ["victim.txt"]


@pytest.mark.parametrize(
    "value", ["report.txt", "sub/report.txt", "sub/../report.txt", "./sub/./report.txt"]
)
def test_config_output_file_inside_is_written(repo: Path, value: str) -> None:
    _config(repo, "output-file", value)
    run = invoke(["check", "a.txt"])
    assert (run.code, run.stdout, run.stderr) == (1, "", "")
    assert (repo / value).read_text(encoding="utf-8").startswith("a.txt:1: NP105 ")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(["..", ".", "sub", "link", "out.txt", "victim-link.txt"]),
        min_size=1,
        max_size=5,
    )
)
def test_config_output_file_never_resolves_outside(repo: Path, parts: list[str]) -> None:
    value = "/".join(parts)
    _config(repo, "output-file", value)
    try:
        chosen = load_config(repo / "pyproject.toml").output_file
    except ConfigError as exc:
        assert "must stay inside its folder" in str(exc)
        return
    assert chosen is not None
    real, root = os.path.realpath(chosen), os.path.realpath(repo)
    assert real == root or real.startswith(root + os.sep), (value, real)


def test_config_command_line_output_file_may_go_anywhere(repo: Path) -> None:
    # The rule binds the repository's config file, not the person typing the command.
    report = repo.parent / "outside" / "report.txt"
    run = invoke(["check", "a.txt", "-o", str(report)])
    assert run.code == 1
    assert report.read_text(encoding="utf-8").startswith("a.txt:1: NP105 ")


# --- deep nesting, numbers out of range, unbounded reads ---------------------------

DEPTH = 100_000


@pytest.mark.parametrize("kind", ["array", "inline-table"])
def test_config_nested_toml_is_a_config_error(repo: Path, kind: str) -> None:
    value = "[" * DEPTH + "]" * DEPTH if kind == "array" else "{a = " * DEPTH + "1" + "}" * DEPTH
    (repo / "pyproject.toml").write_text(
        f"[tool.newsparse.check]\nselect = {value}\n", encoding="utf-8"
    )
    assert_one_line_error(invoke(["check", "a.txt"]), "pyproject.toml", "nested too deeply")
    assert_one_line_error(invoke(["check", "--config", "pyproject.toml", "a.txt"]))


def test_baseline_nested_json_is_a_baseline_error(repo: Path) -> None:
    (repo / "base.json").write_text("[" * DEPTH + "]" * DEPTH, encoding="utf-8")
    assert_one_line_error(
        invoke(["check", "--baseline", "base.json", "a.txt"]), "base.json", "nested too deeply"
    )


@pytest.mark.parametrize(
    "count",
    [
        "Infinity",
        "-Infinity",
        "NaN",
        "1e400",
        "-1e400",
        "0",
        "-3",
        "1.5",
        "true",
        '"3"',
        "null",
        "[]",
    ],
)
def test_baseline_count_that_is_no_count_is_a_baseline_error(repo: Path, count: str) -> None:
    entry = f'{{"path": "a.txt", "code": "NP105", "fingerprint": "f", "count": {count}}}'
    (repo / "base.json").write_text(
        f'{{"newsparse-baseline": 1, "findings": [{entry}]}}', encoding="utf-8"
    )
    assert_one_line_error(invoke(["check", "--baseline", "base.json", "a.txt"]), "base.json")


@pytest.mark.parametrize("option", ["--baseline", "--config"])
def test_config_and_baseline_from_dev_zero_stop_early(repo: Path, option: str) -> None:
    # Under a 768 MiB address-space cap: reading /dev/zero whole would end in MemoryError.
    code, out, err = run_capped(["check", option, "/dev/zero", "a.txt"], timeout=30)
    assert (code, out) == (2, "")
    assert err.startswith("newsparse: error: ") and err.count("\n") == 1, err
    # A device is refused before a byte is read; the message names it.
    assert err in (
        "newsparse: error: /dev/zero: not a regular file\n",
        "newsparse: error: baseline /dev/zero is not a regular file\n",
    )
    assert ("baseline" in err) == (option == "--baseline")


def test_config_file_over_the_cap_is_a_config_error(repo: Path) -> None:
    with open(repo / "pyproject.toml", "w", encoding="utf-8") as out:
        out.write("[tool.newsparse.check]\n")
        for _ in range(5 * 1024):
            out.write("#" * 1023 + "\n")
    assert_one_line_error(invoke(["check", "a.txt"]), "pyproject.toml", "larger than 4 MiB")


# --- --max-record-size and max-record-size: a validated range ----------------------

BAD_SIZES = [
    "99999999999999999999999G",
    "1e400",
    "inf",
    "-inf",
    "nan",
    "1025G",
    "-1",
    "1023",
    "1e400k",
]


@pytest.mark.parametrize("value", BAD_SIZES)
@pytest.mark.parametrize("command", ["parse", "check", "fmt", "convert"])
def test_options_max_record_size_out_of_range_is_one_line(
    tmp_path: Path, value: str, command: str
) -> None:
    extra = ["-o", str(tmp_path / "out")] if command == "convert" else []
    run = invoke([command, "--max-record-size", value, *extra, str(tmp_path)])
    assert_one_line_error(run, "--max-record-size", repr(value))


def test_options_max_record_size_bounds_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(record(), encoding="utf-8")
    for value in ("1k", "1024", "1024G", str(MAX_RECORD_SIZE)):
        run = invoke(["parse", "--max-record-size", value, str(path)])
        assert (run.code, len(run.articles())) == (0, 1), (value, run.stderr)


@pytest.mark.parametrize(
    "value",
    [
        "9223372036854775808",
        str(MAX_RECORD_SIZE + 1),
        "1023",
        "-1",
        "true",
        "1.5",
        "inf",
        "nan",
        '"8M"',
    ],
)
def test_config_max_record_size_out_of_range_is_one_line(repo: Path, value: str) -> None:
    (repo / "pyproject.toml").write_text(
        f"[tool.newsparse.check]\nmax-record-size = {value}\n", encoding="utf-8"
    )
    assert_one_line_error(invoke(["check", "a.txt"]), "max-record-size", "1024")


def test_config_max_record_size_upper_bound_is_accepted(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        f"[tool.newsparse.check]\nmax-record-size = {MAX_RECORD_SIZE}\n", encoding="utf-8"
    )
    run = invoke(["check", "a.txt"])
    assert (run.code, run.stdout.splitlines()[-1]) == (1, "Found 1 error in 1 file.")


@pytest.mark.parametrize("item", ["{}", "[]", "0"])
def test_baseline_of_countless_tiny_values_stops_before_parsing(repo: Path, item: str) -> None:
    # 3 MB of "{}," would be a million dicts; 64 MiB of it took 1.7 GB before the count.
    count = 3_000_001 if item == "0" else 1_000_001
    (repo / "base.json").write_text(
        '{"newsparse-baseline": 1, "findings": [' + ",".join([item] * count) + "]}",
        encoding="utf-8",
    )
    assert_one_line_error(
        invoke(["check", "--baseline", "base.json", "a.txt"]), "base.json", "holds more than"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--config", "newsparse: error: settings: not a regular file\n"),
        ("--baseline", "newsparse: error: baseline settings is not a regular file\n"),
    ],
)
def test_config_and_baseline_fifo_refused_without_waiting_for_a_writer(
    repo: Path, option: str, message: str
) -> None:
    os.mkfifo(repo / "settings")
    code, stdout, stderr = run_capped(["check", option, "settings", "a.txt"])
    assert (code, stdout, stderr) == (2, "", message)


def test_config_setting_above_its_table_is_an_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.newsparse]\nselect = ["NP1"]\n', encoding="utf-8")
    run = invoke(["check", "a.txt"])
    assert_one_line_error(run)
    assert run.stderr == (
        f"newsparse: error: {repo / 'pyproject.toml'}: [tool.newsparse]: unknown key "
        "'select' (settings go in [tool.newsparse.check])\n"
    )
