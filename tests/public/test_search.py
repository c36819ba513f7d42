"""Search by words on the public site, its exports, the API and the admin."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from apps.core.models import PluralForm
from apps.core.pagination import RankedOrdering, keyset_page
from apps.figures import selectors
from apps.figures.models import ReportedFigure
from apps.sources.models import Quote

LIST = reverse("public:figure_list")
ADMIN_FIGURES = reverse("admin:figures_reportedfigure_changelist")


@pytest.fixture
def publish(world, editor, reviewer):
    """Publish a figure quoting ``words`` from the first source (appended to its text)."""
    source = world["sources"][0]
    metric = world["prosecuted"].metric  # a metric whose names the searches below miss

    def make(words: str, value: int = 1) -> ReportedFigure:
        source.text += "\n" + words
        source.save()
        quote = Quote.objects.create(source=source, text=words)
        return ReportedFigure.objects.create(
            quote=quote,
            metric=metric,
            value=value,
            status="published",
            created_by=editor,
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
            value_check_override="not in the words",
        )

    return make


@pytest.fixture
def staff(client, db):
    user = get_user_model().objects.create_superuser("staff", password="pw-for-tests-1")
    client.force_login(user)
    return user


def listing(client, **params) -> list[int]:
    response = client.get(LIST, {"per_page": 200, **params})
    assert response.status_code == 200, response.content[:500]
    return [row.pk for row in response.context["figures"]]


def exported(client, **params) -> list[int]:
    response = client.get(LIST, {"format": "csv", **params})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(body))]


def from_api(client, **params) -> list[int]:
    body = client.get("/api/v1/figures/", {"per_page": 200, **params}).json()
    return [row["id"] for row in body["results"]]


def in_admin(client, **params) -> set[int]:
    page = client.get(ADMIN_FIGURES, {"status__exact": "published", **params})
    return {figure.pk for figure in page.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("خلايا", ("cells_214", "cells_200", "formula")),  # the plural finds the singular
        ("السجناء", ("beneficiaries",)),  # 301 سجينا
        ("إرهابي", ("cells_214",)),  # إرهابية; the draft's مشروع إرهابي stays hidden
        ('"214 خلية"', ("cells_214",)),
        ("تخليهم", ()),
    ],
)
def test_the_listing_its_export_the_api_and_the_admin_find_the_same_figures(
    client, world, staff, query, found
):
    expected = {world[name].pk for name in found}
    assert set(listing(client, q=query)) == expected
    assert set(exported(client, q=query)) == expected
    assert set(from_api(client, q=query)) == expected
    assert in_admin(client, q=query) == expected


def test_a_word_never_finds_its_letters_inside_another_word(client, world, publish):
    renounced = publish('بعد التأكد من "تخلّيهم عن الأفكار المتطرفة"')
    sleeper = publish("تفكيك خليتين نائمتين")
    found = listing(client, q="خلية")
    assert renounced.pk not in found
    assert sleeper.pk in found


def test_figures_matching_every_word_come_first_when_sorted_by_relevance(client, world, publish):
    both = publish("تفكيك خلية تضم سجناء سابقين")
    newer = publish("تفكيك خلية جديدة")
    best_first = listing(client, q="خلية سجين")  # relevance is the default with a search
    assert best_first[0] == both.pk
    assert set(best_first[1:]) == {
        newer.pk,
        world["cells_214"].pk,
        world["cells_200"].pk,
        world["formula"].pk,
        world["beneficiaries"].pk,
    }
    assert best_first[1:] == sorted(best_first[1:], reverse=True)  # then newest first
    assert listing(client, q="خلية سجين", sort="relevance") == best_first
    assert from_api(client, q="خلية سجين") == best_first
    # The other sorts keep their order, over the same figures.
    newest_first = listing(client, q="خلية سجين", sort="-id")
    assert newest_first == sorted(best_first, reverse=True)
    assert newest_first[0] == newer.pk


def test_pages_sorted_by_relevance_follow_each_other_both_ways(world, publish):
    both = publish("تفكيك خلية تضم سجناء سابقين")
    other = publish("خلية أخرى من السجناء")
    filterset = selectors.figure_filter({"q": "خلية سجين"})
    ordering = selectors.ordering("relevance", filterset)
    assert isinstance(ordering, RankedOrdering)
    whole = [row.pk for row in keyset_page(filterset.qs, ordering, size=100).rows]
    assert len(whole) == 6  # four of the world's figures, and these two
    assert set(whole[:2]) == {both.pk, other.pk}
    walked, page = [], keyset_page(filterset.qs, ordering, size=2)
    while True:
        walked += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        page = keyset_page(filterset.qs, ordering, after=page.next_cursor, size=2)
    assert walked == whole
    back = keyset_page(filterset.qs, ordering, before=page.previous_cursor, size=2)
    assert [row.pk for row in back.rows] == whole[2:4]  # the page before the last


def test_a_search_of_one_word_sorted_by_relevance_is_newest_first(client, world):
    assert listing(client, q="خلية") == listing(client, q="خلية", sort="-id")


def test_best_match_is_offered_only_with_a_search(client, world):
    assert "best match" not in client.get(LIST).text
    page = client.get(LIST, {"q": "خلية"}).text
    assert "<strong>best match</strong>" in page
    assert 'name="sort"' not in page  # a new search is sorted by relevance again


def test_a_plural_added_by_staff_finds_figures_at_once_everywhere(client, world, publish, staff):
    branches = publish("تفكيك فروع التنظيم في ثلاث مدن")
    assert listing(client, q="فرع") == []  # and the page is kept in memory
    response = client.post(
        reverse("admin:core_pluralform_add"), {"singular": "فرع", "plural": "فروع"}
    )
    assert response.status_code == 302
    assert PluralForm.objects.filter(singular="فرع").exists()
    assert listing(client, q="فرع") == [branches.pk]
    assert from_api(client, q="الفرع") == [branches.pk]
    assert in_admin(client, q="فرع") == {branches.pk}


def test_the_lexicon_page_refuses_a_pair_already_listed(client, staff):
    response = client.post(
        reverse("admin:core_pluralform_add"), {"singular": "الخلية", "plural": "خلايا"}
    )
    assert response.status_code == 200
    assert "This singular and plural are already listed." in response.text


def test_the_admin_searches_names_in_french_and_english_by_words(client, world, staff):
    world["dgsn"].name_fr = "Direction générale de la sûreté nationale"
    world["dgsn"].save()
    changelist = reverse("admin:registry_institution_changelist")
    for query in ("surete", "Sûreté", "directorates", "الأمن"):
        found = client.get(changelist, {"q": query}).context["cl"].result_list
        assert [institution.slug for institution in found] == ["dgsn"], query
    assert not client.get(changelist, {"q": "rate"}).context["cl"].result_list  # in Directorate


def test_an_autocomplete_box_finds_the_word_being_typed(client, world, staff):
    ask = {"app_label": "figures", "model_name": "reportedfigure", "field_name": "quote"}
    found = client.get(reverse("admin:autocomplete"), {**ask, "term": "خل"}).json()
    assert {row["text"] for row in found["results"]} == {
        "«اعتقال 214 خلية إرهابية»",
        "«(أكثر من مئتي خلية)»",
        '«=HYPERLINK("http://evil") 17 خلية»',
    }
    # A changelist search takes whole words only.
    assert in_admin(client, q="خل") == set()


def test_staff_import_plural_forms_from_a_spreadsheet(client, staff):
    upload = io.BytesIO("singular,plural\nفرع,فروع\nخلية,خلايا\n".encode())
    upload.name = "plurals.csv"
    preview = client.post(
        reverse("admin:core_pluralform_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
    )
    assert preview.status_code == 200 and "فروع" in preview.text
    form = preview.context["confirm_form"]
    confirm = client.post(
        reverse("admin:core_pluralform_process_import"),
        {name: form.initial.get(name, field.initial) for name, field in form.fields.items()},
    )
    assert confirm.status_code == 302
    assert PluralForm.objects.filter(plural="فروع").count() == 1
    assert PluralForm.objects.filter(plural="خلايا").count() == 1  # listed already: unchanged


@pytest.mark.parametrize("common", [False, True])
@pytest.mark.parametrize(
    "query",
    [
        "خلية سجين",  # both in one quote
        "خلية الداخلية",  # one in the quote, one in the name it is attributed to
        "DGSN إرهابية",
        '"214 خلية" الأمن',
        "مصالحة سجناء برنامج",
    ],
)
def test_the_figures_with_every_word_are_found_through_the_indexes_as_plainly(
    world, publish, monkeypatch, query, common
):
    from apps.core.search import all_of
    from apps.figures import filters

    publish("تفكيك خلية تضم سجناء سابقين")
    if common:  # every word's quotes read through the join, not listed first
        monkeypatch.setattr(filters, "COMMON_TERM_QUOTES", -1)
    filterset = selectors.figure_filter({"q": query})
    found = filterset.qs
    plainly = set(found.filter(all_of(filterset.search_conditions)).values_list("pk", flat=True))
    assert plainly  # the table asks for words some figure has together
    assert set(found.filter(filterset.every_search_term).values_list("pk", flat=True)) == plainly
