"""Cross-links for the catalog pages and /search/: template tags and search functions."""

import pytest
from django.template import Context, Template

from atlas.views import search_guidelines, search_tasks
from guidance.models import Verdict
from tests.factories import make_model, make_paper

from .factories import make_category, make_guideline, make_task

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load guidance_tags %}" + source).render(Context(context))


def test_guidelines_naming_a_model(django_assert_num_queries):
    bert, other = make_model("BERT"), make_model("Other")
    task = make_task("Named entity recognition")
    named = make_guideline(task, Verdict.USE_FINE_TUNED, title="Fixed types", models=[bert])
    make_guideline(task, title="Not this one", models=[other])
    with django_assert_num_queries(1):
        html = render("{% guidelines_naming model %}", model=bert)
    assert f'<a href="{named.get_absolute_url()}">Fixed types</a>' in html
    assert "Use a fine-tuned model" in html and "Named entity recognition" in html
    assert "Not this one" not in html


def test_guidelines_citing_a_paper_with_the_note(django_assert_num_queries):
    paper = make_paper("Evidence paper")
    cited = make_guideline(title="Cited here", papers=[paper])
    make_guideline(title="Cites another", papers=[make_paper()])
    with django_assert_num_queries(1):
        html = render("{% guidelines_citing paper %}", paper=paper)
    assert f'href="{cited.get_absolute_url()}">Cited here</a>' in html
    assert f"shows {paper.slug}" in html  # the evidence note
    assert "Cites another" not in html


def test_the_tags_stay_one_query_over_many_rows(django_assert_num_queries):
    model, paper = make_model(), make_paper()
    for _ in range(40):
        make_guideline(papers=[paper, make_paper()], models=[model, make_model()])
    with django_assert_num_queries(1):
        html = render("{% guidelines_naming model %}", model=model)
    assert html.count("<li>") == 40
    with django_assert_num_queries(1):
        html = render("{% guidelines_citing paper %}", paper=paper)
    assert html.count("<li>") == 40


def test_none_yet():
    assert "None yet." in render("{% guidelines_naming model %}", model=make_model())
    assert "None yet." in render("{% guidelines_citing paper %}", paper=make_paper())


def test_search_tasks_and_guidelines_by_plain_words(django_assert_num_queries):
    gen = make_category("Generation")
    translation = make_task("Machine translation", category=gen, description="Between languages")
    make_task("Summarisation", category=make_category("Other"))
    low = make_guideline(
        translation, title="Extremely low-resource pairs", conditions="Very little text"
    )
    make_guideline(make_task(), title="Unrelated", conditions="nothing")
    with django_assert_num_queries(1):
        assert list(search_tasks("machine TRANSLATION")) == [translation]
    assert list(search_tasks("languages")) == [translation]  # description
    assert list(search_tasks("generation")) == [translation]  # category name
    assert list(search_tasks("translation summarisation")) == []  # every word must match
    with django_assert_num_queries(1):
        found = list(search_guidelines("little text"))
        assert found == [low] and found[0].task.name == "Machine translation"
    assert list(search_guidelines("low-resource")) == [low]
    assert list(search_guidelines("  ")) == [] and list(search_tasks("")) == []
    assert list(search_guidelines("%")) == []  # no wildcard tricks


def test_model_and_paper_pages_show_the_guidelines_that_link_them(client):
    from tests.factories import make_model, make_paper
    from tests.guidance.factories import make_guideline

    model, paper = make_model(name="Tuned LM"), make_paper(title="Evidence paper")
    other = make_model(name="Bystander")
    guideline = make_guideline(title="Prefer fine-tuning for NER", papers=[paper], models=[model])
    assert guideline.title in client.get(model.get_absolute_url()).content.decode()
    assert guideline.title in client.get(paper.get_absolute_url()).content.decode()
    assert guideline.title not in client.get(other.get_absolute_url()).content.decode()
