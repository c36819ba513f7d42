"""The schema inspector of the API's views (drf-spectacular's, named on each view so
that it does not depend on REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"])."""

from drf_spectacular.openapi import AutoSchema


class ApiSchema(AutoSchema):
    """drf-spectacular's inspector, taking each view's operation id from the view."""

    def get_operation_id(self):
        return getattr(self.view, "operation_id", None) or super().get_operation_id()
