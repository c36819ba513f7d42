from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.core import views as core_views

admin.site.site_header = "ctdb"
admin.site.site_title = "ctdb"
admin.site.index_title = _("Staff back-office")
# The lists need the whole width of a 1400-pixel screen (the home page and the
# breadcrumbs lead everywhere the sidebar did).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("healthz", core_views.health, name="health"),
    path("language/<str:code>/", core_views.choose_language, name="choose_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("apps.api.urls")),
    path("", include("apps.public.urls")),
]

handler404 = "apps.public.views.not_found"
