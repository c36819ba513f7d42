"""Browser fixtures: Debian's Chromium, driven by Playwright's sync API, against
pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread; the test still
reads and writes the database through the ORM, which Django refuses inside an
event loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The ``browser`` fixture sets
it before Playwright starts and removes it when the browser tests end: set for
the whole session, it would leak into every later test and every subprocess a
test starts (``check --deploy`` then fails with async.E001).

Without /usr/bin/chromium (``.ci/install-browser`` installs it), or when it
cannot start, every browser test is skipped with the reason, never silently.
A failed test leaves a screenshot of its page in screenshots/failures/.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from apps.screenshots.management.commands.screenshots import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 15_000
PASSWORD = "a-long-browser-test-password"
GROUPS_MIGRATION = "apps.figures.migrations.0002_editor_and_reviewer_groups"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failed call."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests, or a skip that says why there is none.

    Package-scoped: Playwright's event loop, and DJANGO_ALLOW_ASYNC_UNSAFE, end with
    the last browser test, so tests that run after these never meet either."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM}: run .ci/install-browser "
            "(or apt-get install chromium) to run the browser tests"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        except Exception as error:  # any launch failure means "no browser here", with why
            playwright.stop()
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            pytest.skip(f"{CHROMIUM} cannot start: {first_line}")
        yield chromium
        chromium.close()
        playwright.stop()


def failure_screenshot_path(request) -> Path:
    """screenshots/failures/<test name>.png under the repository."""
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    return Path(request.config.rootpath) / "screenshots" / "failures" / f"{name}.png"


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab on the live server (relative URLs work); screenshotted if the test fails."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        target = failure_screenshot_path(request)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            tab.screenshot(path=str(target), full_page=True)
            print(f"screenshot of the failed page: {target}")
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"no screenshot of the failed page: {error}")
    context.close()


def staff_group(name: str) -> Group:
    """The Editor or Reviewer group made by the migration.

    A transactional test empties every table when it ends, groups included
    (permissions come back by themselves); then the group is rebuilt here with
    the migration's own list of permissions.
    """
    group, created = Group.objects.get_or_create(name=name)
    if created or not group.permissions.exists():
        roles = importlib.import_module(GROUPS_MIGRATION)
        wanted = [
            (app_label, f"{action}_{model}")
            for app_label, models in roles.EDITOR_MODELS.items()
            for model in models
            for action in roles.EDITOR_ACTIONS
        ]
        wanted.append(("figures", "view_disagreement"))
        if name == "Reviewer":
            wanted += roles.REVIEWER_EXTRA
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        )
    return group


def staff_member(username: str, group: str):
    """A staff account in one of the two roles, with a password to type in the login form."""
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=username.title()
    )
    user.groups.add(staff_group(group))
    return user


@pytest.fixture
def editor_account(transactional_db):
    return staff_member("edna", "Editor")


@pytest.fixture
def reviewer_account(transactional_db):
    return staff_member("rachid", "Reviewer")
