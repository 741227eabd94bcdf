"""What lineage implies: walks of the graph, inherited licence terms, conflicts, the filter."""

import datetime

import pytest
from django.template import Context, Template

from catalog import lineage
from catalog.lineage import LineageGraph, Reach, filter_inherited_restriction, model_lineage
from catalog.models import CommercialUse, LanguageModel, Relation
from tests.factories import bulk_links, bulk_models, link, make_license, make_model

R = Relation


def test_walks_give_depth_and_the_relation_they_came_through():
    graph = LineageGraph(
        [
            ("b", "a", R.FINE_TUNED_FROM),
            ("c", "b", R.ALIGNED_FROM),
            ("c", "x", R.SUCCESSOR_OF),
            ("d", "c", R.DISTILLED_FROM),
            ("e", "a", R.VARIANT_OF),
        ]
    )
    assert graph.ancestors("d") == {
        "c": Reach(1, "d", R.DISTILLED_FROM),
        "b": Reach(2, "c", R.ALIGNED_FROM),
        "x": Reach(2, "c", R.SUCCESSOR_OF),
        "a": Reach(3, "b", R.FINE_TUNED_FROM),
    }
    assert graph.descendants("a") == {
        "b": Reach(1, "a", R.FINE_TUNED_FROM),
        "e": Reach(1, "a", R.VARIANT_OF),
        "c": Reach(2, "b", R.ALIGNED_FROM),
        "d": Reach(3, "c", R.DISTILLED_FROM),
    }
    assert set(graph.ancestors("d", max_depth=1)) == {"c"}
    assert set(graph.ancestors("d", relations=lineage.WEIGHT_RELATIONS)) == {"c", "b", "a"}
    assert graph.lineage_of("b") == {"a", "b", "c", "d"}
    assert graph.edges_within({"a", "b", "e"}) == [
        ("b", "a", R.FINE_TUNED_FROM),
        ("e", "a", R.VARIANT_OF),
    ]


def test_a_diamond_is_reached_once_at_its_shortest_depth():
    graph = LineageGraph([("b", "a", "x"), ("c", "a", "x"), ("d", "b", "x"), ("d", "c", "x")])
    assert graph.ancestors("d")["a"].depth == 2
    assert list(graph.descendants("a")) == ["b", "c", "d"]


def test_a_walk_looks_at_each_edge_once():
    """A long chain with many shortcuts: the walk's work grows with the edges, not paths."""

    class Counting(dict):
        looked = 0

        def get(self, key, default=None):
            value = super().get(key, default)
            Counting.looked += len(value or ())
            return value

    n = 2000
    edges = [(i, i - 1, "x") for i in range(1, n)] + [(i, i - 2, "x") for i in range(2, n)]
    graph = LineageGraph(edges)
    graph.parents = Counting(graph.parents)
    assert len(graph.ancestors(n - 1)) == n - 1
    assert Counting.looked == len(edges)


@pytest.mark.parametrize(
    ("own", "inherited", "conflict"),
    [
        ("yes", "no", True),
        ("conditional", "no", True),
        ("yes", "conditional", True),
        ("no", "yes", False),
        ("no", "no", False),
        ("conditional", "conditional", False),
        ("", "no", False),
        ("yes", "", False),
    ],
)
def test_more_permissive(own, inherited, conflict):
    assert lineage.more_permissive(own, inherited) is conflict


# --- On the database -----------------------------------------------------------------------


@pytest.fixture
def licences(db):
    return {
        "open": make_license("Open", commercial_use=CommercialUse.YES),
        "nc": make_license("Non-commercial", commercial_use=CommercialUse.NO),
        "cond": make_license("Conditional", commercial_use=CommercialUse.CONDITIONAL),
    }


def dated(name, day, **fields):
    return make_model(
        name=name,
        slug=name.lower().replace(" ", "-"),
        release_date=datetime.date(2023, 1, day),
        release_date_precision="day",
        **fields,
    )


