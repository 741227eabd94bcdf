from django.apps import AppConfig


class AtlasConfig(AppConfig):
    """Whole-atlas concerns: the interchange format and its commands, site search."""

    name = "atlas"
    verbose_name = "Atlas"
