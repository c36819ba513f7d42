"""Two people, one record: a save made on a stale copy is refused, says what changed
since and by whom, and keeps what was typed."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.figures.models import ReportedFigure
from apps.registry.models import Institution
from apps.sources.models import Quote, Source
from tests.admin_forms import admin_form_data

NOTES = "Checked against the 2023 annual report."
NAME_FR = "Direction générale de la sûreté nationale"


def editor(username: str) -> Client:
    user = get_user_model().objects.create_user(username, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_editors(db):
    return editor("amina"), editor("youssef")


@pytest.fixture
def dgsn(db):
    return Institution.objects.create(slug="dgsn", acronym="DGSN", name_en="National Security")


def change_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def errors_of(page) -> str:
    form = page.context["adminform"].form
    return " ".join(str(error) for error in form.non_field_errors())


def test_two_editors_changing_different_fields_lose_nothing(two_editors, dgsn):
    first, second = two_editors
    url = change_url(dgsn)
    first_page, second_page = first.get(url), second.get(url)
    assert first.post(url, admin_form_data(first_page, notes=NOTES)).status_code == 302

    refused = second.post(url, admin_form_data(second_page, name_fr=NAME_FR))

    assert refused.status_code == 200
    dgsn.refresh_from_db()
    assert (dgsn.notes, dgsn.name_fr) == (NOTES, "")
    message = errors_of(refused)
    assert "amina" in message and "notes" in message
    form = refused.context["adminform"].form
    assert form["name_fr"].value() == NAME_FR  # what the second editor typed
    assert form["notes"].value() == NOTES  # and the first editor's change, taken in
    assert second.post(url, admin_form_data(refused)).status_code == 302
    dgsn.refresh_from_db()
    assert (dgsn.notes, dgsn.name_fr) == (NOTES, NAME_FR)


def test_two_editors_changing_the_same_field_are_told_and_the_second_keeps_their_words(
    two_editors, dgsn
):
    first, second = two_editors
    url = change_url(dgsn)
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, admin_form_data(first_page, notes=NOTES))

    refused = second.post(url, admin_form_data(second_page, notes="Figures from the DGSN site."))

    dgsn.refresh_from_db()
    assert dgsn.notes == NOTES
    message = errors_of(refused)
    assert "amina" in message and NOTES in message  # what it is now
    assert refused.context["adminform"].form["notes"].value() == "Figures from the DGSN site."
    second.post(url, admin_form_data(refused))  # saved again, knowingly
    dgsn.refresh_from_db()
    assert dgsn.notes == "Figures from the DGSN site."


def test_a_figure_changed_by_a_bulk_update_refuses_a_stale_form(two_editors, make_figure):
    first, _ = two_editors
    figure = make_figure()
    url = change_url(figure)
    page = first.get(url)
    ReportedFigure.objects.filter(pk=figure.pk).update(notes="changed by a script")

    refused = first.post(url, admin_form_data(page, value_max=""))

    assert refused.status_code == 200
    assert "outside this form" in errors_of(refused)
    figure.refresh_from_db()
    assert figure.notes == "changed by a script"


def test_a_figure_edited_by_two_editors_keeps_both_changes(two_editors, make_figure):
    first, second = two_editors
    figure = make_figure()
    url = change_url(figure)
    first_page, second_page = first.get(url), second.get(url)
    assert first.post(url, admin_form_data(first_page, notes="first")).status_code == 302
    refused = second.post(url, admin_form_data(second_page, attributed_to_speaker="the minister"))
    assert "amina" in errors_of(refused)
    assert second.post(url, admin_form_data(refused)).status_code == 302
    figure.refresh_from_db()
    assert (figure.notes, figure.attributed_to_speaker) == ("first", "the minister")


def test_a_quote_changed_in_the_source_form_meanwhile_is_not_overwritten(two_editors, source):
    first, second = two_editors
    quote = Quote.objects.create(source=source, text="اعتقال 214 خلية إرهابية")
    url = change_url(source)
    first_page, second_page = first.get(url), second.get(url)
    assert (
        first.post(url, admin_form_data(first_page, **{"quotes-0-speaker": "the minister"}))
    ).status_code == 302

    refused = second.post(url, admin_form_data(second_page, title="A better title"))

    assert refused.status_code == 200
    quote.refresh_from_db()
    assert quote.speaker == "the minister"
    assert Source.objects.get(pk=source.pk).title == "Test article"
    assert second.post(url, admin_form_data(refused)).status_code == 302
    quote.refresh_from_db()
    assert quote.speaker == "the minister"
    assert Source.objects.get(pk=source.pk).title == "A better title"


@pytest.mark.parametrize(
    ("table", "column", "moves"),
    [
        ("registry_institution", "notes = 'new'", True),
        ("registry_institution", "notes = notes", False),
        ("figures_reportedfigure", "notes = 'new'", True),
        ("figures_reportedfigure", "publicly_disputed = NOT publicly_disputed", False),
        ("figures_reportedfigure", "version = 1000", False),
        ("sources_quote", "speaker = 'someone'", True),
        ("sources_quote", "in_source = false", False),
    ],
)
def test_postgresql_moves_the_version_on_every_update_that_changes_what_staff_enter(
    make_figure, dgsn, table, column, moves
):
    figure = make_figure()
    pk = {"registry_institution": dgsn.pk, "figures_reportedfigure": figure.pk}.get(
        table, figure.quote_id
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE id = %s", [pk])
        (before,) = cursor.fetchone()
        cursor.execute(f"UPDATE {table} SET {column} WHERE id = %s", [pk])
        cursor.execute(f"SELECT version FROM {table} WHERE id = %s", [pk])
        (after,) = cursor.fetchone()
    assert after == (before + 1 if moves else before)


def test_history_records_the_version_each_change_made(dgsn):
    dgsn.notes = "one"
    dgsn.save()
    stale = Institution.objects.get(pk=dgsn.pk)
    Institution.objects.filter(pk=dgsn.pk).update(notes="two")
    stale.name_fr = "trois"
    stale.save()
    assert list(dgsn.history.order_by("history_date").values_list("version", flat=True)) == [
        1,
        2,
        4,
    ]
