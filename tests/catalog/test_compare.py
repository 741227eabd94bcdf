"""/compare/: models side by side, bad requests named in notices, differences marked."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import LanguageModel, ModelSize, PastLicense
from core.publishing import Status
from tests.factories import (
    bulk_links,
    bulk_models,
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
)

pytestmark = pytest.mark.django_db

URL = reverse("catalog:compare")
DAY = datetime.date(2023, 5, 1)


def compare(client, *slugs, **params):
    response = client.get(URL, {"models": ",".join(slugs), **params})
    assert response.status_code == 200
    return response


def shown(response) -> list[str]:
    return [model.slug for model in response.context["models"]]


def rows(response) -> dict[str, object]:
    return {row.label: row for section in response.context["sections"] for row in section.rows}


def test_llama_2_and_falcon_show_their_licence_difference(client, seeded):
    response = compare(client, "llama-2", "falcon")
    assert shown(response) == ["llama-2", "falcon"]
    assert response.context["notices"] == []
    llama, falcon = (LanguageModel.objects.get(slug=s) for s in ("llama-2", "falcon"))
    licence = rows(response)["Licence"]
    assert licence.differs
    assert [cell.items for cell in licence.cells] == [
        [(llama.license.name, llama.license.get_absolute_url())],
        [(falcon.license.name, falcon.license.get_absolute_url())],
    ]
    commercial = rows(response)["Commercial use"]
    assert [cell.mark for cell in commercial.cells] == [
        f"commercial-{llama.license.commercial_use}",
        f"commercial-{falcon.license.commercial_use}",
    ]
    assert commercial.differs == (llama.license.commercial_use != falcon.license.commercial_use)
    page = response.content.decode()
    assert f'href="{llama.license.get_absolute_url()}"' in page
    assert 'data-model="llama-2"' in page and 'data-model="falcon"' in page  # the tree


def test_unknown_slugs_and_drafts_are_named_and_left_out(client):
    model = make_model(name="Kept")
    draft = make_model(name="Hidden", status=Status.DRAFT)
    response = compare(client, model.slug, "no-such-model", draft.slug, "bad\x00slug", "x" * 500)
    assert shown(response) == [model.slug]
    notice = " ".join(response.context["notices"])
    for text in ("“no-such-model”", f"“{draft.slug}”", "“bad\\x00slug”", "“xxxx"):
        assert text in notice
    assert "Hidden" not in response.content.decode()
    assert response.context["sections"] == []  # one model: nothing to compare yet


def test_more_than_four_keeps_the_first_four_with_a_notice(client):
    models = [make_model(name=f"Model {c}") for c in "abcde"]
    response = compare(client, *(m.slug for m in models))
    assert shown(response) == [m.slug for m in models[:4]]
    (notice,) = response.context["notices"]
    assert "At most 4" in notice and "Model e is left out" in notice
    assert not response.context["can_add"]


def test_duplicates_and_repeated_parameters_are_one_list(client):
    a, b = make_model(), make_model()
    response = client.get(URL, {"models": [f"{a.slug},{a.slug}", b.slug, f" {b.slug} ,"]})
    assert shown(response) == [a.slug, b.slug]
    assert response.context["notices"] == []


def test_a_model_is_added_by_name_or_the_notice_suggests_some(client):
    a = make_model(name="Alpha One")
    b = make_model(name="Beta Two")
    response = client.get(URL, {"models": a.slug, "add": "beta two"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?models={a.slug},{b.slug}"
    response = client.get(URL, {"models": a.slug, "add": "beta two"}, follow=True)
    assert shown(response) == [a.slug, b.slug]
    response = client.get(URL, {"models": a.slug, "add": "Beta"})
    assert shown(response) == [a.slug]
    assert "“Beta”" in response.context["notices"][0]
    assert [m for m, _ in response.context["suggestions"]] == [b]
    response = client.get(URL, {"models": a.slug, "add": "Beta\x00"})
    assert shown(response) == [a.slug]
    assert "“Beta\\x00”" in response.context["notices"][0]


def twins(**differences):
    """Two models alike in every fact but those given (as (first, second) pairs)."""
    org = make_org()
    same = {"organizations": [org], "release_date": DAY, "context_length_tokens": 4096}
    first = {**same, **{k: v[0] for k, v in differences.items()}}
    second = {**same, **{k: v[1] for k, v in differences.items()}}
    return make_model(name="Twin A", **first), make_model(name="Twin B", **second)


def test_rows_that_differ_are_marked_and_can_be_shown_alone(client):
    free = make_license(commercial_use="yes")
    closed = make_license(commercial_use="no")
    a, b = twins(license=(free, closed), context_length_tokens=(4096, 8192))
    response = compare(client, a.slug, b.slug)
    differing = {label for label, row in rows(response).items() if row.differs}
    assert differing == {"Licence", "Commercial use", "Context (tokens)"}
    assert response.context["differences"] == 3
    assert response.content.decode().count('<tr class="differs">') == 3
    only = compare(client, a.slug, b.slug, show="differences")
    assert set(rows(only)) == differing
    assert only.context["differences"] == 3


def test_twins_differ_in_nothing(client):
    a, b = twins()
    response = compare(client, a.slug, b.slug, show="differences")
    assert response.context["differences"] == 0
    assert response.context["sections"] == []
    assert "Every fact is the same." in response.content.decode()


def test_inherited_terms_come_down_the_weight_relations(client):
    research = make_license(name="Research Only", commercial_use="no")
    permissive = make_license(name="Do Anything", commercial_use="yes")
    base = make_model(name="Base", license=research)
    tuned = make_model(name="Tuned", license=permissive)
    link(tuned, base)  # fine-tuned from: bound by Research Only
    response = compare(client, base.slug, tuned.slug)
    cells = rows(response)["Terms from its lineage"].cells
    assert cells[0].items == []
    assert cells[1].items == [("Base: Research Only (no commercial use)", base.get_absolute_url())]
    assert cells[1].mark == "terms-conflict"
    assert rows(response)["Parents"].cells[1].items == [
        ("Fine-tuned from Base", base.get_absolute_url())
    ]


def rich_models(n: int, extra: int) -> list[LanguageModel]:
    """n models, each with `extra` organisations, datasets, papers, parents, sizes and past
    licences (bulk-built)."""
    orgs = [make_org() for _ in range(extra)]
    data = [make_dataset() for _ in range(extra)]
    papers = [make_paper() for _ in range(extra)]
    licences = [make_license() for _ in range(extra + 1)]
    parents = bulk_models({"license": licences[0]} for _ in range(extra))
    models = bulk_models(
        {
            "organizations": orgs,
            "datasets": data,
            "papers": papers,
            "license": licences[-1],
        }
        for _ in range(n)
    )
    bulk_links((child, parent, None) for child in models for parent in parents)
    ModelSize.objects.bulk_create(
        ModelSize(model=m, label=f"{i}B", parameters_billions=i)
        for m in models
        for i in range(1, extra + 1)
    )
    PastLicense.objects.bulk_create(
        PastLicense(model=m, license=lic, until=DAY) for m in models for lic in licences[:extra]
    )
    return models


def test_queries_are_bounded_over_four_models(client, django_assert_max_num_queries):
    small = rich_models(4, 1)
    large = rich_models(4, 12)
    counts = []
    for models in (small[:2], large):
        with django_assert_max_num_queries(20) as captured:
            compare(client, *(m.slug for m in models))
        counts.append(len(captured.captured_queries))
    # Two more models cost two queries each (their inherited terms), whatever they hold.
    assert counts[1] == counts[0] + 4


def test_an_empty_request_explains_how_to_compare(client):
    response = client.get(URL, {"show": "differences", "models": ","})
    assert response.status_code == 200
    assert response.context["models"] == [] and response.context["notices"] == []
    assert "Tick them on the" in response.content.decode()
