"""What an editor in another time zone reads on the admin's forms."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from .conftest import PASSWORD

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def far_away(browser, live_server, transactional_db):
    """A tab in Tokyo, logged in as a superuser, while the server keeps Moroccan time."""
    get_user_model().objects.create_superuser("boss", password=PASSWORD)
    context = browser.new_context(
        base_url=live_server.url, timezone_id="Asia/Tokyo", viewport={"width": 1400, "height": 1000}
    )
    tab = context.new_page()
    tab.goto(reverse("admin:login"))
    tab.fill("#id_username", "boss")
    tab.fill("#id_password", PASSWORD)
    tab.click("form#login-form [type=submit]")
    tab.wait_for_selector("#user-tools")
    yield tab
    context.close()


def visible_time_warnings(tab, path: str) -> int:
    tab.goto(path)
    tab.wait_for_load_state("load")
    return tab.locator(".timezonewarning:visible").count()


def test_the_time_difference_is_told_once_per_time_not_beside_every_date(far_away):
    assert visible_time_warnings(far_away, reverse("admin:figures_reportedfigure_add")) == 0
    assert visible_time_warnings(far_away, reverse("admin:sources_source_add")) == 1
