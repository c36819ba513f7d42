"""The registry rows of the benchmark database, with the ids they are loaded under.

``build_registry`` turns the tables of ``registry_data`` into rows for COPY
(ids assigned here, from 1, in tables emptied just before) and into the
``Registry`` the article writer draws its words and links from.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import registry_data as data

ALIASES = {
    "bcij": ["البسيج"],
    "dgst": ["الديستي"],
    "dgsn": ["الأمن الوطني"],
    "interior": ["الداخلية"],
}


@dataclass
class Registry:
    """What articles may name, each entry a dict with its database id."""

    metrics: list[dict] = field(default_factory=list)
    institutions: dict[str, dict] = field(default_factory=dict)
    agencies: list[dict] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    programmes: list[dict] = field(default_factory=list)
    laws: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    cities: list[str] = field(default_factory=lambda: list(data.CITIES))
    publishers: list[tuple[str, str]] = field(default_factory=lambda: list(data.PUBLISHERS))
    tables: dict[str, tuple[list[str], list[tuple]]] = field(default_factory=dict)

    def add_table(self, table: str, columns: str, rows: list[tuple]) -> None:
        self.tables[table] = (columns.split(), rows)


def metrics(registry: Registry) -> None:
    rows = []
    for pk, spec in enumerate(data.METRICS, start=1):
        name_ar, name_en, name_fr = spec["names"]
        metric = {
            **spec,
            "id": pk,
            "name_ar": name_ar,
            "subjects": data.SUBJECT_KINDS[spec["slug"]],
        }
        registry.metrics.append(metric)
        rows.append((pk, name_ar, name_en, name_fr, spec["slug"], spec["unit"], ""))
    registry.add_table(
        "figures_metric", "id name_ar name_en name_fr slug unit_kind description", rows
    )


def institutions(registry: Registry) -> None:
    ids = {row[0]: pk for pk, row in enumerate(data.INSTITUTIONS, start=1)}
    rows = []
    for slug, acronym, name_ar, name_en, name_fr, kind, country, parent in data.INSTITUTIONS:
        pk = ids[slug]
        entry = {"id": pk, "slug": slug, "acronym": acronym, "name_ar": name_ar}
        entry["aliases"] = [name_ar, *ALIASES.get(slug, [])]
        registry.institutions[slug] = entry
        parent_id = ids[parent] if parent else None
        rows.append((pk, name_ar, name_en, name_fr, slug, acronym, kind, country, "", parent_id))
    registry.agencies = [registry.institutions[slug] for slug in data.AGENCY_SLUGS]
    registry.add_table(
        "registry_institution",
        "id name_ar name_en name_fr slug acronym kind country notes parent_id",
        rows,
    )
    for name, role, institution in data.SPEAKERS:
        pk = registry.institutions[institution]["id"] if institution else None
        registry.speakers.append({"name": name, "role": role, "institution": pk})


def programmes(registry: Registry, rng: random.Random) -> None:
    """Programmes, the institutions running them and their numbered cohorts."""
    programme_rows, role_rows, cohort_rows = [], [], []
    for pk, (slug, name_ar, name_en, name_fr, year, lead, partners, cohorts) in enumerate(
        data.PROGRAMMES, start=1
    ):
        launched = dt.date(year, 1, 1)
        programme_rows.append((pk, name_ar, name_en, name_fr, slug, launched, "year", ""))
        for role, institution in [("lead", lead)] + [("partner", p) for p in partners]:
            role_rows.append(
                (len(role_rows) + 1, role, registry.institutions[institution]["id"], pk)
            )
        entry = {"id": pk, "name_ar": name_ar, "launched": year, "cohorts": []}
        start = dt.date(year, rng.randint(1, 12), 1)
        for number in range(1, cohorts + 1):
            end = start + dt.timedelta(days=rng.randint(60, 150))
            cohort_id = len(cohort_rows) + 1
            cohort_rows.append((cohort_id, number, start, "month", end, "day", "", pk))
            entry["cohorts"].append({"id": cohort_id, "number": number})
            start = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
        registry.programmes.append(entry)
    registry.add_table(
        "registry_programme",
        "id name_ar name_en name_fr slug launched_on launched_on_precision description",
        programme_rows,
    )
    registry.add_table(
        "registry_programmeinstitution", "id role institution_id programme_id", role_rows
    )
    registry.add_table(
        "registry_cohort",
        "id number starts_on starts_on_precision ends_on ends_on_precision notes programme_id",
        cohort_rows,
    )


def laws(registry: Registry) -> None:
    rows = []
    for pk, (slug, number, name_ar, name_en, name_fr, year) in enumerate(data.LAWS, start=1):
        registry.laws.append({"id": pk, "number": number, "name_ar": name_ar})
        adopted = dt.date(year, 1, 1)
        rows.append(
            (pk, name_ar, name_en, name_fr, slug, number, adopted, "year", None, "unknown", "", "")
        )
    registry.add_table(
        "registry_law",
        "id name_ar name_en name_fr slug number adopted_on adopted_on_precision "
        "promulgated_on promulgated_on_precision gazette_reference notes",
        rows,
    )


def incidents(registry: Registry, rng: random.Random) -> None:
    """Named attacks, then dismantling operations named after a city and a year."""
    entries = list(data.INCIDENTS)
    for number in range(1, data.OPERATION_COUNT + 1):
        city = rng.choice(data.CITIES)
        year = rng.randint(2004, 2024)
        name_ar = f"عملية تفكيك خلية {city} {year}"
        name_en = f"Cell dismantling operation no. {number} ({year})"
        name_fr = f"Opération de démantèlement no {number} ({year})"
        when = (year, rng.randint(1, 12), rng.randint(1, 28))
        entries.append(
            (f"operation-{number}", name_ar, name_en, name_fr, "arrest_operation", when, city)
        )
    rows = []
    for pk, (slug, name_ar, name_en, name_fr, kind, when, place) in enumerate(entries, start=1):
        registry.incidents.append({"id": pk, "name_ar": name_ar})
        country = "MA" if kind == "arrest_operation" or pk <= 4 else ""
        rows.append(
            (
                pk,
                name_ar,
                name_en,
                name_fr,
                slug,
                dt.date(*when),
                "day",
                None,
                "unknown",
                place,
                country,
                kind,
                "",
            )
        )
    registry.add_table(
        "registry_incident",
        "id name_ar name_en name_fr slug occurred_on occurred_on_precision ended_on "
        "ended_on_precision place country kind notes",
        rows,
    )


def build_registry(rng: random.Random) -> Registry:
    registry = Registry()
    metrics(registry)
    institutions(registry)
    programmes(registry, rng)
    laws(registry)
    incidents(registry, rng)
    return registry
