"""What the API may show: one function per resource, and nothing else decides it.

Every endpoint starts from these querysets: lists hand them to the page's FilterSet, detail
views look slugs up in them, the lineage walk keeps to edges between public models, and
nested references (a model's parents, a task's guidelines) are drawn from them too. Drafts
are left out by `published()` (see core/publishing.py); the decision flow has no drafts.
"""

from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper
from guidance.models import Guideline, Question, Task, TaskCategory


def models():
    return LanguageModel.objects.published()


def lineage():
    """Edges whose two ends are public models."""
    return Lineage.objects.published()


def organizations():
    return Organization.objects.published().prefetch_related("citations")


def licenses():
    return License.objects.published()


def datasets():
    return Dataset.objects.published()


def papers():
    return Paper.objects.published()


def task_categories():
    return TaskCategory.objects.published()


def tasks():
    return Task.objects.published()


def guidelines():
    return Guideline.objects.published()


def questions():
    return Question.objects.all()
