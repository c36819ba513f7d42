from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "public"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="public:figure_list", permanent=False), name="home"),
    path("figures/", views.figure_list, name="figure_list"),
    path("figures/<int:pk>/", views.figure_detail, name="figure_detail"),
    path("disagreements/", views.disagreement_list, name="disagreement_list"),
    path("disagreements/<int:pk>/", views.disagreement_detail, name="disagreement_detail"),
    path("metrics/", views.metric_list, name="metric_list"),
    path("metrics/<slug:slug>/", views.metric_detail, name="metric_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("laws/", views.law_list, name="law_list"),
    path("laws/<slug:slug>/", views.law_detail, name="law_detail"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/<slug:slug>/", views.incident_detail, name="incident_detail"),
]
