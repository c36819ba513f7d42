"""The columns of a figure row, declared once.

The site's CSV, Excel and JSON exports, the admin's download and the API's
figure rows all read ``COLUMNS`` (and ``STAFF_COLUMNS`` for staff): each
column's name, the SQL expression PostgreSQL computes it with, its type and
what it means. The subject columns come from the registry's ``SUBJECTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, CharField, F, Func, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from apps.registry.subjects import SUBJECTS
from apps.sources.models import Source

from .models import Disagreement, ReportedFigure, Unit

LANGUAGES = ("en", "ar", "fr")


class TrimScale(Func):
    """214.00 → 214, 12.50 → 12.5: numbers as the source printed them."""

    function = "trim_scale"


class ConcatWS(Func):
    """concat_ws: joins the non-null parts with a separator."""

    function = "concat_ws"
    output_field = TextField()


def partial_iso(field: str):
    """A partial date as ISO 8601 at its own precision: 2003, 2003-05 or 2003-05-16."""
    precision = f"{field}_precision"
    return Case(
        When(**{precision: "year"}, then=Func(F(field), Value("YYYY"), function="to_char")),
        When(**{precision: "month"}, then=Func(F(field), Value("YYYY-MM"), function="to_char")),
        When(**{precision: "day"}, then=Func(F(field), Value("YYYY-MM-DD"), function="to_char")),
        default=Value(""),
        output_field=CharField(),
    )


def entity_name(prefix: str):
    """The English name, else the Arabic, else the French."""
    return Coalesce(
        NullIf(F(f"{prefix}__name_en"), Value("")),
        NullIf(F(f"{prefix}__name_ar"), Value("")),
        NullIf(F(f"{prefix}__name_fr"), Value("")),
        output_field=TextField(),
    )


@dataclass(frozen=True)
class Column:
    """One column of a figure row.

    ``kind`` is one of integer, number, text, partial_date, choice, datetime,
    boolean. Text that people typed can start with what a spreadsheet runs as
    a formula: exports escape the ``text`` columns, and only them.
    """

    name: str
    expression: Callable[[], object]
    kind: str = "text"
    nullable: bool = False
    help_text: str = ""
    choices: type | None = None

    @property
    def escaped(self) -> bool:
        return self.kind == "text"


def names(column: str, prefix: str, *, nullable: bool = False) -> list[Column]:
    """One column per language: metric_name_en, metric_name_ar, metric_name_fr."""
    return [
        Column(f"{column}_{lang}", lambda lang=lang: F(f"{prefix}__name_{lang}"), nullable=nullable)
        for lang in LANGUAGES
    ]


def subject_columns(kind) -> list[Column]:
    """The key of the record a figure is about, and its names."""
    if kind.key is None:  # a cohort: programme#number
        key = Column(
            kind.name,
            lambda: ConcatWS(
                Value("#"), F("cohort__programme__slug"), Cast(F("cohort__number"), TextField())
            ),
            help_text=_(
                "The programme's slug and the cohort's number, e.g. `moussalaha#13`; "
                "empty when none."
            ),
        )
    else:
        key = Column(
            kind.name,
            lambda: F(f"{kind.name}__{kind.key}"),
            nullable=True,
            help_text=_("The law's number.") if kind.key == "number" else "",
        )
    return [key, *(names(f"{kind.name}_name", kind.name, nullable=True) if kind.named else [])]


def attributed_to():
    return ConcatWS(
        Value("; "),
        NullIf(
            Coalesce(
                NullIf(F("attributed_to_institution__acronym"), Value("")),
                entity_name("attributed_to_institution"),
            ),
            Value(""),
        ),
        NullIf(F("attributed_to_speaker"), Value("")),
    )


COLUMNS: list[Column] = [
    Column("id", lambda: F("id"), "integer"),
    Column("metric", lambda: F("metric__slug")),
    *names("metric_name", "metric"),
    Column("value", lambda: TrimScale(F("value")), "number"),
    Column("value_max", lambda: TrimScale(F("value_max")), "number", nullable=True),
    Column("qualifier", lambda: F("qualifier"), "choice", choices=ReportedFigure.Qualifier),
    Column("unit", lambda: F("unit"), "choice", choices=Unit),
    Column("period_start", lambda: partial_iso("period_start"), "partial_date"),
    Column("period_end", lambda: partial_iso("period_end"), "partial_date"),
    Column("as_of", lambda: partial_iso("as_of"), "partial_date"),
    Column("quote", lambda: F("quote__text"), help_text=_("The source's exact words.")),
    Column(
        "quote_start",
        lambda: F("quote__start"),
        "integer",
        help_text=_("Offset of the quote in the source's text."),
    ),
    Column("quote_end", lambda: F("quote__end"), "integer"),
    Column("source_id", lambda: F("quote__source_id"), "integer"),
    Column("source_title", lambda: F("quote__source__title")),
    Column("source_publisher", lambda: F("quote__source__publisher")),
    Column("source_url", lambda: F("quote__source__url")),
    Column(
        "source_published_on", lambda: partial_iso("quote__source__published_on"), "partial_date"
    ),
    Column(
        "source_language", lambda: F("quote__source__language"), "choice", choices=Source.Language
    ),
    Column(
        "attributed_to",
        attributed_to,
        help_text=_("The body and speaker the source attributes it to."),
    ),
    *(column for kind in SUBJECTS for column in subject_columns(kind)),
    Column(
        "area",
        lambda: F("area_id"),
        help_text=_("Where the count is about: a country's ISO 3166 code, a region, or world."),
    ),
    # Readers see the groups that published figures form among themselves.
    Column("disagreement_id", lambda: F("public_disagreement_id"), "integer", nullable=True),
    Column(
        "disagreement_kind",
        lambda: F("public_disagreement__kind"),
        "choice",
        nullable=True,
        choices=Disagreement.Kind,
    ),
    Column(
        "disagreement_reason",
        lambda: F("public_disagreement__reason_en"),
        nullable=True,
        help_text=_("Why the values of its disagreement cannot all be right (in English)."),
    ),
    Column("assessment", lambda: F("assessment"), "choice", choices=ReportedFigure.Assessment),
    Column("assessment_reason", lambda: F("assessment_reason")),
    Column("updated_at", lambda: F("updated_at"), "datetime"),
]

# The public columns plus the review state, for exports from the admin, and the
# columns an import reads (the source by its key, whom the figure is attributed
# to, the notes): a download imports back with no change.
STAFF_COLUMNS: list[Column] = [
    *(column for column in COLUMNS if not column.name.startswith("disagreement_")),
    Column(
        "source",
        lambda: Coalesce(
            NullIf(F("quote__source__url"), Value("")),
            NullIf(F("quote__source__seed_file"), Value("")),
            F("quote__source__title"),
            output_field=TextField(),
        ),
    ),
    Column(
        "attributed_to_institution",
        lambda: F("attributed_to_institution__slug"),
        nullable=True,
    ),
    Column("attributed_to_speaker", lambda: F("attributed_to_speaker")),
    Column("notes", lambda: F("notes")),
    Column("disagreement_id", lambda: F("disagreement_id"), "integer", nullable=True),
    Column(
        "disagreement_kind",
        lambda: F("disagreement__kind"),
        "choice",
        nullable=True,
        choices=Disagreement.Kind,
    ),
    Column("disagreement_reason", lambda: F("disagreement__reason_en"), nullable=True),
    Column("status", lambda: F("status"), "choice", choices=ReportedFigure.Status),
    Column("origin", lambda: F("origin"), "choice", choices=ReportedFigure.Origin),
    Column("value_in_quote", lambda: F("value_in_quote"), "boolean"),
    Column("created_by", lambda: F("created_by__username")),
    Column("last_modified_by", lambda: F("last_modified_by__username"), nullable=True),
    Column("reviewed_by", lambda: F("reviewed_by__username"), nullable=True),
    Column("reviewed_at", lambda: F("reviewed_at"), "datetime", nullable=True),
]

COLUMN_NAMES = [column.name for column in COLUMNS]
STAFF_COLUMN_NAMES = [column.name for column in STAFF_COLUMNS]
