"""/api/v1/: figures by id, sources by id, every other record by slug."""

from django.urls import path, re_path

from . import views

app_name = "api"


def entity_routes(prefix: str, listing, detail, key: str = "<slug:slug>") -> list:
    return [
        path(f"{prefix}/", listing.as_view(), name=f"{prefix[:-1]}-list"),
        path(f"{prefix}/{key}/", detail.as_view(), name=f"{prefix[:-1]}-detail"),
    ]


urlpatterns = [
    path("openapi.json", views.OpenApiDocument.as_view(), name="openapi"),
    path("docs/", views.Documentation.as_view(), name="docs"),
    path("figures/", views.FigureList.as_view(), name="figure-list"),
    path("figures/withdrawn/", views.WithdrawnFigures.as_view(), name="figure-withdrawn"),
    path("figures/<int:id>/", views.FigureDetail.as_view(), name="figure-detail"),
    path("disagreements/", views.DisagreementList.as_view(), name="disagreement-list"),
    path("disagreements/<int:id>/", views.DisagreementDetail.as_view(), name="disagreement-detail"),
    *entity_routes("sources", views.SourceList, views.SourceDetail, "<int:id>"),
    *entity_routes("institutions", views.InstitutionList, views.InstitutionDetail),
    *entity_routes("programmes", views.ProgrammeList, views.ProgrammeDetail),
    *entity_routes("laws", views.LawList, views.LawDetail),
    *entity_routes("incidents", views.IncidentList, views.IncidentDetail),
    *entity_routes("metrics", views.MetricList, views.MetricDetail),
    # Anything else under /api/v1/ that ends in a slash (whatever characters come
    # before it, newlines included): a JSON 404, not the site's HTML page.
    re_path(r"^[\s\S]*/$", views.NotFoundView.as_view(), name="not-found"),
]
