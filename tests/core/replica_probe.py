"""Run in its own process by test_replica.py, against a real primary and replica.

Prints one JSON line saying which database each kind of request used.
"""

import csv
import datetime as dt
import io
import json
import time

import django
import openpyxl
import psycopg

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0)

from apps.figures.models import Metric, ReportedFigure  # noqa: E402
from apps.sources.models import Quote, Source  # noqa: E402
from tests.stored import stored_figure  # noqa: E402

User = get_user_model()
editor = User.objects.create_user("probe-editor")
reviewer = User.objects.create_superuser("probe-reviewer", password="probe-password-123")
source = Source.objects.create(title="Probe", text="اعتقال 214 خلية إرهابية")
quote = Quote.objects.create(source=source, text="214 خلية")
figure = stored_figure(
    quote=quote,
    metric=Metric.objects.create(slug="cells-dismantled", name_en="Cells"),
    value=214,
    status="published",
    created_by=editor,
    reviewed_by=reviewer,
    reviewed_at=timezone.now(),
    period_start=dt.date(2002, 1, 1),
    period_start_precision="year",
)

deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    if ReportedFigure.objects.using("replica").filter(pk=figure.pk).exists():
        break
    time.sleep(0.1)

client = Client()
with (
    CaptureQueriesContext(connections["default"]) as primary,
    CaptureQueriesContext(connections["replica"]) as replica,
):
    listing = client.get("/figures/")
public = {"primary": len(primary), "replica": len(replica), "status": listing.status_code}
public["listed"] = [row.pk for row in listing.context["figures"]] == [figure.pk]

# Django does not log COPY, so the server each one ran on is noted here.
copied_on = []
plain_copy = psycopg.Cursor.copy


def noted_copy(cursor, statement, *args, **kwargs):
    copied_on.append(cursor.connection.info.host)
    return plain_copy(cursor, statement, *args, **kwargs)


psycopg.Cursor.copy = noted_copy
ROWS = {
    "csv": lambda body: [
        int(row["id"]) for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    ],
    "json": lambda body: [row["id"] for row in json.loads(body)["figures"]],
    "xlsx": lambda body: [
        row[0]
        for row in openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(
            min_row=2, values_only=True
        )
    ],
}


def figure_reads(captured) -> int:
    return sum("figures_reportedfigure" in query["sql"] for query in captured.captured_queries)


def server(alias: str) -> str:
    connections[alias].ensure_connection()
    return connections[alias].connection.info.host


exports = {}
for fmt, rows in ROWS.items():
    copied_on.clear()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        body = b"".join(client.get("/figures/", {"format": fmt}).streaming_content)
    exports[fmt] = {
        "rows": rows(body),
        "primary": figure_reads(primary) + copied_on.count(server("default")),
        "replica": figure_reads(replica) + copied_on.count(server("replica")),
    }

client.force_login(reviewer)
url = f"/admin/sources/source/{source.pk}/change/"
with (
    CaptureQueriesContext(connections["default"]) as primary,
    CaptureQueriesContext(connections["replica"]) as replica,
):
    form = client.get(url)
    saved = client.post(
        url,
        {
            "title": "Probe, renamed",
            "publisher": "",
            "author": "",
            "url": "",
            "published_on": "",
            "published_on_precision": "unknown",
            "language": "ar",
            "kind": "news_article",
            "text": source.text,
            "retrieved_at_0": "",
            "retrieved_at_1": "",
            "notes": "",
            "seed_file": "",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
        },
    )
writes = [q["sql"] for q in primary.captured_queries if q["sql"].startswith("UPDATE")]
staff = {
    "primary": len(primary),
    "replica": len(replica),
    "form": form.status_code,
    "saved": saved.status_code,
    "primary_updates": len(writes),
    "renamed_on_primary": Source.objects.using("default").get(pk=source.pk).title,
}
print(json.dumps({"public": public, "exports": exports, "staff": staff, "figure": figure.pk}))
