"""Why figures cannot all be right, said in English, Arabic and French."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..provenance import describe_period, describe_value

LANGUAGES = ("en", "ar", "fr")


def ratio(big, small) -> Decimal:
    """How many times the larger count is the other, as the sentence says it."""
    return (Decimal(big.value) / Decimal(small.value_max or small.value)).quantize(Decimal("0.1"))


def sentence(relation: str, a, b, size: int) -> str:
    """One sentence, in the active language, about the pair ``a``–``b`` of a group of ``size``."""
    if relation == "implausible":
        small, big = sorted((a, b), key=lambda figure: figure.value)
        text = _(
            "%(small)s (%(small_period)s) and %(big)s (%(big_period)s) cannot both be right: "
            "%(big_value)s is %(ratio)s times the other count for nearly the same span."
        ) % {
            "small": describe_value(small),
            "small_period": describe_period(small),
            "big": describe_value(big),
            "big_period": describe_period(big),
            "big_value": describe_value(big),
            "ratio": number_format(ratio(big, small), decimal_pos=1),
        }
    elif relation == "inside":
        inner, outer = (
            (a, b) if a.compared_to - a.compared_from < b.compared_to - b.compared_from else (b, a)
        )
        text = _(
            "%(inner)s (%(inner_period)s) and %(outer)s (%(outer_period)s) cannot both be right: "
            "a period inside another cannot hold more events."
        ) % {
            "inner": describe_value(inner),
            "inner_period": describe_period(inner),
            "outer": describe_value(outer),
            "outer_period": describe_period(outer),
        }
    elif relation == "same_date":
        text = _("%(a)s and %(b)s for the same date (%(when)s) cannot both be right.") % {
            "a": describe_value(a),
            "b": describe_value(b),
            "when": describe_period(a),
        }
    else:
        text = _("%(a)s and %(b)s for the same period (%(when)s) cannot both be right.") % {
            "a": describe_value(a),
            "b": describe_value(b),
            "when": describe_period(a),
        }
    if size > 2:
        text += " " + _("%(count)s figures are in this disagreement.") % {"count": size}
    return text


def reasons(relation: str, a, b, size: int) -> dict[str, str]:
    """The sentence in every language the site speaks: {"reason_en": …, …}."""
    said = {}
    for language in LANGUAGES:
        with translation.override(language):
            said[f"reason_{language}"] = sentence(relation, a, b, size)
    return said
