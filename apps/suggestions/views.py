"""The "Suggest figures" page of a Source in the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.registry.models import Incident, Institution, Law, Programme
from apps.sources.models import Source

from .forms import SuggestionFormSet
from .services import SuggestionRowError, figures_from_suggestions, suggestions_for

ENTITY_MODELS = {
    "institution": Institution,
    "programme": Programme,
    "law": Law,
    "incident": Incident,
}


def entity_labels(suggestions) -> dict[tuple, str]:
    """Names of the entities the candidates mention, in one query per kind."""
    wanted: dict[str, set] = {}
    for suggestion in suggestions:
        for kind, pk in suggestion.candidate.entities:
            wanted.setdefault(kind, set()).add(pk)
    labels = {}
    for kind, pks in wanted.items():
        for entity in ENTITY_MODELS[kind].objects.filter(pk__in=pks):
            labels[(kind, entity.pk)] = str(entity)
    return labels


def initial_rows(suggestions) -> list[dict]:
    """The form's first values: a candidate is ticked when new, with a metric, and not flagged."""
    return [
        {
            "keep": (
                suggestion.already_entered is None
                and suggestion.metric is not None
                and not suggestion.candidate.review
            ),
            "start": suggestion.candidate.start,
            "end": suggestion.candidate.end,
            "value": suggestion.candidate.value,
            "value_max": suggestion.candidate.value_max,
            "qualifier": suggestion.candidate.qualifier,
            "unit": suggestion.candidate.unit,
            "metric": suggestion.metric.slug if suggestion.metric else None,
        }
        for suggestion in suggestions
    ]


def suggest_figures(request, model_admin, object_id):
    source = get_object_or_404(Source, pk=object_id)
    if not (
        model_admin.has_view_permission(request, source)
        and request.user.has_perm("figures.add_reportedfigure")
    ):
        raise PermissionDenied
    suggestions = suggestions_for(source)
    formset = SuggestionFormSet(
        request.POST or None, initial=initial_rows(suggestions), form_kwargs={"text": source.text}
    )
    error = None
    if request.method == "POST" and formset.is_valid():
        choices = [
            {**form.cleaned_data, "row": index}
            for index, form in enumerate(formset.forms)
            if form.cleaned_data.get("keep")
        ]
        try:
            created = figures_from_suggestions(source=source, user=request.user, choices=choices)
        except SuggestionRowError as problem:
            error = _("Nothing was created. Row %(row)s: %(error)s") % {
                "row": problem.index + 1,
                "error": "; ".join(problem.error.messages),
            }
        else:
            messages.success(
                request,
                _("%(count)s draft figure(s) created from the text.") % {"count": len(created)},
            )
            url = reverse("admin:figures_reportedfigure_changelist")
            return redirect(f"{url}?source={source.pk}&status__exact=draft")
    labels = entity_labels(suggestions)
    rows = [
        {
            "form": form,
            "entered": suggestion.already_entered,
            "reasons": suggestion.candidate.reasons,
            "review": suggestion.candidate.review,
            "entities": [labels[e] for e in suggestion.candidate.entities if e in labels],
        }
        for form, suggestion in zip(formset.forms, suggestions, strict=True)
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Suggest figures"),
        "source": source,
        # The quotes are the source's words: Arabic right to left, French and English left to right.
        "text_direction": "rtl" if source.language == Source.Language.ARABIC else "ltr",
        "opts": model_admin.model._meta,
        "formset": formset,
        "rows": rows,
        "error": error,
    }
    return TemplateResponse(request, "admin/sources/source/suggest.html", context)
