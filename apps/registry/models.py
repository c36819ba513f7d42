"""The registry of what figures are about: institutions, programmes and their
cohorts, laws and incidents.

Names are kept in Arabic, English and French; a slug gives each record a
stable key that people can type in spreadsheets and fixtures.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import (
    PartialDate,
    partial_date_constraint_fields,
    partial_date_constraints,
    partial_date_fields,
)
from apps.core.models import FieldKeyedConstraintsMixin
from apps.core.search import JoinedWords, Words
from apps.core.versions import VersionField


def slug_field() -> models.SlugField:
    return models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text=_("A short stable key in Latin letters, e.g. bcij or moussalaha."),
    )


def names_for_search(*keys: str) -> models.GeneratedField:
    """The words of a record's three names (each read in its language) and of the
    keys people type to find it, stored so that a search reads them instead of
    working them out on every row."""
    return models.GeneratedField(
        expression=JoinedWords(
            Words(F("name_ar")),
            Words(F("name_en"), language="en"),
            Words(F("name_fr"), language="fr"),
            Words(*(F(key) for key in keys)),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )


class NamedEntity(FieldKeyedConstraintsMixin, models.Model):
    """Trilingual names, shown in the reader's language when available."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    version = VersionField()

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language, falling back to the others."""
        language = (get_language() or "en")[:2]
        preferred = {"ar": "name_ar", "fr": "name_fr"}.get(language, "name_en")
        for field in (preferred, "name_en", "name_ar", "name_fr"):
            if getattr(self, field):
                return getattr(self, field)
        return ""

    @staticmethod
    def has_a_name() -> Q:
        return ~Q(name_ar="") | ~Q(name_en="") | ~Q(name_fr="")


class Institution(NamedEntity):
    class Kind(models.TextChoices):
        SECURITY_SERVICE = "security_service", _("security service")
        MINISTRY = "ministry", _("ministry")
        PRISON_ADMINISTRATION = "prison_administration", _("prison administration")
        RELIGIOUS_BODY = "religious_body", _("religious body")
        HUMAN_RIGHTS_BODY = "human_rights_body", _("human-rights body")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("international organisation")
        RESEARCH_CENTRE = "research_centre", _("research centre")
        JUDICIARY = "judiciary", _("judiciary")
        MEDIA = "media", _("media")
        OTHER = "other", _("other")

    slug = slug_field()
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("As commonly used, e.g. BCIJ, DGST.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        default="MA",
        help_text=_("ISO 3166 two-letter code; empty for international bodies."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The body it belongs to, e.g. BCIJ is part of DGST."),
    )
    notes = models.TextField(_("notes"), blank=True)

    search_names = names_for_search("acronym", "slug")

    history = HistoricalRecords(excluded_fields=["search_names"])

    CONSTRAINT_FIELDS = {
        "registry_institution_has_a_name": "name_en",
        "registry_institution_not_own_parent": "parent",
        "registry_institution_country_code": "country",
    }

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["acronym", "name_en", "id"]
        constraints = [
            models.CheckConstraint(
                condition=NamedEntity.has_a_name(),
                name="registry_institution_has_a_name",
                violation_error_message=_("Give at least one name."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="registry_institution_not_own_parent",
                violation_error_message=_("An institution cannot be part of itself."),
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^([A-Z]{2})?$"),
                name="registry_institution_country_code",
                violation_error_message=_("Use a two-letter country code such as MA."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


class Programme(NamedEntity):
    slug = slug_field()
    launched_on, launched_on_precision = partial_date_fields(_("launched on"))
    description = models.TextField(_("description"), blank=True)
    institutions = models.ManyToManyField(
        Institution,
        through="ProgrammeInstitution",
        related_name="programmes",
        verbose_name=_("institutions"),
        blank=True,
    )

    search_names = names_for_search("slug")

    history = HistoricalRecords(excluded_fields=["search_names"])

    CONSTRAINT_FIELDS = {
        "registry_programme_has_a_name": "name_en",
        **partial_date_constraint_fields("registry_programme", "launched_on"),
    }

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name_en", "id"]
        constraints = [
            models.CheckConstraint(
                condition=NamedEntity.has_a_name(),
                name="registry_programme_has_a_name",
                violation_error_message=_("Give at least one name."),
            ),
            *partial_date_constraints("registry_programme", "launched_on"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def launched(self) -> PartialDate:
        return PartialDate.of(self, "launched_on")


class ProgrammeInstitution(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTNER = "partner", _("partner")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="roles", verbose_name=_("programme")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="roles", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    version = VersionField()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution running a programme")
        verbose_name_plural = _("institutions running the programme")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "institution"],
                name="registry_programme_institution_once",
                violation_error_message=_("This institution is already listed for the programme."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_role_display()})"


class Cohort(FieldKeyedConstraintsMixin, models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("The session's sequence number, e.g. 13.")
    )
    starts_on, starts_on_precision = partial_date_fields(_("starts on"))
    ends_on, ends_on_precision = partial_date_fields(_("ends on"))
    notes = models.TextField(_("notes"), blank=True)
    version = VersionField()

    history = HistoricalRecords()

    CONSTRAINT_FIELDS = {
        "registry_cohort_unique_number": "number",
        "registry_cohort_number_positive": "number",
        "registry_cohort_ends_after_start": "ends_on",
        **partial_date_constraint_fields("registry_cohort", "starts_on", "ends_on"),
    }

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="registry_cohort_unique_number",
                violation_error_message=_("This programme already has a cohort with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="registry_cohort_number_positive",
                violation_error_message=_("Cohorts are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="registry_cohort_ends_after_start",
                violation_error_message=_("A cohort cannot end before it starts."),
            ),
            *partial_date_constraints("registry_cohort", "starts_on"),
            *partial_date_constraints("registry_cohort", "ends_on"),
        ]

    def __str__(self) -> str:
        return _("%(programme)s, session %(number)s") % {
            "programme": self.programme,
            "number": self.number,
        }


class Law(NamedEntity):
    slug = slug_field()
    number = models.CharField(
        _("number"), max_length=30, unique=True, help_text=_("As officially numbered, e.g. 03.03.")
    )
    adopted_on, adopted_on_precision = partial_date_fields(_("adopted on"))
    promulgated_on, promulgated_on_precision = partial_date_fields(_("promulgated on"))
    gazette_reference = models.CharField(
        _("official gazette reference"), max_length=200, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    search_names = names_for_search("number", "slug")

    history = HistoricalRecords(excluded_fields=["search_names"])

    CONSTRAINT_FIELDS = partial_date_constraint_fields(
        "registry_law", "adopted_on", "promulgated_on"
    )

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["number"]
        constraints = [
            *partial_date_constraints("registry_law", "adopted_on"),
            *partial_date_constraints("registry_law", "promulgated_on"),
        ]

    def __str__(self) -> str:
        title = self.name
        label = _("Law %(number)s") % {"number": self.number}
        return f"{label} — {title}" if title else str(label)

    @property
    def promulgated(self) -> PartialDate:
        return PartialDate.of(self, "promulgated_on")


class Incident(NamedEntity):
    class Kind(models.TextChoices):
        ATTACK = "attack", _("attack")
        FOILED_PLOT = "foiled_plot", _("foiled plot")
        ARREST_OPERATION = "arrest_operation", _("arrest operation")
        OTHER = "other", _("other")

    slug = slug_field()
    occurred_on, occurred_on_precision = partial_date_fields(_("occurred on"))
    ended_on, ended_on_precision = partial_date_fields(_("ended on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166 two-letter code.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ATTACK)
    notes = models.TextField(_("notes"), blank=True)

    search_names = names_for_search("place", "slug")

    history = HistoricalRecords(excluded_fields=["search_names"])

    CONSTRAINT_FIELDS = {
        "registry_incident_has_a_name": "name_en",
        "registry_incident_ends_after_start": "ended_on",
        "registry_incident_country_code": "country",
        **partial_date_constraint_fields("registry_incident", "occurred_on", "ended_on"),
    }

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=NamedEntity.has_a_name(),
                name="registry_incident_has_a_name",
                violation_error_message=_("Give at least one name."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(occurred_on__isnull=True)
                | Q(ended_on__gte=F("occurred_on")),
                name="registry_incident_ends_after_start",
                violation_error_message=_("An incident cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(country__regex=r"^([A-Z]{2})?$"),
                name="registry_incident_country_code",
                violation_error_message=_("Use a two-letter country code such as MA."),
            ),
            *partial_date_constraints("registry_incident", "occurred_on"),
            *partial_date_constraints("registry_incident", "ended_on"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def occurred(self) -> PartialDate:
        return PartialDate.of(self, "occurred_on")


class Area(NamedEntity):
    """Where a figure is about: a country (ISO 3166 code), a named region, or the world.

    Only figures about the same area are compared; national totals are about
    Morocco unless said otherwise.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        WORLD = "world", _("the world")

    code = models.CharField(
        _("code"),
        max_length=60,
        primary_key=True,
        help_text=_(
            "A country's two-letter ISO 3166 code (MA, FR), a region's key in lower case "
            "(western-countries), or world."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    CONSTRAINT_FIELDS = {
        "registry_area_has_a_name": "name_en",
        "registry_area_code_fits_kind": "code",
    }

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=NamedEntity.has_a_name(),
                name="registry_area_has_a_name",
                violation_error_message=_("Give at least one name."),
            ),
            models.CheckConstraint(
                condition=Q(kind="country", code__regex=r"^[A-Z]{2}$")
                | Q(kind="region", code__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$")
                | Q(kind="world", code="world"),
                name="registry_area_code_fits_kind",
                violation_error_message=_(
                    "A country has a two-letter code in capitals, a region a key in lower "
                    "case with hyphens, the world the code world."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name
