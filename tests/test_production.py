"""Safe to put on the internet: settings that refuse to be unsafe, headers,
escaping, bounded exports, throttled logins, health, backups."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from tests.stored import stored_figure

ROOT = str(settings.BASE_DIR)
GOOD_KEY = "k" * 20 + "-production-secret-key-with-enough-entropy-1234567890"


def run_prod(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ctdb.settings.prod",
        "PYTHONPATH": ROOT,
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "ctdb.example.org",
        "DEBUG": "0",
        **env,
    }
    environment = {k: v for k, v in environment.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=ROOT
    )


SETUP = "import django; django.setup(); print('started')"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": None}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "Set SECRET_KEY"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": None}, "Set ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_to_start_unsafe(env, message):
    result = run_prod(SETUP, **env)
    assert result.returncode != 0 and message in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = run_prod(
        "import django, sys; django.setup(); from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_admin_lives_at_a_configurable_address():
    result = run_prod(
        SETUP + "; from django.urls import reverse; print(reverse('admin:index'))",
        CTDB_ADMIN_URL="back-office-7/",
    )
    assert result.stdout.split()[-1] == "/back-office-7/"


def test_the_health_endpoint_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}}


def test_logs_are_structured_json(capsys):
    from pythonjsonlogger.json import JsonFormatter

    handler_config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(handler_config["fmt"], rename_fields=handler_config["rename_fields"])
    record = logging.LogRecord("ctdb", logging.WARNING, __file__, 1, "export cut short", None, None)
    entry = json.loads(formatter.format(record))
    assert entry["level"] == "WARNING" and entry["message"] == "export cut short"
    assert entry["logger"] == "ctdb" and "time" in entry


def test_public_pages_are_cacheable_with_an_etag(client, world):
    response = client.get(reverse("public:figure_detail", args=[world["cells_214"].pk]))
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    again = client.get(
        reverse("public:figure_detail", args=[world["cells_214"].pk]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
    assert "csrftoken" not in response.cookies  # no per-visitor token on public pages


def test_staff_pages_are_not_cached(client, db):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


PUBLIC_PAGES = ["figure_list", "metric_list", "source_list", "institution_list"]


def inline_scripts(html: str) -> list[str]:
    import re

    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]


def test_pages_satisfy_the_content_security_policy(client, world):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")
    urls = [reverse(f"public:{name}") for name in PUBLIC_PAGES]
    urls += [
        reverse("public:figure_detail", args=[world["cells_214"].pk]),
        reverse("public:metric_detail", args=["cells-dismantled"]),
    ]
    for url in urls:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert inline_scripts(response.text) == [], url
        assert " onclick=" not in response.text and " onchange=" not in response.text
    client.force_login(admin)
    for url in [
        reverse("admin:index"),
        reverse("admin:figures_reportedfigure_changelist"),
        reverse("admin:figures_reportedfigure_change", args=[world["cells_214"].pk]),
    ]:
        assert inline_scripts(client.get(url).text) == [], url


def test_security_headers_are_sent(client, world):
    response = client.get(reverse("public:figure_list"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_everything_user_supplied_is_shown_escaped(client, world, editor, reviewer):
    from django.utils import timezone

    from apps.figures.models import Metric
    from apps.registry.models import Incident, Institution, Law, Programme
    from apps.sources.models import Quote, Source

    source = Source.objects.create(
        title=HOSTILE,
        publisher=HOSTILE,
        author=HOSTILE,
        notes=HOSTILE,
        url="https://example.org/?q=<script>",
        text=f"نص {HOSTILE} 42 خلية",
    )
    quote = Quote.objects.create(source=source, text=f"{HOSTILE} 42 خلية", speaker=HOSTILE)
    institution = Institution.objects.create(
        slug="hostile", acronym=HOSTILE[:30], name_en=HOSTILE, notes=HOSTILE
    )
    programme = Programme.objects.create(slug="hostile", name_en=HOSTILE, description=HOSTILE)
    law = Law.objects.create(slug="hostile", number="<b>1</b>", name_en=HOSTILE)
    incident = Incident.objects.create(slug="hostile", name_en=HOSTILE, place=HOSTILE)
    metric = Metric.objects.create(slug="hostile", name_en=HOSTILE, description=HOSTILE)
    figure = stored_figure(
        quote=quote,
        metric=metric,
        value=42,
        created_by=editor,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
        status="published",
        notes=HOSTILE,
        attributed_to_speaker=HOSTILE,
        institution=institution,
        programme=programme,
        law=law,
        incident=incident,
        attributed_to_institution=institution,
        assessment="disputed",
        assessment_reason=HOSTILE,
    )
    pages = [
        reverse("public:figure_list"),
        reverse("public:figure_list") + "?q=" + "%3Cscript%3E",
        reverse("public:figure_detail", args=[figure.pk]),
        reverse("public:source_detail", args=[source.pk]),
        reverse("public:institution_detail", args=["hostile"]),
        reverse("public:programme_detail", args=["hostile"]),
        reverse("public:law_detail", args=["hostile"]),
        reverse("public:incident_detail", args=["hostile"]),
        reverse("public:metric_detail", args=["hostile"]),
        reverse("public:metric_list"),
        reverse("public:source_list"),
        reverse("public:institution_list"),
        reverse("public:programme_list"),
        reverse("public:law_list"),
        reverse("public:incident_list"),
    ]
    for url in pages:
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html or "\\u003Cscript\\u003E" in html, url
    for fmt, content_type in [("csv", "text/csv"), ("json", "application/json")]:
        response = client.get(reverse("public:figure_list"), {"format": fmt, "metric": "hostile"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert response["Content-Type"].startswith(content_type)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "42" in body


GARBAGE = [
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "2021-13-45",
    "'; DROP TABLE figures_reportedfigure; --",
    "<script>",
    "خلية' OR 1=1 --",
    "\x00",
    "%00",
    "A" * 5000,
    "١٢٣",
    "ctdb\u202eevil",
    "😀" * 50,
]
PARAMETERS = [
    "q",
    "metric",
    "institution",
    "programme",
    "cohort",
    "law",
    "incident",
    "source",
    "publisher",
    "language",
    "qualifier",
    "period_from",
    "period_to",
    "value_min",
    "value_max",
    "disputed",
    "updated_since",
    "sort",
    "per_page",
    "after",
    "before",
    "format",
]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_any_garbage_in_any_filter_gets_a_200_or_a_400_never_a_500(client, world, parameter):
    for value in GARBAGE:
        response = client.get(reverse("public:figure_list"), {parameter: value})
        assert response.status_code in {200, 400}, (parameter, value, response.status_code)


@override_settings(EXPORT_MAX_ROWS=2)
def test_exports_stop_at_the_row_limit_and_say_so(client, world):
    body = b"".join(client.get(reverse("public:figure_list"), {"format": "csv"}).streaming_content)
    text = body.decode("utf-8-sig").strip()
    assert text.endswith(
        "# EXPORT INCOMPLETE: row limit of 2 reached; narrow the filters to get the rest"
    )
    document = json.loads(
        b"".join(client.get(reverse("public:figure_list"), {"format": "json"}).streaming_content)
    )
    assert document["complete"] is False and document["count"] == 2


@override_settings(EXPORT_MAX_ROWS=5)
def test_an_export_exactly_at_the_row_limit_is_whole(client, world):
    # The world holds five published figures: the limit is reached, nothing is left out.
    body = b"".join(client.get(reverse("public:figure_list"), {"format": "csv"}).streaming_content)
    assert "EXPORT INCOMPLETE" not in body.decode("utf-8-sig")
    assert len(body.decode("utf-8-sig").strip().splitlines()) == 1 + 5
    document = json.loads(
        b"".join(client.get(reverse("public:figure_list"), {"format": "json"}).streaming_content)
    )
    assert document["complete"] is True and document["count"] == 5


@override_settings(EXPORT_RATE="2/m")
def test_exports_are_rate_limited_per_client(client, world):
    from django.core.cache import cache

    cache.clear()
    codes = [
        client.get(reverse("public:figure_list"), {"format": "json"}).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert client.get(reverse("public:figure_list")).status_code == 200  # pages are not limited


def test_repeated_failed_logins_lock_the_account_out(client, db):
    from axes.utils import reset

    get_user_model().objects.create_superuser("boss", password="right-password-123")
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    locked = client.post(
        url, {"username": "boss", "password": "right-password-123"}, REMOTE_ADDR="10.9.9.9"
    )
    assert locked.status_code in {403, 429}
    assert "_auth_user_id" not in client.session
    reset()


def test_weak_staff_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678", "password", "short-1"]:
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_app_servers_keep_nothing_on_local_disk():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.IMPORT_EXPORT_TMP_STORAGE_CLASS == "import_export.tmp_storages.CacheStorage"


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_row(world, tmp_path):
    import psycopg
    from django.db import connection

    from ctdb import backup, localdb

    path = tmp_path / "ctdb.dump"
    params = connection.get_connection_params()
    backup.dump(params, path)
    target = f"{params['dbname']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        backup.restore(dict(params, dbname=target), path)
        tables = [
            "figures_reportedfigure",
            "sources_source",
            "sources_quote",
            "registry_institution",
            "figures_metric",
            "auth_user",
        ]
        counts = {}
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cursor.fetchone()[0]
        with psycopg.connect(
            dbname=target,
            host=params.get("host") or None,
            port=params.get("port") or None,
            user=params.get("user") or None,
            password=params.get("password") or None,
        ) as restored:
            for table, expected in counts.items():
                assert restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected
            assert counts["figures_reportedfigure"] == 7
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    assert localdb is not None
