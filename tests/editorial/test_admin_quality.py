"""An editor adds a model with everything it needs on one page."""

import pytest

from catalog.models import LanguageModel
from tests.editorial.helpers import admin_url, form_data
from tests.factories import make_dataset, make_license, make_model, make_org, make_paper

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_model_with_its_relations_on_one_page(client, carol):
    client.force_login(carol)
    page = client.get(admin_url(LanguageModel, "add"))
    html = page.content.decode()
    for relation in ("organizations", "license", "datasets", "papers"):
        assert f'id="add_id_{relation}"' in html  # "+" opens a form for a new one in place
    assert "parent_links-TOTAL_FORMS" in html

    org, lic = make_org(name="Mistral AI"), make_license(name="Apache 2.0")
    data, paper = make_dataset(name="Web crawl"), make_paper(title="Mistral 7B")
    parent = make_model(name="Llama 2")
    response = client.post(
        admin_url(LanguageModel, "add"),
        form_data(page)
        | {
            "name": "Mistral 7B",
            "slug": "mistral-7b",
            "aliases": "",
            "branch": "decoder-only",
            "organizations": [str(org.pk)],
            "access": "open",
            "release_date": "2023-09-01",
            "release_date_precision": "month",
            "license": str(lic.pk),
            "datasets": [str(data.pk)],
            "papers": [str(paper.pk)],
            "parent_links-0-parent": str(parent.pk),
            "parent_links-0-relation": "variant-of",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    model = LanguageModel.objects.get(slug="mistral-7b")
    assert [o.name for o in model.organizations.all()] == ["Mistral AI"]
    assert model.license == lic and list(model.datasets.all()) == [data]
    assert list(model.papers.all()) == [paper] and list(model.parents.all()) == [parent]
    assert model.history.latest().history_user == carol


@pytest.mark.parametrize("field", ["organizations", "license", "datasets"])
def test_autocomplete_lists_by_name_and_pages_without_repeats(client, carol, field):
    """Those admins count models (a grouped query): their lists must still be in name order."""
    makers = {"organizations": make_org, "license": make_license, "datasets": make_dataset}
    names = [f"Entry {n:02}" for n in range(30, 0, -1)]
    for name in names:
        makers[field](name=name)
    client.force_login(carol)
    url = "/admin/autocomplete/?app_label=catalog&model_name=languagemodel&field_name=" + field
    seen = []
    for page in (1, 2):
        results = client.get(f"{url}&term=Entry&page={page}").json()["results"]
        seen += [row["text"] for row in results]
    assert seen == sorted(names)


def test_aliases_are_edited_one_per_line(client, carol):
    model = make_model(name="LLaMA", aliases=["LLaMA-1", "Llama 1"])
    client.force_login(carol)
    page = client.get(admin_url(model, "change", model.pk))
    data = form_data(page)
    assert data["aliases"] == "LLaMA-1\nLlama 1"  # not JSON
    assert client.post(admin_url(model, "change", model.pk), data).status_code == 302
    model.refresh_from_db()
    assert model.aliases == ["LLaMA-1", "Llama 1"]
    data = form_data(client.get(admin_url(model, "change", model.pk)))
    client.post(admin_url(model, "change", model.pk), data | {"aliases": "LLaMA-1\n\n LLaMA 65B "})
    model.refresh_from_db()
    assert model.aliases == ["LLaMA-1", "LLaMA 65B"]
