"""Model behaviour shared across apps."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .search import SearchKey


class FieldKeyedConstraintsMixin(models.Model):
    """Report a database constraint's violation against the field it is about.

    The rules live in ``Meta.constraints`` so the database refuses bad rows
    from any path; this maps each constraint's message onto a form field
    (``CONSTRAINT_FIELDS = {constraint name: field name}``), so the admin
    shows "A percentage is at most 100" next to the value, not above the form.
    """

    CONSTRAINT_FIELDS: dict[str, str] = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict[str, list] = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                if self.vacuous(constraint.name):
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=DEFAULT_DB_ALIAS)
                except ValidationError as error:
                    field = self.CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
                    if field in exclude:
                        field = NON_FIELD_ERRORS
                    errors.setdefault(field, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)

    def vacuous(self, name: str) -> bool:
        """A day/month rule on an empty date holds; PostgreSQL cannot type EXTRACT(NULL)."""
        field = self.CONSTRAINT_FIELDS.get(name)
        rule = name.endswith(("_coarse_first_day", "_year_first_month"))
        return rule and field is not None and getattr(self, field, None) is None


LISTED_PAIR = _("This singular and plural are already listed.")


class PluralForm(FieldKeyedConstraintsMixin, models.Model):
    """A singular and its plural that the search takes for one word.

    Regular plurals are read from their endings (عمليات, cellules, cells); a
    broken plural (خلايا for خلية, سجناء for سجين) is not, and is listed here.
    The search reads this table when a search is made, so a new pair works at
    once, in every search.
    """

    singular = models.CharField(
        _("singular"),
        max_length=60,
        help_text=_(
            "One word, as usually written: خلية. Hamza forms, diacritics and the article "
            "make no difference."
        ),
    )
    plural = models.CharField(
        _("plural"), max_length=60, help_text=_("Its plural, one word: خلايا.")
    )
    singular_key = models.GeneratedField(
        expression=SearchKey(F("singular")), output_field=models.TextField(), db_persist=True
    )
    plural_key = models.GeneratedField(
        expression=SearchKey(F("plural")), output_field=models.TextField(), db_persist=True
    )

    history = HistoricalRecords(excluded_fields=["singular_key", "plural_key"])

    CONSTRAINT_FIELDS = {
        "core_pluralform_single_words": "plural",
        "core_pluralform_unique_pair": "plural",
    }

    class Meta:
        verbose_name = _("plural form")
        verbose_name_plural = _("plural forms")
        ordering = ["singular", "plural"]
        constraints = [
            models.CheckConstraint(
                condition=Q(singular__regex=r"^\S+$") & Q(plural__regex=r"^\S+$"),
                name="core_pluralform_single_words",
                violation_error_message=_("Write one word in each box."),
            ),
            models.UniqueConstraint(
                fields=["singular_key", "plural_key"],
                name="core_pluralform_unique_pair",
                violation_error_message=LISTED_PAIR,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.singular} / {self.plural}"

    def clean(self) -> None:
        # Django does not check a unique constraint on generated columns before
        # saving; the database still refuses the pair, this says why first.
        listed = PluralForm.objects.filter(
            singular_key=SearchKey(Value(self.singular)), plural_key=SearchKey(Value(self.plural))
        )
        if listed.exclude(pk=self.pk).exists():
            raise ValidationError({"plural": LISTED_PAIR})
