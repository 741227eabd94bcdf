"""Drafts and publishing: which curated objects readers may see.

Models, organisations, licences, datasets, topics, papers, task categories, tasks and
guidelines each have a status. A draft is for editors only: no public page, export, tree,
search, feed or API response shows it, and its URL answers 404. The rest follows from that:

- an object that belongs to another (a task to its category, a guideline to its task) is
  public only when its owner is too (`published_with` on the model names the owners);
- a link (lineage, evidence, a many-to-many row) is public when both of its ends are;
- a published model cannot carry a draft licence (checked on save, on publish and on import).

`published()` on a curated model's queryset applies the rule; `published_q` gives the same
condition for rows reached through a relation, e.g. the models of a many-to-many table.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")


def status_field():
    return models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="Drafts are seen by editors only; a publisher publishes them.",
    )


def status_valid(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(status__in=Status.values), name=f"{prefix}_status_valid"
    )


def has_status(model) -> bool:
    return any(f.name == "status" for f in model._meta.concrete_fields)


def published_q(model, prefix: str = "") -> Q:
    """Rows of `model`, reached through `prefix` ("languagemodel__"), that readers may see."""
    condition = Q(**{f"{prefix}status": Status.PUBLISHED}) if has_status(model) else Q()
    for name in getattr(model, "published_with", ()):
        owner = model._meta.get_field(name).related_model
        condition &= published_q(owner, f"{prefix}{name}__")
    return condition


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q(self.model))


def is_published(obj) -> bool:
    """Whether readers may see `obj` (queries its owners, if it has any)."""
    if has_status(type(obj)) and obj.status != Status.PUBLISHED:
        return False
    return all(is_published(getattr(obj, name)) for name in getattr(obj, "published_with", ()))


def status_entry(obj) -> dict:
    """`{"status": "draft"}` for a draft's interchange record; nothing when published, the
    default, so that published records read as they always have."""
    return {} if obj.status == Status.PUBLISHED else {"status": obj.status}


def publish_codename(model_name: str) -> str:
    """The permission that lets a publisher publish and unpublish rows of a model."""
    return f"publish_{model_name}"
