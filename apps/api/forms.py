"""The query parameters of the API that are not figure filters.

Figure filters are parsed by the public FigureFilter itself; these forms
parse the rest (pages, sort, the change feed, entity search) with the same
field classes (apps.core.parameters), so ``updated_since``, ``per_page`` or
``q`` read the same everywhere.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.pagination import InvalidCursor, Ordering, RankedOrdering
from apps.core.parameters import PageSizeField, UtcDateTimeField
from apps.figures import selectors
from apps.figures.filters import SearchField

from .errors import ParameterError
from .pagination import BY_ID, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, check_cursor

CURSOR_MAX_LENGTH = 500
INVALID_CURSOR = _("This cursor is not valid here; start again from the first page.")


class PageForm(forms.Form):
    """``after`` / ``before`` cursors and ``per_page``, over lists ordered by id."""

    after = forms.CharField(required=False, max_length=CURSOR_MAX_LENGTH)
    before = forms.CharField(required=False, max_length=CURSOR_MAX_LENGTH)
    per_page = PageSizeField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args, filterset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filterset = filterset  # the figure filters a list is under, if any

    def ordering(self) -> Ordering:
        return BY_ID

    def page_size(self) -> int:
        return self.cleaned_data.get("per_page") or DEFAULT_PAGE_SIZE

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("after") and cleaned.get("before"):
            self.add_error("before", _("Give after or before, not both."))
        for name in ("after", "before"):
            if cleaned.get(name):
                self.check_cursor(name, cleaned[name])
        return cleaned

    def check_cursor(self, name: str, cursor: str) -> None:
        try:
            check_cursor(cursor, self.ordering())
        except InvalidCursor:
            self.add_error(name, INVALID_CURSOR)


class FigurePageForm(PageForm):
    """Figure lists sort like the public listing: by id, value, period or relevance
    (best match first, the default with a search), which ``filterset``'s search decides."""

    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in selectors.SORT_LABELS])

    def ordering(self) -> Ordering | RankedOrdering:
        sort = self.cleaned_data.get("sort") or selectors.default_sort(self.data)
        return selectors.ordering(sort, self.filterset)


class EntityListForm(PageForm):
    """Entity lists: an Arabic-aware search over names, and the change feed."""

    q = SearchField(required=False)
    updated_since = UtcDateTimeField(required=False)


class WithdrawnForm(forms.Form):
    updated_since = UtcDateTimeField()


class LanguageForm(forms.Form):
    """``lang``: the language of a document, whatever the reader's cookie or browser says."""

    lang = forms.ChoiceField(required=False, choices=settings.LANGUAGES)


def parse(form_class, params, *, extra_errors: dict | None = None, **context) -> forms.Form:
    """A bound, valid form; otherwise a ParameterError naming every bad parameter."""
    form = form_class(params, **context)
    errors = dict(extra_errors or {})
    if not form.is_valid():
        errors.update({name: list(messages) for name, messages in form.errors.items()})
    if errors:
        raise ParameterError(errors)
    return form
