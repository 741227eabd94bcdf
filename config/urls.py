from django.contrib import admin
from django.urls import include, path

from .healthz import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("catalog.urls")),
    path("", include("evidence.urls")),
    path("", include("guidance.urls")),
    path("", include("atlas.urls")),
    path("", include("editorial.urls")),
    path("", include("upstream.urls")),
]

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
