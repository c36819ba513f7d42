"""The listing's parameters beside its filters, read by the parser the API uses too."""

from __future__ import annotations

from django import forms

from apps.core.parameters import PageSizeField
from apps.figures import selectors

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


class ListingForm(forms.Form):
    """``sort`` and ``per_page``; the cursors are checked when the page is read."""

    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in selectors.SORT_LABELS])
    per_page = PageSizeField(required=False, sizes=PAGE_SIZES)

    def page_size(self) -> int:
        return self.cleaned_data["per_page"] or DEFAULT_PAGE_SIZE
