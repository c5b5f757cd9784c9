"""Rule selection: prefixes, specificity, layers and per-file ignores."""

from __future__ import annotations

import pytest

from newsparse.check.select import (
    Layer,
    SelectionError,
    Selector,
    normalize_codes,
    parse_per_file_ignore,
)
from newsparse.codes import RULES


def enabled(*layers: Layer) -> set[str]:
    return set(Selector.resolve(layers).enabled)


def test_check_select_default_is_every_rule() -> None:
    assert enabled() == set(RULES)
    assert enabled(Layer()) == set(RULES)


def test_check_select_prefix_and_more_specific_ignore() -> None:
    assert enabled(Layer(select=("NP1",), ignore=("NP106",))) == {
        "NP101",
        "NP102",
        "NP103",
        "NP104",
        "NP105",
        "NP107",
        "NP108",
        "NP109",
        "NP110",
        "NP111",
        "NP112",
        "NP113",
        "NP119",
    }


def test_check_select_more_specific_select_beats_ignore() -> None:
    assert enabled(Layer(select=("NP106",), ignore=("NP1",))) == {"NP106"}
    assert enabled(Layer(select=("NP106",), ignore=("NP106",))) == set()


def test_check_select_later_layer_select_starts_again() -> None:
    config = Layer(ignore=("NP106",))
    assert "NP106" not in enabled(config, Layer())
    assert enabled(config, Layer(select=("NP106",))) == {"NP106"}
    assert enabled(config, Layer(extend_select=("NP106",))) == set(RULES)


def test_check_select_normalize_codes() -> None:
    assert normalize_codes(["np1, NP205", "ALL"]) == ("NP1", "NP205", "NP")
    with pytest.raises(SelectionError, match="unknown rule code or prefix 'XX1'"):
        normalize_codes(["XX1"])


def test_check_select_per_file_ignores_by_glob() -> None:
    selector = Selector.resolve(
        [Layer(per_file_ignores=(parse_per_file_ignore("archive/199*/*.txt:NP106,NP107"),))]
    )
    assert not selector.applies("NP106", ["archive/1995/a.txt"])
    assert not selector.applies("NP107", ["x/y.txt", "archive/1999/b.txt"])
    assert selector.applies("NP105", ["archive/1995/a.txt"])
    assert selector.applies("NP106", ["archive/2005/a.txt"])


def test_check_select_per_file_ignore_matches_file_name() -> None:
    selector = Selector.resolve([Layer(per_file_ignores=(("legacy-*.txt", ("NP4",)),))])
    assert not selector.applies("NP401", ["deep/folder/legacy-1.txt"])


def test_check_select_per_file_ignore_malformed() -> None:
    with pytest.raises(SelectionError, match="is not GLOB:CODE"):
        parse_per_file_ignore("*.txt")
