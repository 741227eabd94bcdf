from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editing"

    def ready(self):
        from . import security  # noqa: F401 - connects the security-event receivers

        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="editorial.sync_roles")


def _sync_roles(app_config, using="default", **kwargs):
    """Keep the role groups as editorial/roles.py defines them, after every migrate or flush."""
    from django.apps import apps as global_apps

    from .roles import sync_roles

    if using == "default":
        sync_roles(global_apps)
