from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared helpers, and the one model every app's facts use: the citation."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"
