"""The browse pages' lenient pagination: a page just past the end shows the last page."""

import pytest
from django.urls import reverse

from catalog.models import Dataset, License, Paper
from tests.factories import bulk_models, new_dataset, new_paper
from tests.snapshot import built_once

pytestmark = pytest.mark.django_db

BROWSE_PAGES = [
    "catalog:model_list",
    "catalog:organization_list",
    "catalog:license_list",
    "catalog:dataset_list",
    "catalog:paper_list",
]


@built_once
def catalog():
    """120 licensed models, each with an organisation, a dataset and a paper of its own: more
    than one page on every browse page (50 a page, 100 on /licenses/)."""
    licence = License.objects.create(name="Open", slug="open", commercial_use="yes")
    datasets = Dataset.objects.bulk_create([new_dataset() for _ in range(120)])
    papers = Paper.objects.bulk_create([new_paper() for _ in range(120)])
    bulk_models(
        {"license": licence, "datasets": [data], "papers": [paper]}
        for data, paper in zip(datasets, papers, strict=True)
    )


@pytest.mark.parametrize("name", BROWSE_PAGES)
def test_a_page_just_past_the_end_shows_the_last_page_with_a_notice(client, catalog, name):
    url = reverse(name)
    last = client.get(url).context["paginator"].num_pages
    assert last >= 2
    on_last = client.get(url, {"page": str(last)})
    assert on_last.context["notices"] == []
    past = client.get(url, {"page": str(last + 1)})
    assert past.status_code == 200
    assert past.context["page_obj"].number == last
    notice = f"Page {last + 1} does not exist; showing the last page ({last})."
    assert notice in past.context["notices"]
    assert notice in past.content.decode()
    shown = [row.pk for row in past.context["page_obj"].object_list]
    assert shown == [row.pk for row in on_last.context["page_obj"].object_list] != []
