"""Loading the seed corpus: the articles in ``seeds/`` and the reviewed YAML in
``fixtures/seed/``.

Records are matched by natural keys (a source by its seed file, an entity by
its slug, a quote by its source and words, a figure by its quote, metric and
value), so loading twice changes nothing. Every row goes through the models'
own checks: quotes are located in their source's text, values are looked for
in their quotes, disagreements are regrouped once at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from apps.figures import provenance
from apps.figures.models import Metric, ReportedFigure
from apps.figures.services import figures_changed
from apps.registry.areas import DEFAULT_AREA
from apps.registry.models import (
    Area,
    Cohort,
    Incident,
    Institution,
    Law,
    Programme,
    ProgrammeInstitution,
)
from apps.sources.models import Quote, Source

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "seed"
SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"

# The seed corpus was entered as version-controlled fixtures, not by a person
# in the admin: these two accounts say so. Neither can log in.
LOADER_USERNAME = "seed-loader"
REVIEW_USERNAME = "seed-fixture-review"
REVIEW_NOTE = (
    "Published on loading the seed corpus. The figure was entered in "
    "fixtures/seed/figures.yaml and reviewed there in version control; the "
    "quote-in-source and value-in-quote checks ran when it was loaded."
)


class SeedError(Exception):
    """The seed fixtures are inconsistent; nothing was written."""


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)

    def record(self, model: type[models.Model], outcome: str) -> None:
        self.counts[(model._meta.verbose_name_plural, outcome)] += 1

    @property
    def changed(self) -> int:
        return sum(
            n for (_, outcome), n in self.counts.items() if outcome in {"created", "updated"}
        )

    def lines(self) -> list[str]:
        names = sorted({name for name, _ in self.counts})
        return [
            f"{name}: "
            + ", ".join(
                f"{self.counts[(name, o)]} {o}"
                for o in ("created", "updated", "unchanged", "kept as edited")
                if self.counts[(name, o)]
            )
            for name in names
        ]


def _read(name: str, directory: Path) -> list[dict[str, Any]]:
    path = directory / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or []


def _upsert(
    model,
    report: LoadReport,
    lookup: dict,
    values: dict,
    on_create: dict | None = None,
    *,
    refresh: bool = True,
):
    """Create or update one row, saving only when something differs.

    ``on_create`` holds values set once, when the row is first made (timestamps).
    Without ``refresh``, a row that staff have changed since is left as it is.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(on_create or {}))
        instance.save()
        report.record(model, "created")
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed and not refresh:
        report.record(model, "kept as edited")
    elif changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save()
        report.record(model, "updated")
    else:
        report.record(model, "unchanged")
    return instance


def _dates(row: dict, *names: str) -> dict:
    values = {}
    for name in names:
        values[name] = row.get(name)
        values[f"{name}_precision"] = row.get(f"{name}_precision") or "unknown"
    return values


def _names(row: dict, prefix: str = "name") -> dict:
    return {f"name_{lang}": row.get(f"{prefix}_{lang}") or "" for lang in ("ar", "en", "fr")}


