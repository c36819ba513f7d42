"""Every table that staff can take out and bring back as a spreadsheet,
in the order an import must follow (what is referred to comes first)."""

from apps.registry.resources import (
    CohortResource,
    IncidentResource,
    InstitutionResource,
    LawResource,
    ProgrammeInstitutionResource,
    ProgrammeResource,
)
from apps.sources.resources import QuoteResource, SourceResource

from .resources import MetricResource, ReportedFigureResource

TABLES = {
    "metrics": MetricResource,
    "institutions": InstitutionResource,
    "programmes": ProgrammeResource,
    "programme-institutions": ProgrammeInstitutionResource,
    "cohorts": CohortResource,
    "laws": LawResource,
    "incidents": IncidentResource,
    "sources": SourceResource,
    "quotes": QuoteResource,
    "figures": ReportedFigureResource,
}
