from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "apps.imports"
    verbose_name = _("Imports")

    def ready(self):
        from apps.figures.admin import ReportedFigureAdmin

        from .admin import BackgroundImports

        ReportedFigureAdmin.background_import = BackgroundImports("figures")
        ReportedFigureAdmin.import_template_name = BackgroundImports.template_name
