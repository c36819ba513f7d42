"""Staff exports (the admin's Export button and ``manage.py export_data``): nothing in
them runs as a formula in a spreadsheet."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command

from apps.figures.models import Metric
from apps.registry.models import Institution

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "@SUM(A1)", "-2+3", '=HYPERLINK("http://evil")']
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def booby_trapped(db):
    """Names that a spreadsheet would run, in the tables' text columns."""
    for index, text in enumerate(FORMULAS):
        Metric.objects.create(slug=f"trap-{index}", name_en=text, name_fr=text)
        Institution.objects.create(slug=f"trap-{index}", name_en=text, acronym=text[:20])


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(data: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def exported(table: str, fmt: str, tmp_path) -> bytes:
    path = tmp_path / f"{table}.{fmt}"
    call_command("export_data", table, format=fmt, output=path)
    return path.read_bytes()


@pytest.mark.parametrize("table", ["metrics", "institutions"])
def test_the_command_writes_no_live_formula_in_csv(booby_trapped, tmp_path, table):
    cells = csv_cells(exported(table, "csv", tmp_path))
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'=cmd|' /C calc'!A0" in cells  # kept whole, behind an apostrophe


@pytest.mark.parametrize("table", ["metrics", "institutions"])
def test_the_command_writes_no_live_formula_in_excel(booby_trapped, tmp_path, table):
    cells = xlsx_cells(exported(table, "xlsx", tmp_path))
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [
        cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert "'=cmd|' /C calc'!A0" in [cell.value for cell in cells]


ADMIN_FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}


def admin_export(client, model, fmt: str) -> bytes:
    """What the admin's Export button gives, every column ticked."""
    from django.urls import reverse

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(url).context["form"]
    data = {"format": ADMIN_FORMATS[fmt], "resource": "0"}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False):
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:300]
    return response.content


@pytest.fixture
def staff_client(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("boss", password="pw-for-tests-1"))
    return client


@pytest.mark.parametrize("model", [Metric, Institution])
def test_the_admin_writes_no_live_formula_and_keeps_the_text(booby_trapped, staff_client, model):
    cells = csv_cells(admin_export(staff_client, model, "csv"))
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert "'=cmd|' /C calc'!A0" in cells
    sheet = xlsx_cells(admin_export(staff_client, model, "xlsx"))
    assert not [cell.coordinate for cell in sheet if cell.data_type == "f"]
    assert "'+SUM(A1:A9)" in [cell.value for cell in sheet]


# --- what the admin exports imports back unchanged ------------------------------------------


def reimported(table: str, data: bytes, fmt: str, user):
    """The totals of importing ``data`` into ``table`` as the admin would (a dry run)."""
    from apps.core.imports import CSV, XLSX
    from apps.figures.spreadsheets import TABLES

    dataset = {"csv": CSV, "xlsx": XLSX}[fmt]().create_dataset(data)
    result = TABLES[table]().import_data(
        dataset, dry_run=True, use_transactions=True, rollback_on_validation_errors=True, user=user
    )
    errors = [str(error.error) for _, row in result.row_errors() for error in row]
    errors += [f"row {row.number}: {row.error_dict}" for row in result.invalid_rows]
    errors += [str(error.error) for error in result.base_errors]
    return errors, {kind: result.totals[kind] for kind in ("new", "update", "skip")}


@pytest.fixture
def seeded(staff_client):
    from apps.seed.services import load_seed

    load_seed()
    return staff_client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_table_exported_from_the_admin_imports_back_with_no_change(seeded, fmt):
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    from apps.figures.spreadsheets import TABLES

    user = get_user_model().objects.get(username="boss")
    with_a_page = {t: r for t, r in TABLES.items() if admin.site.is_registered(r._meta.model)}
    assert len(with_a_page) == 9  # every table but the institutions running a programme
    for table, resource in with_a_page.items():
        data = admin_export(seeded, resource._meta.model, fmt)
        if fmt == "csv":
            assert data.startswith(b"\xef\xbb\xbf"), table  # Excel then reads Arabic as Arabic
            assert b",None," not in data and b",None\r" not in data, table
        errors, totals = reimported(table, data, fmt, user)
        count = resource._meta.model.objects.count()
        assert (errors, totals) == ([], {"new": 0, "update": 0, "skip": count}), table


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_figures_downloaded_from_their_list_import_back_with_no_change(seeded, fmt):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    response = seeded.get(reverse("admin:figures_reportedfigure_download"), {"format": fmt})
    data = b"".join(response.streaming_content)
    user = get_user_model().objects.get(username="boss")
    errors, totals = reimported("figures", data, fmt, user)
    assert (errors, totals) == ([], {"new": 0, "update": 0, "skip": 28})
