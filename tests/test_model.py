"""Unit tests for newsparse.model."""

from __future__ import annotations

from newsparse.model import Finding, count_words


def test_count_words_counts_tokens_and_each_cjk_character() -> None:
    assert count_words("one two  three") == 3
    assert count_words("") == 0
    assert count_words("Zwei Wörter") == 2
    assert count_words("北海道で大雪") == 6
    assert count_words("서울 지하철 개통") == 3
    assert count_words("Tokyo 東京 news") == 4


def test_finding_str_and_dict_name_place_code_and_severity() -> None:
    finding = Finding("NP105", "date cannot exist", "a/b.txt", 12)
    assert str(finding) == "a/b.txt:12: NP105 date cannot exist"
    assert finding.to_dict() == {
        "path": "a/b.txt", "line": 12, "column": 1, "code": "NP105",
        "severity": "error", "message": "date cannot exist",
    }
    assert Finding("NP301", "m", "p", 1).severity == "warning"
