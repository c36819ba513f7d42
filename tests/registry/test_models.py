"""The registry's own rules, held by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError

from apps.registry.models import Cohort, Incident, Institution, Law, Programme


@pytest.fixture
def dgst(db):
    return Institution.objects.create(
        slug="dgst", acronym="DGST", name_en="General Directorate for Territorial Surveillance"
    )


@pytest.fixture
def moussalaha(db):
    return Programme.objects.create(slug="moussalaha", name_ar="مصالحة", name_en="Moussalaha")


def test_bcij_belongs_to_dgst_and_dgst_cannot_be_deleted_under_it(dgst):
    bcij = Institution.objects.create(slug="bcij", acronym="BCIJ", name_en="BCIJ", parent=dgst)
    assert list(dgst.children.all()) == [bcij]
    with pytest.raises(ProtectedError):
        dgst.delete()


def test_an_institution_cannot_be_its_own_parent(dgst):
    dgst.parent = dgst
    with pytest.raises(ValidationError) as error:
        dgst.full_clean()
    assert "parent" in error.value.message_dict
    with pytest.raises(IntegrityError):
        dgst.save()


def test_an_entity_needs_at_least_one_name(db):
    with pytest.raises(IntegrityError):
        Institution.objects.create(slug="nameless")


def test_country_codes_are_two_capital_letters(db):
    institution = Institution(slug="x", name_en="X", country="Morocco")
    with pytest.raises(ValidationError) as error:
        institution.full_clean()
    assert "country" in error.value.message_dict


def test_cohort_numbers_are_unique_within_a_programme(moussalaha):
    Cohort.objects.create(programme=moussalaha, number=13)
    other = Programme.objects.create(slug="other", name_en="Other")
    Cohort.objects.create(programme=other, number=13)
    with pytest.raises(IntegrityError):
        Cohort.objects.create(programme=moussalaha, number=13)


def test_duplicate_cohort_number_is_reported_on_the_number_field(moussalaha):
    Cohort.objects.create(programme=moussalaha, number=13)
    with pytest.raises(ValidationError) as error:
        Cohort(programme=moussalaha, number=13).full_clean()
    assert "number" in error.value.message_dict


def test_a_cohort_cannot_end_before_it_starts(moussalaha):
    cohort = Cohort(
        programme=moussalaha,
        number=14,
        starts_on="2023-05-01",
        starts_on_precision="month",
        ends_on="2023-01-01",
        ends_on_precision="year",
    )
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert "ends_on" in error.value.message_dict
    with pytest.raises(IntegrityError):
        cohort.save()


def test_an_incident_cannot_end_before_it_occurred(db):
    with pytest.raises(IntegrityError):
        Incident.objects.create(
            slug="x",
            name_en="X",
            occurred_on="2003-05-16",
            occurred_on_precision="day",
            ended_on="2003-05-15",
            ended_on_precision="day",
        )


def test_law_numbers_are_kept_as_text_and_unique(db):
    law = Law.objects.create(slug="law-03-03", number="03.03", name_en="Counter-terrorism law")
    assert Law.objects.get(pk=law.pk).number == "03.03"
    with pytest.raises(IntegrityError):
        Law.objects.create(slug="again", number="03.03")


def test_names_follow_the_active_language(moussalaha):
    from django.utils import translation

    with translation.override("ar"):
        assert moussalaha.name == "مصالحة"
    with translation.override("en"):
        assert moussalaha.name == "Moussalaha"
    with translation.override("fr"):
        assert moussalaha.name == "Moussalaha"  # no French name: falls back to English
