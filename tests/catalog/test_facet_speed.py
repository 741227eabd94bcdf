"""The stored inherited restriction: kept true by every write path, and read by the facets as
a plain column (no recursive query per request)."""

import json
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.filters import (
    GROUPED_FACETS,
    GROUPED_QUERY,
    ModelFilterSet,
    catalog_counts,
    choice_conditions,
)
from catalog.lineage import (
    filter_inherited_restriction,
    inherited_restriction_sql,
    refresh_inherited_restriction,
)
from catalog.models import CommercialUse, Dataset, LanguageModel, License, Organization, Relation
from core.publishing import Status
from tests.catalog.test_interchange import small_doc
from tests.catalog.test_search_speed import build_world
from tests.factories import bulk_links, bulk_models, link, make_license, make_model, new_org

pytestmark = pytest.mark.django_db
URL = reverse("catalog:model_list")


def stored(*models) -> list[bool]:
    values = dict(LanguageModel.objects.values_list("pk", "inherited_restriction"))
    return [values[m.pk] for m in models]


def recomputed() -> set[int]:
    """Primary keys bound by a restriction, from the recursive query itself."""
    return set(LanguageModel.objects.filter(pk__in=inherited_restriction_sql()).values_list("pk"))


@pytest.fixture
def chain(db):
    """parent (open) -> child (open, fine-tuned) -> grandchild (open, aligned)."""
    open_licence = make_license("Open", commercial_use=CommercialUse.YES)
    parent = make_model("Parent", license=open_licence)
    child = make_model("Child", license=make_license("Child licence"))
    grandchild = make_model("Grandchild", license=make_license("Grandchild licence"))
    link(child, parent, Relation.FINE_TUNED_FROM)
    link(grandchild, child, Relation.ALIGNED_FROM)
    return parent, child, grandchild


def test_editing_a_parents_licence_updates_its_descendants(chain):
    parent, child, grandchild = chain
    assert stored(parent, child, grandchild) == [False, False, False]
    licence = parent.license
    licence.commercial_use = CommercialUse.NO
    licence.save()
    assert stored(parent, child, grandchild) == [False, True, True]
    licence.commercial_use = CommercialUse.CONDITIONAL
    licence.save()
    assert stored(parent, child, grandchild) == [False, True, True]
    licence.commercial_use = CommercialUse.YES
    licence.save()
    assert stored(parent, child, grandchild) == [False, False, False]


def test_changing_a_models_licence_or_status_updates_it(chain):
    parent, child, grandchild = chain
    parent.license = make_license("Closed", commercial_use=CommercialUse.NO)
    parent.save()
    assert stored(child, grandchild) == [True, True]
    parent.status = Status.DRAFT  # a draft ancestor binds nobody on the public site
    parent.save()
    assert stored(child, grandchild) == [False, False]


def test_adding_and_removing_lineage_links_updates_it(chain):
    parent, child, grandchild = chain
    closed = make_model("Closed", license=make_license("NC", commercial_use=CommercialUse.NO))
    edge = link(parent, closed, Relation.DISTILLED_FROM)
    assert stored(parent, child, grandchild) == [True, True, True]
    edge.delete()
    assert stored(parent, child, grandchild) == [False, False, False]
    child.parents.add(closed, through_defaults={"relation": Relation.FINE_TUNED_FROM})
    assert stored(parent, child, grandchild) == [False, True, True]
    child.parents.remove(closed)
    assert stored(child, grandchild) == [False, False]


def test_the_importer_stores_it(tmp_path):
    path = tmp_path / "atlas.json"
    path.write_text(json.dumps(small_doc()), encoding="utf-8")
    LanguageModel.objects.update(inherited_restriction=False)
    call_command("import_atlas", str(path), stdout=StringIO())
    bound = set(LanguageModel.objects.filter(inherited_restriction=True).values_list("pk"))
    assert bound == recomputed()


def test_bulk_writes_are_caught_up_by_a_refresh(django_assert_max_num_queries):
    """Over many rows: the refresh is two UPDATEs whatever the size, and agrees with the
    recursive query; the filter reads the column in one query."""
    closed = make_license("Non-commercial", commercial_use=CommercialUse.NO)
    roots = bulk_models({"license": closed if i % 2 else None} for i in range(100))
    kids = bulk_models({} for _ in range(100))
    bulk_links((kid, root, None) for kid, root in zip(kids, roots, strict=True))
    with django_assert_max_num_queries(2):
        refresh_inherited_restriction()
    assert len(recomputed()) == 50
    everything = LanguageModel.objects.all()
    with CaptureQueriesContext(connection) as captured:
        bound = set(filter_inherited_restriction(everything, "yes").values_list("pk"))
    assert bound == recomputed()
    assert len(captured) == 1
    assert "RECURSIVE" not in captured[0]["sql"].upper()


