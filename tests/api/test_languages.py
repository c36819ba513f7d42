"""The API's documentation, its OpenAPI document and its error messages speak the
reader's language; the names a program relies on never change with it."""

import re

import pytest
from django.urls import reverse

DOCS = "/api/v1/docs/"
OPENAPI = "/api/v1/openapi.json"
HUMAN_TEXT = {"title", "summary", "description"}
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def choose(client, language):
    """Pick a language as a reader does: a link in the site's header (a cookie)."""
    response = client.get(reverse("choose_language", args=[language]), {"next": DOCS})
    assert response.status_code == 302 and response["Location"] == DOCS


def openapi(client, **params) -> dict:
    response = client.get(OPENAPI, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def names_only(node):
    """The document with its human-readable text left out: what a program reads."""
    if isinstance(node, dict):
        return {key: names_only(value) for key, value in node.items() if key not in HUMAN_TEXT}
    if isinstance(node, list):
        return [names_only(item) for item in node]
    return node


def texts(node, path=()):
    """Every human-readable text of the document, by where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in HUMAN_TEXT and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from texts(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from texts(item, (*path, index))


@pytest.mark.parametrize(
    ("language", "direction", "heading", "summary"),
    [
        ("en", "ltr", "<h2>Endpoints</h2>", "Published figures"),
        ("fr", "ltr", "<h2>Points d'accès</h2>", "Chiffres retirés de la publication"),
        ("ar", "rtl", "<h2>نقاط الوصول</h2>", "الأرقام المسحوبة من النشر"),
    ],
)
def test_the_documentation_page_speaks_the_chosen_language(
    client, db, language, direction, heading, summary
):
    choose(client, language)
    page = client.get(DOCS).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert heading in page and summary in page
    assert f'href="{OPENAPI}?lang={language}"' in page  # the same text, machine-readable


def test_the_documentation_page_follows_the_browser_language(client, db):
    page = client.get(DOCS, headers={"accept-language": "ar,fr;q=0.8"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "لا تُقدَّم إلا الأرقام المنشورة." in page
    assert "<code>updated_since</code>" in page  # parameter names stay as they are


def test_the_documentation_page_translates_its_tables(client, db):
    choose(client, "fr")
    page = client.get(DOCS).content.decode()
    assert "<th>Paramètre</th><th>Emplacement</th><th>Type</th><th>Obligatoire</th>" in page
    assert "<summary>Champs renvoyés</summary>" in page
    assert "l&#x27;une des valeurs <code>exact</code>, <code>approximately</code>" in page


def test_documents_in_other_languages_are_not_shared_by_caches(client, db):
    response = client.get(DOCS)
    assert {"Cookie", "Accept-Language"} <= {name.strip() for name in response["Vary"].split(",")}


def test_the_openapi_document_is_in_the_language_of_the_cookie(client, db):
    choose(client, "fr")
    document = openapi(client)
    assert document["info"]["title"] == "API de ctdb"
    assert document["info"]["description"].startswith("Accès en lecture seule aux chiffres")
    figures = document["paths"]["/api/v1/figures/"]["get"]
    assert figures["summary"] == "Chiffres publiés"
    assert figures["responses"]["429"]["description"] == "Limite de débit dépassée."
    quote = document["components"]["schemas"]["FigureRow"]["properties"]["quote"]
    assert quote["description"] == "Les mots exacts de la source."


def test_lang_asks_for_one_language_whatever_the_cookie_says(client, db):
    choose(client, "fr")
    response = client.get(OPENAPI, {"lang": "ar"})
    assert response["Content-Language"] == "ar"
    assert response.json()["paths"]["/api/v1/laws/"]["get"]["summary"] == "القوانين"


def test_accept_language_chooses_the_language_of_the_openapi_document(client, db):
    response = client.get(OPENAPI, headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert response["Content-Language"] == "fr"
    assert response.json()["paths"]["/api/v1/sources/{id}/"]["get"]["summary"] == "Une source"


def test_an_unknown_language_is_a_400_naming_lang(client, db):
    response = client.get(OPENAPI, {"lang": "de"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lang"}


def test_each_language_gets_its_own_document(client, db):
    assert openapi(client, lang="fr")["paths"]["/api/v1/metrics/"]["get"]["summary"] == (
        "Indicateurs"
    )
    assert openapi(client, lang="en")["paths"]["/api/v1/metrics/"]["get"]["summary"] == "Metrics"


def test_names_enums_and_parameters_are_the_same_in_every_language(client, db):
    english, french, arabic = (openapi(client, lang=code) for code in ("en", "fr", "ar"))
    assert names_only(french) == names_only(english) == names_only(arabic)
    qualifier = english["components"]["schemas"]["Qualifier"]["enum"]
    assert arabic["components"]["schemas"]["Qualifier"]["enum"] == qualifier
    assert "more_than" in qualifier


def test_every_text_of_the_arabic_openapi_document_is_in_arabic(client, db):
    english = dict(texts(openapi(client, lang="en")))
    arabic = dict(texts(openapi(client, lang="ar")))
    assert arabic.keys() == english.keys()
    untranslated = [path for path, text in arabic.items() if not ARABIC_LETTER.search(text)]
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Unknown parameter."), ("fr", "Paramètre inconnu.")]
)
def test_error_messages_follow_the_language_and_keep_their_keys(client, db, language, message):
    response = client.get(
        "/api/v1/figures/", {"metrc": "cells-dismantled"}, headers={"accept-language": language}
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"metrc": [message]}}
