"""Cells a spreadsheet would run as a formula, made plain text on the way out and
read back as they were on the way in.

A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written behind an apostrophe (``'=SUM(A1)``), as the public exports do; a text
that already starts with an apostrophe before one of those gets a second one.
Imports take exactly one apostrophe off again, so a staff export imports back
unchanged. django-import-export's own escaping removes the ``=`` instead
(losing it), leaves ``+``, ``-`` and ``@`` alone and writes empty cells as
"None": staff exports go through these formats instead.
"""

from __future__ import annotations

import tablib
from import_export.formats import base_formats

FORMULA_START = frozenset("=+-@\t\r")
APOSTROPHE = "'"


def escape_formula(value):
    """``value`` as a spreadsheet shows it without running it."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_START or (value[0] == APOSTROPHE and is_escaped(value)):
        return APOSTROPHE + value
    return value


def is_escaped(text: str) -> bool:
    return text[:1] == APOSTROPHE and (text[1:2] in FORMULA_START or text[1:2] == APOSTROPHE)


def unescape_formula(value):
    """The text ``escape_formula`` was given."""
    if isinstance(value, str) and is_escaped(value):
        return value[1:]
    return value


def mapped(dataset: tablib.Dataset, cell) -> tablib.Dataset:
    """A copy of ``dataset`` with ``cell`` applied to every value."""
    result = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        result.append([cell(value) for value in row])
    return result


def formulas_escaped(dataset: tablib.Dataset) -> tablib.Dataset:
    return mapped(dataset, escape_formula)


def formulas_unescaped(dataset: tablib.Dataset) -> tablib.Dataset:
    return mapped(dataset, unescape_formula)


class CSV(base_formats.CSV):
    """UTF-8 with a byte-order mark, so that Excel reads Arabic as Arabic."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(formulas_escaped(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(formulas_escaped(dataset), **kwargs)


EXPORT_FORMATS = [CSV, XLSX, base_formats.JSON]
