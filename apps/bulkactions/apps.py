from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkActionsConfig(AppConfig):
    name = "apps.bulkactions"
    verbose_name = _("Bulk actions")

    def ready(self):
        from apps.figures.admin import ReportedFigureAdmin

        from .admin import start_in_background

        ReportedFigureAdmin.background_review = staticmethod(start_in_background)
