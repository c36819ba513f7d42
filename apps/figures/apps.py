from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "apps.figures"
    verbose_name = _("Figures")

    def ready(self):
        from . import receivers

        receivers.connect()
        # The quote list shows how many figures rest on each quote.
        from apps.sources.admin import QuoteAdmin, RelatedCount

        from .models import ReportedFigure

        QuoteAdmin.counts["figure_count"] = RelatedCount(_("figures"), ReportedFigure, "quote")
