from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "apps.suggestions"
    verbose_name = "Suggestions"
