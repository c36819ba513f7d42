"""The source form in the admin: its text and its quotes, in one page."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.sources.models import Quote, Source
from tests.admin_forms import admin_form_data

TEXT = "تمكّنت السلطات المغربية من اعتقال 214 خلية إرهابية منذ سنة 2002."


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    client.user = user
    return client


def new_source_with_quote(editor_client, words: str):
    add = reverse("admin:sources_source_add")
    page = editor_client.get(add)
    data = admin_form_data(
        page,
        title="A new article",
        text=TEXT,
        language="ar",
        **{"quotes-0-text": words},
    )
    return editor_client.post(add, data)


def test_a_new_source_with_a_quote_not_in_its_text_shows_the_nearest_passage(editor_client):
    page = new_source_with_quote(editor_client, "اعتقال 215 خلية إرهابية")
    assert page.status_code == 200
    assert "These words are not in the source&#x27;s text." in page.text
    assert "Nearest passage: «اعتقال 214 خلية إرهابية" in page.text
    assert page.context["adminform"].form["text"].value() == TEXT  # nothing typed is lost
    assert not Source.objects.exists() and not Quote.objects.exists()


def test_a_new_source_with_a_quote_in_its_text_is_saved_with_its_offsets(editor_client):
    page = new_source_with_quote(editor_client, "اعتقال 214 خلية إرهابية")
    assert page.status_code == 302
    quote = Quote.objects.get()
    assert TEXT[quote.start : quote.end] == "اعتقال 214 خلية إرهابية"
