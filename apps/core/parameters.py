"""Query parameters read one way by the public site and the API.

Both parse a request's parameters with these form fields, so an input one of
them refuses with a 400 is never a server error in the other. Python is more
lenient than it looks: ``"²".isdigit()`` is true but ``int("²")`` fails,
``int("1_00")`` is 100, and an instant at the edge of the calendar may have no
UTC form at all.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

MAX_DIGITS = 30


def whole_number(text: str) -> int | None:
    """The number written in decimal digits of any one script (25, ٢٥, ۲۵), else None.

    Superscripts, circled digits, signs, underscores and spaces inside are not
    digits here, whatever ``str.isdigit`` says.
    """
    text = text.strip()
    if not text or len(text) > MAX_DIGITS or not text.isdecimal():
        return None
    return int(text)


class WholeNumberField(forms.IntegerField):
    """A count or a size: digits only, of any script."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class PageSizeField(WholeNumberField):
    """``per_page``: one of the sizes offered, or any size within bounds when none are."""

    def __init__(self, *args, sizes: tuple[int, ...] = (), **kwargs):
        self.sizes = sizes
        if sizes:
            kwargs.setdefault("min_value", min(sizes))
            kwargs.setdefault("max_value", max(sizes))
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and self.sizes and value not in self.sizes:
            sizes = ", ".join(str(size) for size in self.sizes)
            raise ValidationError(
                _("Choose a page size among %(sizes)s."), "size", {"sizes": sizes}
            )


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, read as the same instant in UTC.

    PostgreSQL refuses offsets beyond ±15:59 that Python accepts (+17:02), and
    a moment at the edge of the calendar may have no UTC form at all
    (0001-01-01T00:00+01:00): both are a malformed parameter, not a server error.
    """

    default_error_messages = {"out_of_range": _("Enter a date and time within the calendar.")}

    def to_python(self, value):
        try:
            moment = super().to_python(value)
            return None if moment is None else moment.astimezone(dt.UTC)
        except OverflowError as error:
            raise ValidationError(self.error_messages["out_of_range"], "out_of_range") from error


@dataclass(frozen=True)
class DateSpan:
    """The days a year, a month or a day covers."""

    first: dt.date
    last: dt.date


def date_span(text: str) -> DateSpan | None:
    """``2003``, ``2003-05`` or ``2003-05-16`` (digits of any one script) as the days it
    covers; None when it is none of them or not in the calendar."""
    parts = text.strip().split("-")
    lengths = [len(part) for part in parts]
    if not 1 <= len(parts) <= 3 or lengths[0] != 4 or any(n not in (1, 2) for n in lengths[1:]):
        return None
    numbers = [whole_number(part) for part in parts]
    if None in numbers:
        return None
    year, month, day = [*numbers, None, None][:3]
    try:
        if month is None:
            return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if day is None:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return DateSpan(dt.date(year, month, 1), dt.date(year, month, last))
        return DateSpan(dt.date(year, month, day), dt.date(year, month, day))
    except ValueError:
        return None


class DateSpanField(forms.Field):
    """A period bound as the press gives it: a year, a month or a day."""

    default_error_messages = {
        "invalid": _("Enter a year, a month or a day: 2003, 2003-05 or 2003-05-16."),
    }

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        span = date_span(str(value))
        if span is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return span
