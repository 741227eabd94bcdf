"""Drafts never reach readers: not on pages, exports, the tree, search, the feed or the API.

One small world holds a draft of every kind, each linked to published objects in every way
the catalog and the guidance link things, and each named with the word "zdraft". Every public
URL is fetched (searches for words the drafts share with published objects) and must not
contain that word; the drafts' own URLs must be 404s. A check
that the same URLs *do* show the drafts once they are published proves the crawl can fail.
"""

import pytest
from django.urls import reverse

from catalog.models import Dataset, LanguageModel, License, Organization, Paper, Topic
from core.publishing import Status
from guidance.models import Evidence, Guideline, Task, TaskCategory
from tests.factories import (
    link,
    make_dataset,
    make_license,
    make_model,
    make_org,
    make_paper,
    make_topic,
)
from tests.guidance.factories import answer, make_category, make_guideline, make_question, make_task

pytestmark = pytest.mark.django_db

MARK = "zdraft"
DRAFT = {"status": Status.DRAFT}


@pytest.fixture
def world():
    """Published objects, and a draft of each kind linked to them."""
    org = make_org("Public Org", slug="public-org")
    licence = make_license("Public Licence", slug="public-licence")
    dataset = make_dataset("Public Corpus", slug="public-corpus")
    topic = make_topic("Public Topic", slug="public-topic")
    paper = make_paper("Public Paper", slug="public-paper", topics=[topic])
    model = make_model(
        "Public Model",
        slug="public-model",
        organizations=[org],
        datasets=[dataset],
        papers=[paper],
        license=licence,
    )
    child = make_model("Public Child", slug="public-child", organizations=[org])
    link(child, model)
    category = make_category("Public Category", slug="public-category")
    task = make_task("Public Task", slug="public-task", category=category)
    guideline = make_guideline(task, slug="public-guideline", title="Public case", papers=[paper])
    guideline.example_models.set([model])

    drafts = {
        "org": make_org("Zdraft Org", slug="zdraft-org", **DRAFT),
        "licence": make_license("Zdraft Licence", slug="zdraft-licence", **DRAFT),
        "dataset": make_dataset("Zdraft Corpus", slug="zdraft-corpus", **DRAFT),
        "topic": make_topic("Zdraft Topic", slug="zdraft-topic", **DRAFT),
        "paper": make_paper("Zdraft Paper", slug="zdraft-paper", **DRAFT),
        "category": make_category("Zdraft Category", slug="zdraft-category", **DRAFT),
        "task": make_task("Zdraft Task", slug="zdraft-task", category=category, **DRAFT),
        "guideline": make_guideline(task, slug="zdraft-guideline", title="Zdraft case", **DRAFT),
    }
    drafts["model"] = make_model(
        "Zdraft Model",
        slug="zdraft-model",
        organizations=[org, drafts["org"]],
        datasets=[drafts["dataset"]],
        papers=[paper],
        license=drafts["licence"],
        summary="Zdraft summary",
        **DRAFT,
    )
    # Published objects hidden because what they belong to is a draft.
    hidden_task = make_task(
        "Zdraft-owned task", slug="zdraft-owned-task", category=drafts["category"]
    )
    make_guideline(hidden_task, slug="zdraft-owned-guideline", title="Zdraft-owned case")
    make_guideline(drafts["task"], slug="zdraft-task-guideline", title="Zdraft task's case")
    # Links from published objects to drafts.
    model.organizations.add(drafts["org"])
    model.datasets.add(drafts["dataset"])
    model.papers.add(drafts["paper"])
    paper.topics.add(drafts["topic"])
    link(drafts["model"], model)  # a draft child of a published model
    link(child, drafts["model"], relation="successor-of")  # and a draft parent of one
    guideline.example_models.add(drafts["model"])
    Evidence.objects.create(guideline=guideline, paper=drafts["paper"], note="Zdraft evidence")
    question = make_question("Public question?", slug="public-question")
    answer(question, "yes", "llm", guidelines=[guideline, drafts["guideline"]])
    answer(question, "no", "fine-tuned", guidelines=[guideline])
    return {
        "model": model,
        "child": child,
        "paper": paper,
        "org": org,
        "dataset": dataset,
        "task": task,
        "guideline": guideline,
        "drafts": drafts,
    }


def public_urls(world) -> list[str]:
    pages = [
        "/",
        "/glossary/",
        "/models/",
        "/models/?q=model",
        "/organizations/",
        "/licenses/",
        "/datasets/",
        "/papers/",
        "/papers/?format=bib",
        "/tree/",
        "/tree/?highlight=public-model",
        "/tree.svg",
        "/search/?q=model",
        "/search/?q=org",
        "/search/?q=paper",
        "/search/?q=task",
        "/search/?q=case",
        "/tasks/",
        "/tasks/?q=task",
        "/papers/?q=paper",
        "/datasets/?q=corpus",
        "/decide/",
        "/decide/?answers=y",
        "/changes/",
        "/changes/feed/",
        world["model"].get_absolute_url(),
        world["child"].get_absolute_url(),
        world["org"].get_absolute_url(),
        world["dataset"].get_absolute_url(),
        world["paper"].get_absolute_url(),
        world["paper"].get_absolute_url() + "?format=bib",
        world["task"].get_absolute_url(),
    ]
    for listing in (
        "/models/",
        "/organizations/",
        "/licenses/",
        "/datasets/",
        "/papers/",
        "/tasks/",
    ):
        pages += [f"{listing}?format=csv", f"{listing}?format=json"]
    api = [
        reverse(f"api:{name}")
        for name in (
            "model-list",
            "organization-list",
            "license-list",
            "dataset-list",
            "paper-list",
            "task-list",
            "guideline-list",
            "decision-flow",
        )
    ]
    api += [
        reverse("api:model-detail", args=["public-model"]),
        reverse("api:model-lineage", args=["public-model"]),
        reverse("api:model-lineage", args=["public-child"]),
        reverse("api:model-list") + "?q=model",
    ]
    return pages + api


