from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "apps.seed"
    verbose_name = "Seed"
