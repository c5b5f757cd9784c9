"""Unit tests for newsparse.model."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse.codes import RULES
from newsparse.model import Finding, count_words


def test_count_words_counts_tokens_and_each_cjk_character() -> None:
    assert count_words("one two  three") == 3
    assert count_words("") == 0
    assert count_words("Zwei Wörter") == 2
    assert count_words("北海道で大雪") == 6
    assert count_words("서울 지하철 개통") == 3
    assert count_words("Tokyo 東京 news") == 4
    assert count_words("東京Tower、大阪") == 5  # "Tower、" is one token


_CJK = "\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\U00020000\U0002fa1f"


def _words_one_character_at_a_time(text: str) -> int:
    """count_words, spelled out: a CJK character is a word, and so is every other
    run of non-space characters."""
    count, in_word = 0, False
    for char in text:
        cjk = any(low <= char <= high for low, high in zip(_CJK[::2], _CJK[1::2], strict=True))
        if cjk or char.isspace():
            count += cjk
            in_word = False
        elif not in_word:
            count += 1
            in_word = True
    return count


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet="ab \t\n\u00a0\u3000\u3040\u30a2\u4e00\u6771\u9fff\uac00\u0416,\U00020000"
        "\U0002fa1f\U0002fa20\u2e80",
        max_size=30,
    )
    | st.text(max_size=30)
)
def test_count_words_equals_the_definition(text: str) -> None:
    assert count_words(text) == _words_one_character_at_a_time(text)


def test_finding_str_and_dict_name_place_code_and_severity() -> None:
    finding = Finding(RULES["NP105"], "date cannot exist", "a/b.txt", 12)
    assert str(finding) == "a/b.txt:12: NP105 date cannot exist"
    assert finding.to_dict() == {
        "path": "a/b.txt",
        "line": 12,
        "column": 1,
        "code": "NP105",
        "severity": "error",
        "message": "date cannot exist",
    }
    assert Finding(RULES["NP301"], "m", "p", 1).severity == "warning"


def test_model_objects_pickle_whole() -> None:
    import pickle

    from newsparse.model import Article, Failure, Finding, Origin

    finding = Finding(RULES["NP201"], "message", "a.txt", 3, 7)
    failure = Failure(finding, "record")
    article = Article(
        "https://a.com/1",
        "https://a.com/1?utm_source=x",
        "2026-01-23",
        "Head",
        "Lead.",
        ("https://a.com/i.jpg",),
        "Lead. Body.",
        Origin("a.txt", 1),
        (finding,),
    )
    for obj in (finding, failure, article.origin):
        assert pickle.loads(pickle.dumps(obj)) == obj
    copy = pickle.loads(pickle.dumps(article))
    assert (copy, copy.findings) == (article, (finding,))  # findings do not take part in ==


def test_model_plain_classes_compare_hash_print_and_pickle_by_value() -> None:
    """The classes that replaced frozen dataclasses (start-up cost) behave as those did."""
    import pickle

    from newsparse.model import Article, Origin, RawRecord
    from newsparse.pipeline import Options
    from newsparse.splitter import Fragment, Header

    finding = Finding(RULES["NP201"], "message", "a.txt", 3)
    fields = ("https://a.com/1", "https://a.com/1", "2026-01-23", "H", None, (), "B.")
    article = Article(*fields, Origin("a.txt", 1), (finding,), 1)
    same = Article(*fields, Origin("a.txt", 1))  # no findings, words not counted
    other = Article(*fields, Origin("a.txt", 2))
    assert (article == same, article == other, hash(article) == hash(same)) == (True, False, True)
    assert repr(article) == (
        "Article(url='https://a.com/1', original_url='https://a.com/1', date='2026-01-23', "
        "headline='H', lead=None, images=(), body='B.', origin=Origin(path='a.txt', line=1))"
    )
    copy = pickle.loads(pickle.dumps(article))
    assert (copy, copy.findings, copy.counted_words) == (article, (finding,), 1)

    record = RawRecord("a.txt", 1, " date 2026-01-23 https://a.com/1", ("", "H"), cut_off=True)
    assert pickle.loads(pickle.dumps(record)) == record
    assert record != RawRecord("a.txt", 1, " date 2026-01-23 https://a.com/1", ("", "H"))
    assert record.text == " date 2026-01-23 https://a.com/1\n\nH"
    assert repr(record) == (
        "RawRecord(path='a.txt', line=1, header=' date 2026-01-23 https://a.com/1', "
        "lines=('', 'H'), too_large=False, cut_off=True)"
    )

    assert Header("2026-01-23", None) == Header("2026-01-23", None, "")
    assert Header("2026-01-23", None) != Header("2026-01-23", None, "\ufeff")
    assert repr(Header(None, "u")) == "Header(date=None, url='u', prefix='')"
    fragment = Fragment("a.txt", 1, ("text",), whole_file=True)
    assert (fragment == Fragment("a.txt", 1, ("text",), True, True), len({fragment})) == (True, 1)
    assert fragment.failure().scope == "file"

    options = Options(strict=True, max_record=10)
    assert (options == Options(True, 10), options == Options(True, 11)) == (True, False)
    assert pickle.loads(pickle.dumps(options)) == options
    assert repr(options) == "Options(strict=True, max_record=10, today=None)"
