from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editing"

    def ready(self):
        from . import security  # noqa: F401 - connects the security-event receivers
