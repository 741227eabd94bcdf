"""Keeps the stored `inherited_restriction` of models true to licences and lineage.

Any save or delete of a model, a licence or a lineage link (and any change to a model's
parents through the many-to-many manager) recomputes it in the same transaction, so a reader
never sees it stale once the change has committed. Bulk writes that bypass signals
(QuerySet.update, bulk_create) must call `refresh_inherited_restriction` themselves, as the
importer does.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .lineage import refresh_inherited_restriction
from .models import LanguageModel, License, Lineage


def refresh(sender, **kwargs):
    refresh_inherited_restriction()


def refresh_after_parents(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        refresh_inherited_restriction()


def connect() -> None:
    for model in (LanguageModel, License, Lineage):
        post_save.connect(refresh, sender=model, dispatch_uid=f"restriction-save-{model.__name__}")
        post_delete.connect(
            refresh, sender=model, dispatch_uid=f"restriction-delete-{model.__name__}"
        )
    m2m_changed.connect(
        refresh_after_parents, sender=LanguageModel.parents.through, dispatch_uid="restriction-m2m"
    )