def service_accounts() -> tuple[models.Model, models.Model]:
    """The non-person accounts that record how the seed corpus was entered."""
    User = get_user_model()
    accounts = []
    for username, first_name in (
        (LOADER_USERNAME, "Seed corpus loader"),
        (REVIEW_USERNAME, "Seed fixture review"),
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        accounts.append(user)
    return accounts[0], accounts[1]


class SeedLoader:
    def __init__(self, fixtures_dir: Path, seeds_dir: Path, refresh: bool = False) -> None:
        self.refresh = refresh
        self.fixtures_dir = fixtures_dir
        self.seeds_dir = seeds_dir
        self.report = LoadReport()
        self.loader, self.reviewer = service_accounts()
        self.figure_ids: list[int] = []

    def rows(self, name: str) -> list[dict[str, Any]]:
        return _read(name, self.fixtures_dir)

    def lookup(self, model, slug: str | None, what: str):
        if not slug:
            return None
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist as exc:
            raise SeedError(f"Unknown {what} slug {slug!r}") from exc

    def load(self) -> LoadReport:
        self.load_metrics()
        self.load_institutions()
        self.load_programmes()
        self.load_cohorts()
        self.load_laws()
        self.load_incidents()
        self.load_areas()
        self.load_sources()
        self.load_figures()
        return self.report

    def load_metrics(self) -> None:
        for row in self.rows("metrics.yaml"):
            values = {
                **_names(row),
                "unit_kind": row.get("unit_kind") or "count",
                "description": row.get("description") or "",
                "description_ar": row.get("description_ar") or "",
                "description_fr": row.get("description_fr") or "",
            }
            _upsert(Metric, self.report, {"slug": row["slug"]}, values, refresh=self.refresh)

    def load_institutions(self) -> None:
        rows = self.rows("institutions.yaml")
        for row in rows:
            values = {
                **_names(row),
                "acronym": row.get("acronym") or "",
                "kind": row.get("kind") or "other",
                "country": row.get("country") or "",
                "notes": row.get("notes") or "",
            }
            _upsert(Institution, self.report, {"slug": row["slug"]}, values, refresh=self.refresh)
        for row in rows:  # parents once every institution exists
            parent = self.lookup(Institution, row.get("parent"), "institution")
            institution = Institution.objects.get(slug=row["slug"])
            if institution.parent_id != (parent.pk if parent else None):
                institution.parent = parent
                institution.save(update_fields=["parent"])

    def load_programmes(self) -> None:
        for row in self.rows("programmes.yaml"):
            values = {
                **_names(row),
                **_dates(row, "launched_on"),
                "description": row.get("description") or "",
            }
            programme = _upsert(
                Programme, self.report, {"slug": row["slug"]}, values, refresh=self.refresh
            )
            for link in row.get("institutions") or []:
                institution = self.lookup(Institution, link["institution"], "institution")
                _upsert(
                    ProgrammeInstitution,
                    self.report,
                    {"programme": programme, "institution": institution},
                    {"role": link.get("role") or "partner"},
                    refresh=self.refresh,
                )

    def load_cohorts(self) -> None:
        for row in self.rows("cohorts.yaml"):
            programme = self.lookup(Programme, row["programme"], "programme")
            values = {**_dates(row, "starts_on", "ends_on"), "notes": row.get("notes") or ""}
            _upsert(
                Cohort,
                self.report,
                {"programme": programme, "number": row["number"]},
                values,
                refresh=self.refresh,
            )

    def load_laws(self) -> None:
        for row in self.rows("laws.yaml"):
            values = {
                **_names(row, prefix="title"),
                **_dates(row, "adopted_on", "promulgated_on"),
                "number": str(row["number"]),
                "gazette_reference": row.get("gazette_reference") or "",
                "notes": row.get("notes") or "",
            }
            _upsert(Law, self.report, {"slug": row["slug"]}, values, refresh=self.refresh)

    def load_areas(self) -> None:
        for row in self.rows("areas.yaml"):
            values = {**_names(row), "kind": row["kind"], "notes": row.get("notes") or ""}
            _upsert(Area, self.report, {"code": row["code"]}, values, refresh=self.refresh)

    def load_incidents(self) -> None:
        for row in self.rows("incidents.yaml"):
            values = {
                **_names(row),
                **_dates(row, "occurred_on", "ended_on"),
                "place": row.get("place") or "",
                "country": row.get("country") or "",
                "kind": row.get("kind") or "other",
                "notes": row.get("notes") or "",
            }
            _upsert(Incident, self.report, {"slug": row["slug"]}, values, refresh=self.refresh)

    def load_sources(self) -> None:
        for row in self.rows("sources.yaml"):
            path = self.seeds_dir / row["seed_file"]
            if not path.exists():
                raise SeedError(f"Seed article {path} is missing")
            values = {
                "title": row["title"],
                "publisher": row.get("publisher") or "",
                "author": row.get("author") or "",
                "url": row.get("url") or "",
                **_dates(row, "published_on"),
                "language": row.get("language") or "ar",
                "kind": row.get("kind") or "news_article",
                "text": path.read_text(encoding="utf-8"),
                "notes": row.get("notes") or "",
            }
            _upsert(
                Source, self.report, {"seed_file": row["seed_file"]}, values, refresh=self.refresh
            )

    def quote_for(self, row: dict) -> Quote:
        source = Source.objects.filter(seed_file=row["source"]).first()
        if source is None:
            raise SeedError(f"Figure refers to unknown source {row['source']!r}")
        start = _nth(source.text, row["quote"], row.get("occurrence") or 1)
        if start is None:
            raise SeedError(f"Quote not found in {row['source']}: {row['quote']!r}")
        speaker_institution = self.lookup(
            Institution, row.get("speaker_institution"), "institution"
        )
        lookup = {"source": source, "start": start, "end": start + len(row["quote"])}
        values = {
            "text": row["quote"],
            "speaker": row.get("speaker") or "",
            "speaker_institution": speaker_institution,
        }
        return _upsert(Quote, self.report, lookup, values, refresh=self.refresh)

    def area(self, code: str) -> Area:
        try:
            return Area.objects.get(code=code)
        except Area.DoesNotExist as exc:
            raise SeedError(f"Unknown area {code!r}") from exc

    def about(self, row: dict) -> dict:
        about = row.get("about") or {}
        links = {
            "institution": self.lookup(Institution, about.get("institution"), "institution"),
            "programme": self.lookup(Programme, about.get("programme"), "programme"),
            "law": self.lookup(Law, about.get("law"), "law"),
            "incident": self.lookup(Incident, about.get("incident"), "incident"),
            "cohort": None,
        }
        if about.get("cohort"):
            slug, _, number = str(about["cohort"]).partition("#")
            links["cohort"] = Cohort.objects.filter(
                programme__slug=slug, number=int(number)
            ).first()
            if links["cohort"] is None:
                raise SeedError(f"Unknown cohort {about['cohort']!r}")
        return links

    def load_figures(self) -> None:
        now = timezone.now()
        for row in self.rows("figures.yaml"):
            quote = self.quote_for(row)
            metric = self.lookup(Metric, row["metric"], "metric")
            value_max = row.get("value_max")
            lookup = {
                "quote": quote,
                "metric": metric,
                "value": Decimal(str(row["value"])),
                "value_max": None if value_max is None else Decimal(str(value_max)),
            }
            assessment = row.get("assessment") or "none"
            values = {
                "qualifier": row.get("qualifier") or "exact",
                "unit": row.get("unit") or metric.unit_kind,
                **_dates(row, "period_start", "period_end", "as_of"),
                **self.about(row),
                "area": self.area(row.get("area") or DEFAULT_AREA),
                "attributed_to_institution": self.lookup(
                    Institution, row.get("attributed_to_institution"), "institution"
                ),
                "attributed_to_speaker": row.get("attributed_to_speaker") or "",
                "notes": row.get("notes") or "",
                "value_check_override": row.get("value_check_override") or "",
                "assessment": assessment,
                "assessment_reason": row.get("assessment_reason") or "",
                "assessed_by": None if assessment == "none" else self.reviewer,
                "status": ReportedFigure.Status.PUBLISHED,
                "origin": ReportedFigure.Origin.SEED,
                "created_by": self.loader,
                "reviewed_by": self.reviewer,
                "review_note": REVIEW_NOTE,
            }
            values["value_in_quote"] = provenance.values_found_in(ReportedFigure(**lookup))
            on_create = {"reviewed_at": now, "assessed_at": None if assessment == "none" else now}
            figure = _upsert(
                ReportedFigure, self.report, lookup, values, on_create, refresh=self.refresh
            )
            self.figure_ids.append(figure.pk)
        figures_changed(self.figure_ids)


def _nth(text: str, words: str, occurrence: int) -> int | None:
    start = -1
    for _ in range(occurrence):
        start = text.find(words, start + 1)
        if start < 0:
            return None
    return start


def load_seed(
    *, fixtures_dir: Path = FIXTURES_DIR, seeds_dir: Path = SEEDS_DIR, refresh: bool = False
) -> LoadReport:
    """Load the seed corpus in one transaction: all of it or nothing.

    Figures that staff have changed since they were seeded are kept as edited
    unless ``refresh`` asks for the fixture's version.
    """
    with transaction.atomic():
        return SeedLoader(fixtures_dir, seeds_dir, refresh=refresh).load()
