"""Formula escaping in staff spreadsheets: nothing runs, and an import reads back what was
exported."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.core.formulas import FORMULA_START, escape_formula, unescape_formula

texts = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="'=+-@\t\rab٢", max_size=6),
)


@given(texts)
def test_an_escaped_text_never_starts_a_formula_and_reads_back_unchanged(text):
    escaped = escape_formula(text)
    assert escaped[:1] not in FORMULA_START
    assert unescape_formula(escaped) == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("@A1", "'@A1"),
        ("-2+3", "'-2+3"),
        ("'=SUM(A1)", "''=SUM(A1)"),
        ("'quoted'", "'quoted'"),
        ("اعتقال 214 خلية", "اعتقال 214 خلية"),
        ("", ""),
        (None, None),
        (-5, -5),
    ],
)
def test_what_is_written_for_each_kind_of_cell(value, written):
    assert escape_formula(value) == written
