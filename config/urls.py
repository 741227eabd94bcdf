from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import languages
from .healthz import healthz

# The same paths in both languages: English plain, Chinese under /zh-hans/ (config/languages.py).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
    path("language/<str:code>/", languages.switch, name="switch_language"),
    *i18n_patterns(
        path("", include("catalog.urls")),
        path("", include("evidence.urls")),
        path("", include("guidance.urls")),
        path("", include("atlas.urls")),
        path("", include("editorial.urls")),
        path("", include("upstream.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
