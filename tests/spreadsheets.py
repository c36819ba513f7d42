"""Spreadsheet files of many figure rows for the import tests: one long Arabic source
whose every sentence states a figure, and rows that quote it."""

import csv
import io

import pytest

from apps.figures.models import Metric
from apps.registry.models import Cohort, Institution, Programme
from apps.sources.models import Source

CITIES = ["الرباط", "الدار البيضاء", "طنجة", "فاس", "مراكش", "أكادير", "وجدة", "العيون"]
URL = "https://example.org/annual-report"


def clause(n: int) -> str:
    return f"اعتقال {n} شخصا في {CITIES[n % len(CITIES)]}"


@pytest.fixture
def report(db):
    """A long source with one numbered sentence per figure, and what its rows name."""
    text = "\n".join(f"وأعلنت المصالح الأمنية {clause(n)} خلال السنة." for n in range(1, 2101))
    Metric.objects.create(slug="arrests", name_en="Arrests", name_ar="الاعتقالات")
    Metric.objects.create(slug="share", name_en="Share", unit_kind="percent")
    Institution.objects.create(slug="dgsn", acronym="DGSN", name_en="National Security")
    Institution.objects.create(slug="bcij", acronym="BCIJ", name_en="Judicial Investigations")
    Institution.objects.create(slug="bcij-2", acronym="BCIJ-2", name_en="Judicial Investigations")
    moussalaha = Programme.objects.create(slug="moussalaha", name_en="Moussalaha")
    Cohort.objects.create(programme=moussalaha, number=13)
    return Source.objects.create(title="Annual report", url=URL, text=text)


def row(n: int, **cells) -> dict:
    """A good row for the n-th sentence; keyword arguments change its cells."""
    good = {
        "source": URL,
        "quote": clause(n),
        "metric": "arrests" if n % 3 else "الاعتقالات",
        "value": str(n) if n % 4 else str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        "qualifier": "exact",
        "unit": "count",
        "period_start": "2003" if n % 2 else "",
        "institution": "DGSN" if n % 5 == 0 else "",
        "programme": "moussalaha" if n % 7 == 0 else "",
        "cohort": "moussalaha#13" if n % 14 == 0 else "",
        "attributed_to_institution": "dgsn" if n % 2 else "",
        "notes": "",
    }
    return {**good, **cells}


def csv_file(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()