def test_the_model_list_runs_no_recursive_query(client):
    closed = make_license("Non-commercial", commercial_use=CommercialUse.NO)
    roots = bulk_models({"license": closed} for _ in range(60))
    kids = bulk_models({} for _ in range(60))
    bulk_links((kid, root, None) for kid, root in zip(kids, roots, strict=True))
    refresh_inherited_restriction()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("catalog:model_list"), {"inherited_restriction": "yes"})
    assert response.status_code == 200
    assert len(response.context["models"]) == 50
    assert response.context["paginator"].count == 60
    assert not any("RECURSIVE" in q["sql"].upper() for q in captured)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"branch": "decoder-only", "year_min": "2016"},
        {"branch": "decoder-only", "access": "open", "inherited_restriction": "yes"},
        {"q": "model", "year_min": "2030", "year_max": "2020"},  # reversed range: ignored
        {"branch": "no-such-branch", "context_min": "-3"},  # bad values: ignored
    ],
)
def test_the_row_count_comes_with_the_facets(client, params):
    """No COUNT query of its own: the facet query counts the matching rows too, and agrees
    with the rows listed over many pages."""
    closed = make_license("Non-commercial", commercial_use=CommercialUse.NO)
    roots = bulk_models(
        {"license": closed if i % 3 else None, "branch": ["decoder-only", "encoder-only"][i % 2]}
        for i in range(90)
    )
    kids = bulk_models({"access": "open"} for _ in range(90))
    bulk_links((kid, root, None) for kid, root in zip(kids, roots, strict=True))
    refresh_inherited_restriction()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    counts = [q["sql"] for q in captured if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    assert counts == []
    listed = []
    for page in range(1, response.context["paginator"].num_pages + 1):
        page_params = params | {"page": page}
        listed += [m.slug for m in client.get(URL, page_params).context["models"]]
    expected = ModelFilterSet(QueryDict(urlencode(params, doseq=True))).ordered()
    assert listed == list(expected.values_list("slug", flat=True))  # keys first, same order
    assert response.context["paginator"].count == response.context["total"] == len(listed) > 0


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "model"},
        {"org": "FIRST", "year_min": "2018"},
        {"branch": "decoder-only", "license": "FIRST"},
        {"dataset": "FIRST", "input_modality": "text", "year_max": "2024"},
    ],
)
def test_the_shared_grouped_counts_match_one_query_each(params):
    """The one statement for organisations, training data, licences, families and years
    gives what a query per facet gives, over many rows."""
    build_world(40)
    first = {"org": Organization, "license": License, "dataset": Dataset}
    for name, model in first.items():
        if params.get(name) == "FIRST":
            params = params | {name: model.objects.order_by("pk").first().slug}
    filterset = ModelFilterSet(QueryDict(urlencode(params)))
    assert not filterset.notices()
    own = {"year": ("year_min", "year_max")}
    expected = {
        name: GROUPED_QUERY[name](filterset.without(*own.get(name, (name,))))
        for name in GROUPED_FACETS
    }
    assert filterset.grouped_counts() == expected
    assert sum(expected["year"].values()) > 0


def test_the_whole_catalog_counts_match_the_counts_under_filters():
    """With no filter in use, the counts read from indexes (catalog_counts) are those the
    filtered path computes, over many rows: draft models, their organisations and datasets,
    and links of published models to draft organisations included."""
    build_world(40)
    licence, org, dataset = (
        License.objects.first(),
        Organization.objects.first(),
        Dataset.objects.first(),
    )
    draft_org = new_org("Draft lab", status=Status.DRAFT)
    draft_org.save()
    bulk_models(
        {
            "status": Status.DRAFT,
            "license": licence,
            "organizations": [org, draft_org],
            "datasets": [dataset],
            "input_modalities": ["text", "audio"],
            "inherited_restriction": True,
        }
        for _ in range(7)
    )
    bulk_models({"organizations": [org, draft_org]} for _ in range(3))
    filterset = ModelFilterSet(QueryDict(""))
    filtered = filterset.choice_counts(choice_conditions()) | filterset.grouped_counts()
    whole = catalog_counts()

    def shown(counts):
        return {name: {k: n for k, n in options.items() if n} for name, options in counts.items()}

    assert shown(whole) == shown(filtered)
    assert whole["org"][org.pk] == 4 and whole["org"][draft_org.pk] == 3  # drafts not counted
    assert whole["input_modality"] == {"text": 40, "image": 20}  # drafts read audio
    with CaptureQueriesContext(connection) as captured:
        facets = ModelFilterSet(QueryDict("")).facets()
    assert len([q for q in captured if "catalog_languagemodel" in q["sql"]]) == 2
    assert sum(o.count for o in next(f for f in facets if f.name == "branch").options) == 43