@pytest.fixture
def family(licences):
    """base (non-commercial) -> tuned (open, instruction-tuned) -> chat (open, aligned);
    base -> rewrite (open, successor: trained again); tuned -> proprietary (no licence)."""
    base = dated("Base", 1, license=licences["nc"])
    tuned = dated("Tuned", 2, license=licences["open"])
    chat = dated("Chat", 3, license=licences["open"])
    rewrite = dated("Rewrite", 4, license=licences["open"])
    closed = dated("Closed", 5, license=None, access=LanguageModel.Access.CLOSED)
    link(tuned, base, R.INSTRUCTION_TUNED_FROM)
    link(chat, tuned, R.ALIGNED_FROM)
    link(rewrite, base, R.SUCCESSOR_OF)
    link(closed, tuned, R.FINE_TUNED_FROM)
    return {m.slug: m for m in (base, tuned, chat, rewrite, closed)}


def test_terms_come_down_weight_relations_only(family, django_assert_num_queries):
    with django_assert_num_queries(3):
        chat = model_lineage(family["chat"])
    assert [(t.ancestor.slug, t.binding, t.depth) for t in chat.terms] == [
        ("tuned", True, 1),
        ("base", True, 2),
    ]
    assert [t.ancestor.slug for t in chat.conflicts] == ["base"]
    assert [(label, m.slug) for label, m in chat.conflicts[0].chain] == [
        ("aligned (RLHF / chat) from", "tuned"),
        ("instruction-tuned from", "base"),
    ]
    rewrite = model_lineage(family["rewrite"])
    assert [(t.ancestor.slug, t.binding, t.conflict) for t in rewrite.terms] == [
        ("base", False, False)
    ]
    assert rewrite.related and not rewrite.binding


def test_a_model_without_terms_of_its_own_conflicts_with_nothing(family):
    closed = model_lineage(family["closed"])
    assert [t.ancestor.slug for t in closed.binding] == ["tuned", "base"]
    assert closed.conflicts == []
    assert [t.ancestor.slug for t in closed.binding_restrictions] == ["base"]


def test_a_stricter_child_is_no_conflict(licences):
    parent = dated("Parent", 1, license=licences["open"])
    child = dated("Child", 2, license=licences["nc"])
    link(child, parent, R.FINE_TUNED_FROM)
    assert model_lineage(child).conflicts == []


def test_the_neighbourhood_is_capped_and_counts_the_rest(db, monkeypatch):
    monkeypatch.setattr(lineage, "NEIGHBOURHOOD_SIZE", 3)
    root = dated("Root", 1)
    children = [dated(f"Child {i}", 2 + i) for i in range(5)]
    for child in children:
        link(child, root)
    deep = [root]
    for i in range(5):
        deep.append(dated(f"Deep {i}", 10 + i))
        link(deep[-1], deep[-2])
    result = model_lineage(root)
    assert len(result.descendants) == 3
    assert result.hidden_descendants == 5 + 5 - 3
    assert all(r.depth == 1 for r in result.descendants.values())


def test_nested_lists_follow_the_lineage(family):
    down = model_lineage(family["base"]).down()
    assert [(b.model.slug, b.relation) for b in down] == [
        ("tuned", "instruction-tuned from"),
        ("rewrite", "successor of"),
    ]
    assert [b.model.slug for b in down[0].children] == ["chat", "closed"]
    assert down[0].children[0].of.slug == "tuned"
    up = model_lineage(family["chat"]).up()
    assert [b.model.slug for b in up] == ["tuned"]
    assert [b.model.slug for b in up[0].children] == ["base"]


def test_a_model_reached_twice_is_listed_twice_but_expanded_once(db):
    top = dated("Top", 1)
    left, right = dated("Left", 2), dated("Right", 3)
    bottom = dated("Bottom", 4)
    link(left, top)
    link(right, top)
    link(bottom, left)
    link(bottom, right)
    up = model_lineage(bottom).up()
    assert [b.model.slug for b in up] == ["left", "right"]
    assert [(b.model.slug, b.repeated) for b in up[0].children] == [("top", False)]
    assert [(b.model.slug, b.repeated) for b in up[1].children] == [("top", True)]


# --- The filter ----------------------------------------------------------------------------


