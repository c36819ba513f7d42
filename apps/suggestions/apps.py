from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "apps.suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        # The "Suggest figures" page of a source; its link is in this app's
        # admin/sources/source/change_form.html.
        from apps.sources.admin import SourceAdmin

        from .views import suggest_figures

        SourceAdmin.pages["suggest"] = suggest_figures
