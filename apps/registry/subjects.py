"""The kinds of record a figure can be about, declared once.

Every list of them — the figure's subject columns, the listing's filters and
counts, the export columns, the API's fields, the names the suggestions look
for, what a disagreement compares — is read from ``SUBJECTS``. A new kind is
one more entry here (and its foreign key on the figure).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SubjectKind:
    """One kind of record a figure is about.

    ``name`` is the figure's field, the listing's filter and the export's
    column; ``key`` the field a person types to name a record (``None``: the
    kind has its own key, as cohorts do: ``programme#number``); ``also``
    further fields its names are searched and found in.
    """

    name: str
    model_name: str
    label: str
    key: str | None = "slug"
    named: bool = True  # has names in three languages
    also: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model("registry", self.model_name)

    @property
    def column(self) -> str:
        """The figure's column holding it."""
        return f"{self.name}_id"

    @property
    def name_fields(self) -> tuple[str, ...]:
        return ("name_ar", "name_en", "name_fr", *self.also) if self.named else ()


SUBJECTS: tuple[SubjectKind, ...] = (
    SubjectKind("institution", "Institution", _("institution"), also=("acronym",)),
    SubjectKind("programme", "Programme", _("programme")),
    SubjectKind("cohort", "Cohort", _("cohort"), key=None, named=False),
    SubjectKind("law", "Law", _("law"), key="number", also=("number",)),
    SubjectKind("incident", "Incident", _("incident")),
)
SUBJECT_NAMES: tuple[str, ...] = tuple(kind.name for kind in SUBJECTS)
SUBJECT_COLUMNS: tuple[str, ...] = tuple(kind.column for kind in SUBJECTS)
NAMED_SUBJECTS: tuple[SubjectKind, ...] = tuple(kind for kind in SUBJECTS if kind.named)


def subject_kind(name: str) -> SubjectKind:
    return next(kind for kind in SUBJECTS if kind.name == name)
