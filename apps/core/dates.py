"""Dates as the press gives them: to the day, the month, the year, or not at all.

A partial date is stored as two columns: the date (the first day of its
month or year when less precise) and its precision. The database refuses a
precision that contradicts the date, so nothing is ever more exact than its
source.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


def _precision_label(name) -> str:
    return gettext("%(name)s precision") % {"name": name}


# "Period start precision" in the language of whoever reads the form: formatting a
# lazy text at once would fix it in the language the code was loaded in.
precision_label = lazy(_precision_label, str)


def partial_date_fields(
    verbose_name: str, help_text: str = ""
) -> tuple[models.Field, models.Field]:
    """The (date, precision) pair of fields for one partial date."""
    date = models.DateField(
        verbose_name,
        null=True,
        blank=True,
        help_text=help_text
        or _("Leave empty when the source does not say. For a month or a year, use its first day."),
    )
    precision = models.CharField(
        precision_label(verbose_name),
        max_length=7,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    return date, precision


PARTIAL_DATE_RULES = ("known_iff_dated", "coarse_first_day", "year_first_month")


def partial_date_constraint_fields(prefix: str, *fields: str) -> dict[str, str]:
    """Constraint name → field, for reporting a broken rule next to its date."""
    return {f"{prefix}_{field}_{rule}": field for field in fields for rule in PARTIAL_DATE_RULES}


def partial_date_constraints(prefix: str, field: str) -> list[models.CheckConstraint]:
    """Database rules tying a partial date to its precision."""
    precision = f"{field}_precision"
    unknown = Q(**{precision: DatePrecision.UNKNOWN})
    coarse = Q(**{f"{precision}__in": [DatePrecision.MONTH, DatePrecision.YEAR]})
    return [
        models.CheckConstraint(
            condition=(unknown & Q(**{f"{field}__isnull": True}))
            | (~unknown & Q(**{f"{field}__isnull": False})),
            name=f"{prefix}_{field}_known_iff_dated",
            violation_error_message=_("A date needs a precision, and 'unknown' needs no date."),
        ),
        models.CheckConstraint(
            condition=~coarse | Q(**{f"{field}__day": 1}),
            name=f"{prefix}_{field}_coarse_first_day",
            violation_error_message=_("A month or year date is stored as its first day."),
        ),
        models.CheckConstraint(
            condition=~Q(**{precision: DatePrecision.YEAR}) | Q(**{f"{field}__month": 1}),
            name=f"{prefix}_{field}_year_first_month",
            violation_error_message=_("A year date is stored as 1 January."),
        ),
    ]


@dataclass(frozen=True)
class PartialDate:
    """A date with the precision its source gives it."""

    date: dt.date | None
    precision: str = DatePrecision.UNKNOWN

    @classmethod
    def of(cls, instance: models.Model, field: str) -> PartialDate:
        return cls(getattr(instance, field), getattr(instance, f"{field}_precision"))

    @property
    def known(self) -> bool:
        return self.date is not None and self.precision != DatePrecision.UNKNOWN

    def first_day(self) -> dt.date | None:
        return self.date if self.known else None

    def last_day(self) -> dt.date | None:
        """The last day the partial date could stand for."""
        if not self.known:
            return None
        if self.precision == DatePrecision.YEAR:
            return dt.date(self.date.year, 12, 31)
        if self.precision == DatePrecision.MONTH:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return dt.date(self.date.year, self.date.month, last)
        return self.date

    def __str__(self) -> str:
        if not self.known:
            return str(_("unknown"))
        if self.precision == DatePrecision.YEAR:
            return str(self.date.year)
        if self.precision == DatePrecision.MONTH:
            return date_format(self.date, "YEAR_MONTH_FORMAT")
        return date_format(self.date, "DATE_FORMAT")

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: 2003, 2003-05 or 2003-05-16."""
        if not self.known:
            return ""
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


def period_text(start: PartialDate, end: PartialDate) -> str:
    """A period as readers read it: "2003 – 2005", "2010" (not "2010 – 2010"), "since
    2002", "until 2005" or "not stated"."""
    if start.known and end.known:
        first, last = str(start), str(end)
        return first if first == last else f"{first} – {last}"
    if start.known:
        return gettext("since %(start)s") % {"start": start}
    if end.known:
        return gettext("until %(end)s") % {"end": end}
    return gettext("not stated")


# Every export and the API write a moment one way: UTC, ISO 8601, to the
# microsecond, with a Z (2026-11-24T09:00:00.123400Z). PostgreSQL writes it for
# CSV (straight from COPY), Python for JSON and the API; a test holds the two
# to the same text.
UTC_ISO_SQL = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'


def utc_iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"  # years below 1000 keep 4 digits


class UtcIso(models.Func):
    """A timestamp column as ``utc_iso`` writes it, computed by PostgreSQL."""

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql} AT TIME ZONE 'UTC', '{UTC_ISO_SQL}')", params
