from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = "ctdb"
admin.site.site_title = "ctdb"
admin.site.index_title = _("Staff back-office")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("apps.public.urls")),
]

handler404 = "apps.public.views.not_found"
