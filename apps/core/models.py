"""Model behaviour shared across apps."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, models


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
