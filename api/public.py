"""What the API may show: one function per resource, and nothing else decides it.

Every endpoint starts from these querysets: lists hand them to the page's FilterSet, detail
views look slugs up in them, the lineage walk keeps to edges between public models, and
nested references (a model's parents, a task's guidelines) are drawn from them too. Today
every row is public; when drafts arrive (a `status` field), the filter goes here.
"""

from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper
from guidance.models import Guideline, Question, Task, TaskCategory


def models():
    return LanguageModel.objects.all()


def lineage():
    """Edges whose two ends are public models."""
    return Lineage.objects.filter(child__in=models(), parent__in=models())


def organizations():
    return Organization.objects.all()


def licenses():
    return License.objects.all()


def datasets():
    return Dataset.objects.all()


def papers():
    return Paper.objects.all()


def task_categories():
    return TaskCategory.objects.all()


def tasks():
    return Task.objects.all()


def guidelines():
    return Guideline.objects.all()


def questions():
    return Question.objects.all()
