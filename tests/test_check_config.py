"""``[tool.newsparse.check]`` in pyproject.toml: found upward, validated, overridden by flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse.check import config as config_module
from newsparse.check.config import ConfigError, find_config, load_config
from newsparse.cli import cli

WARN = " date 1970-01-01 https://site.com/old.html\n\nOld Story\n\nBody.\n"
ERROR = " date 2026-02-30 https://site.com/bad.html\n\nBad Date\n\nBody two.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "dumps" / "old").mkdir(parents=True)
    (tmp_path / "dumps" / "old" / "a.txt").write_text(WARN, encoding="utf-8")
    (tmp_path / "dumps" / "b.txt").write_text(ERROR, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "dumps")
    return tmp_path


def write(project: Path, text: str) -> None:
    (project / "pyproject.toml").write_text(text, encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_config_found_upward_and_applied(project: Path) -> None:
    write(project, '[tool.newsparse.check]\nignore = ["NP105"]\nstrict = true\n')
    assert find_config(Path.cwd()) == project / "pyproject.toml"
    assert run(".") == (
        1,
        "old/a.txt:1: NP106 date 1970-01-01 is before 1990\nFound 1 warning in 1 file.\n",
        "",
    )


def test_check_config_command_line_wins(project: Path) -> None:
    write(
        project,
        '[tool.newsparse.check]\nignore = ["NP105"]\nstrict = true\noutput-format = "json"\n',
    )
    code, out, _ = run(".", "--no-strict", "--output-format", "text", "--select", "NP105")
    assert (code, out.splitlines()[-1]) == (1, "Found 1 error in 1 file.")


def test_check_config_skips_pyproject_without_table(project: Path) -> None:
    write(project, '[tool.newsparse.check]\nselect = ["NP2"]\n')
    (project / "dumps" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(Path.cwd()) == project / "pyproject.toml"
    assert run(".")[:2] == (0, "All checks passed.\n")
    assert run(".", "--isolated")[0] == 1


def test_check_config_per_file_ignores_relative_to_config(project: Path) -> None:
    write(
        project,
        '[tool.newsparse.check.per-file-ignores]\n"dumps/old/*" = ["NP106"]\n'
        '\n[tool.newsparse.check.severity]\nNP105 = "warning"\n',
    )
    assert run(".")[:2] == (
        0,
        "b.txt:1: NP105 date '2026-02-30' cannot exist: day is out "
        "of range for month\nFound 1 warning in 1 file.\n",
    )


def test_check_config_explicit_file(project: Path) -> None:
    (project / "other.toml").write_text(
        '[tool.newsparse.check]\nexclude = ["old"]\nexit-zero = true\n', encoding="utf-8"
    )
    code, out, _ = run(".", "--config", str(project / "other.toml"))
    assert (code, out.splitlines()[-1]) == (0, "Found 1 error in 1 file.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[tool.newsparse.check]\nselct = ["NP1"]\n',
            "[tool.newsparse.check]: unknown key 'selct' (did you mean 'select'?)",
        ),
        (
            '[tool.newsparse.check]\nselect = "NP9"\n',
            "[tool.newsparse.check]: unknown rule code or prefix 'NP9'",
        ),
        ("[tool.newsparse.check]\nstrict = 1\n", "strict must be true or false"),
        ("[tool.newsparse.check]\nignore = [1]\n", "ignore must be a list of strings"),
        ('[tool.newsparse.check]\noutput-format = "xml"\n', "output-format must be one of"),
        (
            '[tool.newsparse.check.severity]\nNP105 = "fatal"\n',
            'NP105 must be "error" or "warning", not \'fatal\'',
        ),
        ("[tool.newsparse.check]\nmax-record-size = 10\n", "max-record-size must be"),
        ("[tool.newsparse]\ncheck = 3\n", "[tool.newsparse.check] must be a table"),
        ("[tool.newsparse.check\nselect = 1\n", "invalid TOML: "),
    ],
)
def test_check_config_errors_exit_2(project: Path, text: str, message: str) -> None:
    write(project, text)
    code, out, err = run(".")
    assert (code, out) == (2, "")
    assert err.startswith(f"newsparse: error: {project / 'pyproject.toml'}: ")
    assert message in err


def test_check_config_missing_explicit_file_exits_2(project: Path) -> None:
    code, _, err = run(".", "--config", "nope.toml")
    assert code == 2 and "nope.toml: cannot read: No such file or directory" in err


def test_check_config_without_toml_library(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.10 without tomli: files without our table are skipped, ours is an error."""
    monkeypatch.setattr(config_module, "_toml_loads", lambda: None)
    write(project, '[project]\nname = "x"\n')
    assert load_config().path is None
    write(project, '[tool.newsparse.check]\nselect = ["NP1"]\n')
    with pytest.raises(ConfigError, match=r"needs Python 3\.11\+ or the tomli package"):
        load_config()


def test_check_config_baseline_path_relative_to_config(project: Path) -> None:
    write(project, '[tool.newsparse.check]\nbaseline = "ci/base.json"\n')
    config = load_config()
    assert config.baseline == str(project / "ci" / "base.json")
    code, _, err = run(".")
    assert code == 2 and f"baseline file not found: {project / 'ci' / 'base.json'}" in err