def test_inherited_restriction_filter(family, licences, django_assert_num_queries):
    everything = LanguageModel.objects.all()
    with django_assert_num_queries(1):
        bound = set(filter_inherited_restriction(everything, "yes").values_list("slug", flat=True))
    assert bound == {"tuned", "chat", "closed"}
    free = set(filter_inherited_restriction(everything, "no").values_list("slug", flat=True))
    assert free == {"base", "rewrite"}
    assert filter_inherited_restriction(everything, "maybe").count() == 5
    combined = filter_inherited_restriction(everything.filter(access="open"), "yes")
    assert set(combined.values_list("slug", flat=True)) == {"tuned", "chat"}


def test_conditional_terms_are_a_restriction_too(licences):
    base = dated("Api", 1, license=licences["cond"])
    child = dated("Child", 2, license=licences["cond"])
    link(child, base, R.ALIGNED_FROM)
    qs = filter_inherited_restriction(LanguageModel.objects.all(), "yes")
    assert list(qs.values_list("slug", flat=True)) == ["child"]


def test_the_filter_follows_long_chains(licences):
    models = [dated("M0", 1, license=licences["nc"])]
    for i in range(1, 25):
        models.append(dated(f"M{i}", 1 + i, license=licences["open"]))
        link(models[-1], models[-2], R.FINE_TUNED_FROM)
    qs = filter_inherited_restriction(LanguageModel.objects.all(), "yes")
    assert qs.count() == 24


# --- Template tags -------------------------------------------------------------------------

TAGS = Template(
    "{% load lineage_tags %}{% lineage_tree model %}{% lineage_list model %}"
    "{% inherited_terms model %}"
)


def render(model) -> str:
    return TAGS.render(Context({"model": model}))


def test_tags_show_the_neighbourhood_lists_and_the_warning(family):
    html = render(LanguageModel.objects.get(slug="chat"))
    assert 'data-model="base"' in html and 'data-model="tuned"' in html
    assert 'class="node branch-decoder-only access-open current"' in html
    assert "Aligned (RLHF / chat) from <a" in html
    assert "Its licence allows more than its lineage’s" in html
    assert "Non-commercial" in html
    html = render(LanguageModel.objects.get(slug="rewrite"))
    assert "Its licence allows more" not in html
    assert "Related by design only" in html


@pytest.mark.parametrize(
    ("access", "said"), [("closed", "None: weights not released"), ("open", "None recorded")]
)
def test_an_ancestor_without_a_licence_is_described_by_its_access(db, access, said):
    parent = dated("Parent", 1, access=access)
    child = dated("Child", 2)
    link(child, parent)
    html = render(child)
    assert said in html and html.count("None") == 1


def test_a_model_without_lineage_says_so(db):
    html = render(dated("Alone", 1))
    assert "No recorded lineage" in html
    assert "No recorded parent." in html and "No recorded descendant." in html
    assert "<svg" not in html


@pytest.mark.parametrize("size", [5, 200])
def test_tags_run_three_queries_whatever_the_size(db, licences, size, django_assert_num_queries):
    models = [dated("M0", 1, license=licences["nc"])]
    models += bulk_models({"name": f"M{i}", "license": licences["open"]} for i in range(1, size))
    bulk_links(  # a binary tree
        (model, models[(i - 1) // 2], R.FINE_TUNED_FROM) for i, model in enumerate(models) if i
    )
    middle = LanguageModel.objects.get(pk=models[len(models) // 3].pk)
    with django_assert_num_queries(3):
        html = render(middle)
    assert "data-model=" in html


def test_the_filter_as_wired_into_the_model_filters(family):
    """The snippet the wiring instructions give for catalog/filters.py, exercised here."""
    import django_filters
    from django.http import QueryDict

    from catalog.filters import ModelFilterSet

    class Wired(ModelFilterSet):
        inherited_restriction = django_filters.ChoiceFilter(
            choices=lineage.INHERITED_RESTRICTION_CHOICES,
            method="filter_inherited_restriction",
            label="Inherited restriction",
        )

        def filter_inherited_restriction(self, queryset, name, value):
            return filter_inherited_restriction(queryset, value)

    yes = Wired(QueryDict("inherited_restriction=yes&access=open"))
    assert set(yes.qs.values_list("slug", flat=True)) == {"tuned", "chat"}
    bad = Wired(QueryDict("inherited_restriction=perhaps"))
    assert bad.qs.count() == 5
    assert any("inherited_restriction" in notice for notice in bad.notices())
