from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "apps.registry"
    verbose_name = _("Registry")

    def ready(self):
        from .areas import ensure_areas

        # After every migrate and flush, as Django does for content types: a figure's
        # default area (Morocco) and the world always exist.
        post_migrate.connect(ensure_areas, sender=self)