def body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_no_public_url_shows_a_draft(client, world):
    leaks = [url for url in public_urls(world) if MARK in body(client, url).lower()]
    assert leaks == []


def test_the_crawl_would_see_the_drafts_once_published(client, world):
    """The same URLs show the marker when everything is published: the crawl can fail."""
    for model in (Organization, License, Dataset, Topic, Paper, LanguageModel):
        model.objects.update(status=Status.PUBLISHED)
    for model in (TaskCategory, Task, Guideline):
        model.objects.update(status=Status.PUBLISHED)
    seen = [url for url in public_urls(world) if MARK in body(client, url).lower()]
    for url in ("/models/", "/organizations/", "/datasets/", "/papers/", "/tree.svg", "/tasks/"):
        assert url in seen
    assert world["model"].get_absolute_url() in seen
    assert "/search/?q=model" in seen and "/search/?q=task" in seen
    assert reverse("api:model-lineage", args=["public-child"]) in seen


def draft_urls(drafts) -> list[str]:
    return [
        drafts["model"].get_absolute_url(),
        drafts["org"].get_absolute_url(),
        drafts["dataset"].get_absolute_url(),
        drafts["paper"].get_absolute_url(),
        drafts["paper"].get_absolute_url() + "?format=bib",
        drafts["task"].get_absolute_url(),
        reverse("guidance:task_detail", args=["zdraft-owned-task"]),
        reverse("api:model-detail", args=["zdraft-model"]),
        reverse("api:model-lineage", args=["zdraft-model"]),
    ]


def test_a_drafts_urls_are_404(client, world):
    for url in draft_urls(world["drafts"]):
        assert client.get(url).status_code == 404, url


def test_drafts_are_not_filter_choices_and_not_counted(client, world):
    response = client.get("/models/?org=zdraft-org&dataset=zdraft-corpus&license=zdraft-licence")
    notices = " ".join(response.context["notices"])
    assert "Ignored org=" in notices and "Ignored dataset=" in notices
    assert "Ignored license=" in notices
    organisations = {
        org.slug: org for org in client.get("/organizations/").context["organizations"]
    }
    assert organisations["public-org"].model_count == 2  # not the draft model
    assert client.get("/").context["counts"]["models"] == 2


def test_inherited_restriction_ignores_draft_ancestors(client, world):
    # Edits through save(), as the admin makes them: the stored restriction follows each.
    drafts = world["drafts"]
    licence = License.objects.get(pk=drafts["licence"].pk)
    licence.commercial_use = "no"
    licence.save()
    # The draft model, under a no-commercial-use licence, becomes a weight parent.
    edge = world["child"].parent_links.get(parent=drafts["model"])
    edge.relation = "fine-tuned-from"
    edge.save()
    response = client.get("/models/?inherited_restriction=yes")
    assert [m.slug for m in response.context["models"]] == []
    for draft in (LanguageModel.objects.get(pk=drafts["model"].pk), licence):
        draft.status = Status.PUBLISHED
        draft.save()
    response = client.get("/models/?inherited_restriction=yes")
    assert [m.slug for m in response.context["models"]] == ["public-child"]


# --- The drafts' own history, the interchange format ---------------------------------------


def test_changes_show_publication_not_the_drafts_edits(client, world):
    model = world["drafts"]["org"]
    model.name = "Zdraft Org renamed"
    model.save()
    assert MARK not in body(client, "/changes/").lower()
    model.status = Status.PUBLISHED
    model._change_reason = "published"
    model.save()
    changes = client.get("/changes/").context["changes"]
    latest = changes[0]
    assert (latest.label, latest.kind, latest.fields) == ("Zdraft Org renamed", "published", [])
    # Its versions as a draft (added, renamed) are still not public.
    assert [c.kind for c in changes if c.model is Organization and c.record.id == model.pk] == [
        "published"
    ]
    feed = body(client, "/changes/feed/")
    assert "Zdraft Org renamed" in feed


def test_an_unpublished_object_leaves_the_changes(client, world):
    org = world["org"]
    shown = client.get("/changes/").context["changes"]
    assert any(c.model is Organization and c.record.id == org.pk for c in shown)
    org.status = Status.DRAFT
    org.save()
    shown = client.get("/changes/").context["changes"]
    assert not any(c.model is Organization and c.record.id == org.pk for c in shown)
