"""Spreadsheet columns of the registry tables, keyed by slug."""

from import_export.fields import Field

from apps.core.imports import (
    CtdbResource,
    NaturalKeyWidget,
    NumberWidget,
    TextWidget,
    date_field,
    precision_field,
)

from .models import Cohort, Incident, Institution, Law, Programme, ProgrammeInstitution

NAMES = ("name_ar", "name_en", "name_fr")


def institution_key(**kwargs) -> NaturalKeyWidget:
    return NaturalKeyWidget(
        Institution, ("slug", "acronym", "name_en", "name_ar", "name_fr"), "institution", **kwargs
    )


def programme_key() -> NaturalKeyWidget:
    return NaturalKeyWidget(Programme, ("slug", "name_en", "name_ar", "name_fr"), "programme")


class InstitutionResource(CtdbResource):
    parent = Field(attribute="parent", column_name="parent", widget=institution_key())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        parents_first(dataset)

    class Meta(CtdbResource.Meta):
        model = Institution
        import_id_fields = ["slug"]
        fields = ["slug", "acronym", *NAMES, "kind", "country", "parent", "notes"]
        export_order = fields


def parents_first(dataset) -> None:
    """Reorder rows so that an institution comes before those that are part of it."""
    if "parent" not in (dataset.headers or []) or "slug" not in dataset.headers:
        return
    rows = list(dataset.dict)
    placed: set[str] = set()
    ordered: list[dict] = []
    slugs = {str(row.get("slug") or "") for row in rows}
    while rows:
        ready = [
            r
            for r in rows
            if not r.get("parent") or r["parent"] in placed or r["parent"] not in slugs
        ]
        if not ready:  # a cycle: leave the rest as they are, the rule will refuse them
            ready = rows
        ordered.extend(ready)
        placed.update(str(r.get("slug") or "") for r in ready)
        rows = [r for r in rows if r not in ready]
    headers = dataset.headers
    dataset.wipe()
    dataset.headers = headers
    for row in ordered:
        dataset.append([row.get(name) for name in headers])


class ProgrammeResource(CtdbResource):
    launched_on = date_field("launched_on")
    launched_on_precision = precision_field("launched_on")

    class Meta(CtdbResource.Meta):
        model = Programme
        import_id_fields = ["slug"]
        fields = ["slug", *NAMES, "launched_on", "launched_on_precision", "description"]
        export_order = fields


class ProgrammeInstitutionResource(CtdbResource):
    programme = Field(attribute="programme", column_name="programme", widget=programme_key())
    institution = Field(
        attribute="institution", column_name="institution", widget=institution_key()
    )

    class Meta(CtdbResource.Meta):
        model = ProgrammeInstitution
        import_id_fields = ["programme", "institution"]
        fields = ["programme", "institution", "role"]
        export_order = fields


class CohortResource(CtdbResource):
    programme = Field(attribute="programme", column_name="programme", widget=programme_key())
    number = Field(attribute="number", column_name="number", widget=NumberWidget())
    starts_on = date_field("starts_on")
    starts_on_precision = precision_field("starts_on")
    ends_on = date_field("ends_on")
    ends_on_precision = precision_field("ends_on")

    class Meta(CtdbResource.Meta):
        model = Cohort
        import_id_fields = ["programme", "number"]
        fields = [
            "programme",
            "number",
            "starts_on",
            "starts_on_precision",
            "ends_on",
            "ends_on_precision",
            "notes",
        ]
        export_order = fields


class LawResource(CtdbResource):
    number = Field(attribute="number", column_name="number", widget=TextWidget())
    adopted_on = date_field("adopted_on")
    adopted_on_precision = precision_field("adopted_on")
    promulgated_on = date_field("promulgated_on")
    promulgated_on_precision = precision_field("promulgated_on")

    class Meta(CtdbResource.Meta):
        model = Law
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "number",
            *NAMES,
            "adopted_on",
            "adopted_on_precision",
            "promulgated_on",
            "promulgated_on_precision",
            "gazette_reference",
            "notes",
        ]
        export_order = fields


class IncidentResource(CtdbResource):
    occurred_on = date_field("occurred_on")
    occurred_on_precision = precision_field("occurred_on")
    ended_on = date_field("ended_on")
    ended_on_precision = precision_field("ended_on")

    class Meta(CtdbResource.Meta):
        model = Incident
        import_id_fields = ["slug"]
        fields = [
            "slug",
            *NAMES,
            "occurred_on",
            "occurred_on_precision",
            "ended_on",
            "ended_on_precision",
            "place",
            "country",
            "kind",
            "notes",
        ]
        export_order = fields
