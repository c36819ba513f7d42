"""Run in its own process by test_replica.py, against a real primary and replica.

Prints one JSON line saying which database each kind of request used.
"""

import datetime as dt
import json
import time

import django

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
print(json.dumps({"public": public, "staff": staff}))
