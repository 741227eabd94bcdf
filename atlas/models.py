"""The atlas's own table: its state (atlas/state.py)."""

from django.db import models


class AtlasState(models.Model):
    """One row (id 1), moved by database triggers on every write to what public pages show
    (atlas/state.py). Never edited by hand."""

    generation = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "atlas state"

    def __str__(self):
        return f"generation {self.generation}"
