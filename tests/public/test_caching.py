"""Kept pages, facet counts and the registry in memory never outlive the data they show."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.figures import facets
from apps.figures.models import ReportedFigure


def figure_page(figure) -> str:
    return reverse("public:figure_detail", args=[figure.pk])


def move_the_version_with_a_public_edit(world) -> None:
    ReportedFigure.objects.filter(pk=world["prosecuted"].pk).update(notes="a later edit")


@pytest.mark.django_db(transaction=True)
def test_a_restored_older_state_never_serves_a_page_kept_after_the_backup(
    client, world, reviewer, tmp_path
):
    from ctdb import backup

    path = tmp_path / "before-publication.dump"
    params = connection.get_connection_params()
    backup.dump(params, path)  # the figure is still in review here
    ReportedFigure.objects.filter(pk=world["in_review"].pk).update(
        status="published", reviewed_by=reviewer, reviewed_at=timezone.now()
    )
    assert client.get(figure_page(world["in_review"])).status_code == 200  # now kept

    connection.close()
    backup.restore(params, path)

    assert client.get(figure_page(world["in_review"])).status_code == 404
    move_the_version_with_a_public_edit(world)  # the counter reaches its old number again
    assert client.get(figure_page(world["in_review"])).status_code == 404


def test_a_version_set_back_by_hand_never_brings_back_a_kept_page(client, world):
    figure = world["cells_214"]
    assert "214" in client.get(figure_page(figure)).text  # kept under the current version
    with connection.cursor() as cursor:
        cursor.execute("UPDATE figures_publication_version SET version = version - 1")
    ReportedFigure.objects.filter(pk=figure.pk).update(status="in_review")  # and up again

    assert client.get(figure_page(figure)).status_code == 404


def test_every_move_of_the_version_is_a_data_version_never_seen_before(world):
    seen = {facets.data_version("default")}
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE figures_publication_version SET version = 0")
        move_the_version_with_a_public_edit(world)
        seen.add(facets.data_version("default"))
    assert len(seen) == 4
