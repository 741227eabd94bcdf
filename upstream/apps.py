from django.apps import AppConfig


class UpstreamConfig(AppConfig):
    """Readers of open datasets (models.dev, LiteLLM, Epoch AI), the mapping of their entries
    to atlas models, and the proposals editors accept or reject: never a write to the catalog
    of its own."""

    name = "upstream"
    verbose_name = "Upstream datasets"
