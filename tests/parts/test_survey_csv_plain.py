"""The plain-CSV reader (str.split for quote-free rectangular files) gives exactly what the pandas
path gives, or steps aside."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

CELL = st.one_of(
    st.sampled_from(
        [
            "010100000001",
            "116.40",
            "39.9",
            "",
            " 完好 ",
            "\u3000井盖",
            "a\tb",
            "x ",
            "\xa0",
            "\u2003lamp",
            "lamp\u2003",
            "０１",
            "=A1",
            "x" * 40000,
        ]
    ),
    # (no NUL: read_csv removes NUL characters before either reader sees the text)
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n,;\x00'), max_size=8),
)


def tables(text, monkeypatch):
    from gridmanager.grid_manager.formats import survey_io

    plain = survey_io._read_csv_plain(text, ",", "s.csv")
    with monkeypatch.context() as m:
        m.setattr(survey_io, "_read_csv_plain", lambda *args: None)
        other = survey_io._read_csv_fast(text, ",", "s.csv")
    return plain, other


def same(a, b):
    assert a.columns == b.columns and a.n == b.n
    assert a.empty.tolist() == b.empty.tolist()
    for name in a.columns:
        assert a.data[name].dtype == b.data[name].dtype == object
        assert a.data[name].tolist() == b.data[name].tolist(), name


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=12),
    trailing=st.sampled_from(["", "\n", "\n\n", "\n,,\n", "\r\n"]),
    crlf=st.booleans(),
)
def test_plain_reader_equals_pandas(rows, trailing, crlf, monkeypatch_session):
    lines = ["编码,经度,名称"] + [",".join(r) for r in rows]
    newline = "\r\n" if crlf else "\n"
    text = newline.join(lines) + trailing
    plain, other = tables(text, monkeypatch_session)
    if plain is None:
        return
    assert other is not None
    same(plain, other)


@pytest.fixture(scope="module")
def monkeypatch_session():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.mark.parametrize(
    "text, used",
    [
        ("a,b\n1,2\n3,4\n", True),
        ("a,b\r\n1,2\r\n,\r\n", True),  # trailing row of separators only: dropped
        ("a,b\n1,2\n,\n3,4\n", True),  # empty row in the middle: kept
        ("a,b\n 1 ,2\n3,\u30004\n", True),  # stripped
        ('a,b\n"1,5",2\n', False),  # quotes: pandas
        ("a,b\n1,2,3\n", False),  # ragged: pandas / csv module
        ("a,b\n1,2\n\n3,4\n", False),  # blank line in the middle
        ("a,b\r1,2\r", False),  # old Mac line ends
        ("a,b\n" + "x" * 40000 + ",1\n", False),  # a cell above MAX_FIELD
    ],
)
def test_plain_reader_takes_only_plain_files(text, used, monkeypatch):
    plain, other = tables(text, monkeypatch)
    assert (plain is not None) == used
    if used:
        same(plain, other)


def test_survey_read_through_plain_path(tmp_path):
    from gridmanager.grid_manager.formats.survey_io import read_survey

    path = tmp_path / "s.csv"
    path.write_bytes(
        "部件编码,经度,纬度\r\n010100000001,116.4,39.9\r\n010100000002, 116.5 ,39.8\r\n,,\r\n".encode("gbk")
    )
    table = read_survey(str(path))
    assert table.encoding == "GBK/GB18030" and table.n == 2
    assert table.data["经度"].tolist() == ["116.4", "116.5"]
    assert np.array_equal(table.empty, [False, False])
