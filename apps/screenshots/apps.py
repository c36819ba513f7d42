from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreenshotsConfig(AppConfig):
    """``manage.py screenshots``: the whole site as staff and readers see it.

    It looks at every app's pages, so it sits above all of them.
    """

    name = "apps.screenshots"
    verbose_name = _("Screenshots")
