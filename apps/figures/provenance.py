"""The value check, and how a figure's value and period are said.

- value in quote: the figure's value is written in its quote, in Western or
  Arabic-Indic digits, or in Arabic, French or English number words (every
  language is read, so a quote that mixes them is read too);
- disagreements have their own home (``disagreements``); the quote-in-source
  check lives with the Quote model.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.dates import PartialDate, period_text
from apps.core.numbers import value_in_text
from apps.registry.subjects import SUBJECT_COLUMNS

if TYPE_CHECKING:
    from .models import ReportedFigure


def values_found_in(figure: ReportedFigure) -> bool:
    """The value (and a range's upper value) are written in the figure's quote."""
    if figure.quote_id is None:
        return False
    text = figure.quote.text
    values = [figure.value] if figure.value_max is None else [figure.value, figure.value_max]
    return all(value is not None and value_in_text(value, text) is not None for value in values)


def check_value(figure: ReportedFigure) -> None:
    """Record on the figure whether its value is written in its quote (not saved)."""
    figure.value_in_quote = values_found_in(figure)


def _plain(value: Decimal) -> str:
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, force_grouping=True)


def describe_value(figure: ReportedFigure) -> str:
    """The value as a reader says it: 'more than 200', 'about 45', '1,500–1,600', '88%'."""
    Qualifier = type(figure).Qualifier
    value = _plain(figure.value)
    if figure.qualifier == Qualifier.RANGE and figure.value_max is not None:
        value = f"{value}–{_plain(figure.value_max)}"
    if figure.unit == "percent":
        value = f"{value}%"
    templates = {
        Qualifier.APPROXIMATELY: _("about %(value)s"),
        Qualifier.MORE_THAN: _("more than %(value)s"),
        Qualifier.AT_LEAST: _("at least %(value)s"),
        Qualifier.FEWER_THAN: _("fewer than %(value)s"),
        Qualifier.AT_MOST: _("at most %(value)s"),
    }
    template = templates.get(figure.qualifier)
    return template % {"value": value} if template else value


def describe_period(figure: ReportedFigure) -> str:
    """The period or date a figure counts as a reader says it: '2002 – 2021', '2019',
    'since 2002', 'until 2010', 'as of May 2019', 'no date given'."""
    start = PartialDate.of(figure, "period_start")
    end = PartialDate.of(figure, "period_end")
    as_of = PartialDate.of(figure, "as_of")
    if start.known or end.known:
        return period_text(start, end)
    if as_of.known:
        return _("as of %(date)s") % {"date": as_of}
    return _("no date given")


SUBJECT_FIELDS = SUBJECT_COLUMNS
