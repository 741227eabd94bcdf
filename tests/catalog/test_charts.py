"""Charts of the catalog: the numbers come from the data, the drawings show them, in one query."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from catalog import charts
from catalog.models import LanguageModel
from tests.factories import bulk_models, make_model, make_org

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str):
    return ET.fromstring(svg)  # noqa: S314 - our own output


@pytest.fixture
def catalog():
    google, meta, both = make_org("Google"), make_org("Meta"), make_org("Joint Lab")
    open_, closed = LanguageModel.Access.OPEN, LanguageModel.Access.CLOSED
    make_model(organizations=[google], access=closed, release_date=datetime.date(2020, 3, 1))
    make_model(organizations=[google], access=open_, release_date=datetime.date(2022, 5, 1))
    make_model(organizations=[google], access=closed, release_date=datetime.date(2022, 6, 1))
    make_model(
        organizations=[meta, both],
        access=open_,
        branch=LanguageModel.Branch.ENCODER_ONLY,
        release_date=datetime.date(2022, 7, 1),
    )
    make_model(organizations=[meta], access=open_, release_date=datetime.date(2023, 1, 1))
    return {"google": google, "meta": meta, "both": both}


def test_organization_counts_split_open_and_closed(catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = charts.organization_counts()
    assert [(name, o, c) for _, name, o, c in counts] == [
        ("Google", 1, 2),
        ("Meta", 2, 0),
        ("Joint Lab", 1, 0),
    ]


def test_organizations_chart_draws_each_count_and_folds_the_rest(catalog):
    chart = charts.organizations_chart(limit=2)
    assert chart.rows == [
        ["Google", 1, 2, 3],
        ["Meta", 2, 0, 2],
        ["1 other organisations", 1, 0, 1],
    ]
    root = parse(chart.svg)
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text
    titles = [
        r.find(f"{SVG}title").text
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    ]
    assert titles == [
        "Google: 1 open",
        "Google: 2 closed",
        "Meta: 2 open",
        "1 other organisations: 1 open",
    ]
    closed = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "closed"]
    assert all(r.get("fill") == "#fff" and r.get("stroke") for r in closed)  # outline, not colour


def test_yearly_charts_count_every_model_once(catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        years = charts.yearly_counts()
    branches = charts.branches_chart(years)
    access = charts.access_chart(years)
    assert [row[0] for row in branches.rows] == ["2020", "2021", "2022", "2023"]
    assert sum(row[-1] for row in branches.rows) == LanguageModel.objects.count() == 5
    assert branches.rows[2] == ["2022", 0, 1, 0, 2, 0, 3]  # a count per lane, then the total
    assert access.rows == [
        ["2020", 0, 1, 1],
        ["2021", 0, 0, 0],
        ["2022", 2, 1, 3],
        ["2023", 1, 0, 1],
    ]
    root = parse(branches.svg)
    tips = {
        r.find(f"{SVG}title").text
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }
    assert "2022: 2 decoder-only" in tips and "2022: 1 encoder-only" in tips


def test_charts_of_an_empty_catalog():
    assert charts.organizations_chart().rows == []
    assert charts.branches_chart().rows == []
    parse(charts.access_chart().svg)


def test_same_data_same_charts(catalog):
    assert charts.organizations_chart().svg == charts.organizations_chart().svg
    assert charts.branches_chart().svg == charts.branches_chart().svg


TAGS = Template("{% load lineage_tags %}{% organizations_chart %}{% growth_charts %}")


@pytest.mark.parametrize("size", [3, 150])
def test_chart_tags_run_two_queries_whatever_the_size(size, django_assert_num_queries):
    orgs = [make_org() for _ in range(20)]
    bulk_models(
        {
            "organizations": orgs[i % 20 : i % 20 + 2],
            "release_date": datetime.date(2015 + i % 9, 1, 1),
        }
        for i in range(size)
    )
    with django_assert_num_queries(2):
        html = TAGS.render(Context({}))
    assert html.count("<figure") == 3
    assert html.count("<table") == 3
    assert ("5 other organisations" in html) is (size > 3)
