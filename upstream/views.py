"""/attribution/: the datasets the atlas takes proposals from, their licences and the date of
the copy last read, and the licence of the atlas' own data."""

import datetime
import json

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core import data_license

from .datasets import Dataset
from .models import Snapshot

SNAPSHOTS = settings.BASE_DIR / "fixtures" / "upstream"


def committed_snapshot(dataset: Dataset) -> dict | None:
    """The dated copy of `dataset` kept in the repository (fixtures/upstream/<dataset>/
    snapshot.json): its date, where it was taken from and at which commit; None if absent."""
    try:
        about = json.loads((SNAPSHOTS / dataset.value / "snapshot.json").read_text("utf-8"))
        return {**about, "date": datetime.date.fromisoformat(about["date"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


# The sync's writes do not move the atlas state that cached pages are keyed by: this small
# page (one query) is not kept.
@method_decorator(never_cache, name="dispatch")
class AttributionView(TemplateView):
    template_name = "upstream/attribution.html"

    def get_context_data(self, **kwargs):
        newest = Snapshot.objects.newest_by_dataset()
        datasets = [
            {
                "dataset": dataset,
                "about": dataset.about,
                "snapshot": newest.get(dataset.value),
                "committed": committed_snapshot(dataset),
            }
            for dataset in Dataset
        ]
        return super().get_context_data(datasets=datasets, license=data_license, **kwargs)
