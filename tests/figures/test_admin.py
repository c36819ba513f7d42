"""Staff enter and review figures in the admin: driven here as an Editor and a
Reviewer would, through the real forms and actions."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.figures.models import ReportedFigure
from apps.figures.services import figure_submit

CHANGELIST = reverse("admin:figures_reportedfigure_changelist")
ADD = reverse("admin:figures_reportedfigure_add")


def staff(username: str, group: str):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def ed(db):
    return staff("ed", "Editor")


@pytest.fixture
def rita(db):
    return staff("rita", "Reviewer")


@pytest.fixture
def ravi(db):
    return staff("ravi", "Reviewer")


def as_user(client, user):
    client.force_login(user)
    return client


def figure_form(quote, metric, **overrides):
    data = {
        "quote": quote.pk,
        "metric": metric.pk,
        "value": "214",
        "value_max": "",
        "qualifier": "exact",
        "unit": "count",
        "period_start": "2002-01-01",
        "period_start_precision": "year",
        "period_end": "",
        "period_end_precision": "unknown",
        "as_of": "",
        "as_of_precision": "unknown",
        "area": "MA",
        "attributed_to_speaker": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def run_action(client, action, figures, **extra):
    data = {"action": action, "_selected_action": [f.pk for f in figures], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_editor_adds_a_figure_from_a_quote_as_a_draft(client, ed, make_quote, cells):
    quote = make_quote("اعتقال 214 خلية إرهابية")
    response = as_user(client, ed).post(ADD, figure_form(quote, cells))
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure = ReportedFigure.objects.get()
    assert (figure.status, figure.created_by, figure.last_modified_by) == ("draft", ed, ed)
    assert figure.value == Decimal("214") and figure.value_in_quote


def test_a_form_error_names_the_field_and_the_problem(client, ed, make_quote, share):
    quote = make_quote("وإن 88 في المائة من الخلايا")
    form = figure_form(quote, share, value="188", unit="percent")
    response = as_user(client, ed).post(ADD, form)
    errors = response.context["adminform"].form.errors
    assert errors["value"] == ["A percentage is at most 100."]
    assert not ReportedFigure.objects.exists()


def test_the_form_shows_the_quote_with_the_value_marked(client, ed, make_figure):
    figure = make_figure("اعتقال 214 خلية إرهابية")
    page = as_user(client, ed).get(reverse("admin:figures_reportedfigure_change", args=[figure.pk]))
    assert '<blockquote dir="auto">اعتقال <mark>214</mark> خلية إرهابية</blockquote>' in page.text


def test_the_form_warns_when_the_value_is_not_in_the_quote(client, ed, make_figure):
    figure = make_figure("اعتقال 214 خلية إرهابية", value="215")
    page = as_user(client, ed).get(reverse("admin:figures_reportedfigure_change", args=[figure.pk]))
    assert "The value is not written in the quote." in page.text


def test_an_editor_submits_but_cannot_publish(client, ed, rita, make_figure):
    figure = make_figure(created_by=ed)
    as_user(client, ed)
    response = run_action(client, "submit_for_review", [figure])
    assert "1 figure submitted for review." in messages_of(response)
    figure.refresh_from_db()
    assert figure.status == "in_review"
    assert (
        "publish"
        not in client.get(CHANGELIST).context["action_form"].fields["action"].choices.__repr__()
    )
    run_action(client, "publish", [figure], apply="1")
    figure.refresh_from_db()
    assert figure.status == "in_review"


def test_a_reviewer_cannot_publish_their_own_figure(client, rita, make_figure):
    figure = make_figure(created_by=rita)
    figure_submit(figure=figure, user=rita)
    response = run_action(as_user(client, rita), "publish", [figure], apply="1")
    assert any(
        "you created it: another reviewer must publish it" in m for m in messages_of(response)
    )
    figure.refresh_from_db()
    assert figure.status == "in_review"


def test_a_reviewer_cannot_publish_a_figure_they_last_changed(client, ed, rita, make_quote, cells):
    as_user(client, ed).post(ADD, figure_form(make_quote("اعتقال 214 خلية إرهابية"), cells))
    figure = ReportedFigure.objects.get()
    url = reverse("admin:figures_reportedfigure_change", args=[figure.pk])
    as_user(client, rita).post(url, figure_form(figure.quote, cells, notes="checked the wording"))
    figure.refresh_from_db()
    assert figure.last_modified_by == rita
    figure_submit(figure=figure, user=ed)
    response = run_action(client, "publish", [figure], apply="1")
    assert any(
        "you last changed it: another reviewer must publish it" in m for m in messages_of(response)
    )


def test_a_reviewer_publishes_another_editors_figure(client, ed, rita, make_figure):
    figure = make_figure(created_by=ed, last_modified_by=ed)
    figure_submit(figure=figure, user=ed)
    page = run_action(as_user(client, rita), "publish", [figure])
    assert "Publish figures" in page.text  # the confirmation page first
    response = run_action(client, "publish", [figure], apply="1")
    assert "1 figure published." in messages_of(response)
    figure.refresh_from_db()
    assert (figure.status, figure.reviewed_by) == ("published", rita)


def test_publishing_a_value_missing_from_its_quote_needs_an_override_reason(
    client, ed, rita, make_figure
):
    figure = make_figure(value="215", created_by=ed)
    figure_submit(figure=figure, user=ed)
    as_user(client, rita)
    response = run_action(client, "publish", [figure], apply="1", reason="")
    assert any("give a reason to override" in m for m in messages_of(response))
    run_action(client, "publish", [figure], apply="1", reason="The table in the source says 215.")
    figure.refresh_from_db()
    assert figure.status == "published"
    assert figure.value_check_override == "The table in the source says 215."


def test_bulk_publish_reports_what_was_done_and_what_was_refused(
    client, ed, rita, make_figure, make_quote
):
    draft = make_figure(created_by=ed)
    others = make_figure("أكثر من مئتي خلية", value="200", qualifier="more_than", created_by=ed)
    own = make_figure("88 في المائة", value="88", created_by=rita, value_check_override="x")
    figure_submit(figure=others, user=ed)
    figure_submit(figure=own, user=rita)
    response = run_action(as_user(client, rita), "publish", [draft, others, own], apply="1")
    shown = messages_of(response)
    assert "1 figure published." in shown
    assert any(
        f"#{draft.pk}" in m and "only figures in review can be published" in m for m in shown
    )
    assert any(
        f"#{own.pk}" in m and "you created it: another reviewer must publish it" in m for m in shown
    )
    assert list(ReportedFigure.objects.published()) == [others]


def test_rejecting_needs_a_reason_and_editing_sends_it_back_to_draft(
    client, ed, rita, make_figure, cells
):
    figure = make_figure(created_by=ed)
    figure_submit(figure=figure, user=ed)
    as_user(client, rita)
    page = run_action(client, "reject", [figure], apply="1", reason="")
    assert "Say why the figures are rejected." in page.text
    response = run_action(client, "reject", [figure], apply="1", reason="Wrong metric.")
    assert "1 figure rejected." in messages_of(response)
    figure.refresh_from_db()
    assert (figure.status, figure.review_note) == ("rejected", "Wrong metric.")
    url = reverse("admin:figures_reportedfigure_change", args=[figure.pk])
    as_user(client, ed).post(url, figure_form(figure.quote, cells, notes="fixed"))
    figure.refresh_from_db()
    assert figure.status == "draft"


def test_editing_a_published_figure_returns_it_to_review(client, ed, rita, make_figure, cells):
    figure = make_figure(created_by=ed)
    figure_submit(figure=figure, user=ed)
    run_action(as_user(client, rita), "publish", [figure], apply="1")
    url = reverse("admin:figures_reportedfigure_change", args=[figure.pk])
    as_user(client, ed).post(url, figure_form(figure.quote, cells, notes="new note"))
    figure.refresh_from_db()
    assert (figure.status, figure.reviewed_by) == ("in_review", None)


def test_history_records_each_step_with_who_and_what_changed(client, ed, rita, make_quote, cells):
    as_user(client, ed).post(ADD, figure_form(make_quote("اعتقال 214 خلية إرهابية"), cells))
    figure = ReportedFigure.objects.get()
    run_action(client, "submit_for_review", [figure])
    run_action(as_user(client, rita), "publish", [figure], apply="1")
    history = list(figure.history.order_by("history_date"))
    assert [h.status for h in history] == ["draft", "in_review", "published"]
    assert [h.history_user for h in history] == [ed, ed, rita]
    page = client.get(reverse("admin:figures_reportedfigure_history", args=[figure.pk]))
    assert "in_review" in page.text and "published" in page.text


def test_the_changelist_finds_arabic_whatever_the_spelling(client, ed, make_figure):
    figure = make_figure("اعتقال 214 خلية إرهابية")
    as_user(client, ed)
    for query in ["ارهابيه", "خليه", "إرهابيّة", "٢١٤", '"214 خلية"']:
        listed = client.get(CHANGELIST, {"q": query}).context["cl"].result_list
        assert list(listed) == [figure], query
    assert not client.get(CHANGELIST, {"q": "مؤامرة"}).context["cl"].result_list


@pytest.mark.parametrize("rows", [5, 100])
def test_the_changelist_runs_a_fixed_number_of_queries(
    client, ed, make_figure, rows, django_assert_max_num_queries
):
    quote = make_figure().quote
    for _ in range(rows - 1):
        make_figure(quote=quote)
    as_user(client, ed)
    with django_assert_max_num_queries(15):
        page = client.get(CHANGELIST)
    assert len(page.context["cl"].result_list) == rows


@pytest.mark.parametrize("check", ["value_missing", "disagreement", "clean"])
def test_provenance_flags_filter_the_list(client, ed, make_figure, check):
    ok = make_figure()
    missing = make_figure("أكثر من مئتي خلية", value="2150")  # a likely misprint of 214
    expected = {"value_missing": [missing], "disagreement": [ok, missing], "clean": []}[check]
    listed = as_user(client, ed).get(CHANGELIST, {"check": check}).context["cl"].result_list
    assert sorted(f.pk for f in listed) == sorted(f.pk for f in expected)


def test_a_bulk_action_regroups_disagreements_once(client, ed, rita, make_figure, monkeypatch):
    from apps.figures.disagreements.regroup import Regrouping

    first = make_figure(created_by=ed, status="in_review")
    figures = [first] + [
        make_figure(quote=first.quote, created_by=ed, status="in_review", value=value)
        for value in ("2009", "2009")
    ]
    runs = []
    real_run = Regrouping.run
    monkeypatch.setattr(Regrouping, "run", lambda self: runs.append(1) or real_run(self))
    client.force_login(rita)
    selected = {"action": "reject", "apply": "1", "reason": "Duplicates.", "index": "0"}
    client.post(CHANGELIST, {**selected, "_selected_action": [f.pk for f in figures]})
    assert len(runs) == 1
    assert set(ReportedFigure.objects.values_list("status", flat=True)) == {"rejected"}
    assert not ReportedFigure.objects.filter(disagreement__isnull=False).exists()
