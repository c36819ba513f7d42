from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkActionsConfig(AppConfig):
    name = "apps.bulkactions"
    verbose_name = _("Bulk actions")
