from django.apps import AppConfig


class AtlasConfig(AppConfig):
    """Whole-atlas concerns: the interchange format and its commands, site search, and the
    state of the atlas that cached pages are keyed by (atlas/state.py)."""

    name = "atlas"
    verbose_name = "Atlas"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import state

        # Once per migrate (this app's signal), after every app's tables exist.
        post_migrate.connect(state.install, sender=self, dispatch_uid="atlas_state_install")
