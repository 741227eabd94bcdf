"""The evolutionary tree: structure of the SVG, layout guarantees, filters, highlight, folding."""

import datetime
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from catalog import tree
from catalog.filters import ModelFilterSet
from catalog.models import Branch, LanguageModel, Lineage
from tests.factories import bulk_links, bulk_models, link, make_license, make_model, make_org

SVG = "{http://www.w3.org/2000/svg}"


# --- Reading the drawing -------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def _translate(element) -> tuple[float, float]:
    transform = element.get("transform", "")
    if not transform.startswith("translate("):
        return 0.0, 0.0
    x, y = transform[len("translate(") : -1].split(",")
    return float(x), float(y)


def walk(element, parents=(), offset=(0.0, 0.0)):
    """(element, ancestors, absolute translate of the element) for every element."""
    dx, dy = _translate(element)
    here = (offset[0] + dx, offset[1] + dy)
    yield element, parents, here
    for child in element:
        yield from walk(child, (*parents, element), here)


def classes(element) -> set[str]:
    return set(element.get("class", "").split())


def nodes(root) -> dict:
    """{slug: (g element, its ancestors, (x, y, width, height) of its box)} for model boxes."""
    found = {}
    for element, parents, (x, y) in walk(root):
        if element.tag == f"{SVG}g" and "node" in classes(element) and element.get("data-model"):
            rect = element.find(f"{SVG}rect")
            box = (
                x + float(rect.get("x", 0)),
                y + float(rect.get("y", 0)),
                float(rect.get("width")),
                float(rect.get("height")),
            )
            assert element.get("data-model") not in found, "one box per model"
            found[element.get("data-model")] = (element, parents, box)
    return found


def edges(root) -> list:
    return [e for e in root.iter() if e.get("data-parent") is not None]


def overlapping(boxes: dict) -> list:
    """Pairs of boxes that overlap (touching edges do not count)."""
    items = sorted(boxes.items(), key=lambda kv: kv[1][0])
    found = []
    for i, (a, (ax, ay, aw, ah)) in enumerate(items):
        for b, (bx, by, bw, bh) in items[i + 1 :]:
            if bx >= ax + aw:
                break
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                found.append((a, b))
    return found


def seed_catalog() -> tree.Catalog:
    import json

    documents = [json.loads(p.read_text()) for p in sorted(Path("fixtures").glob("*.json"))]
    merged = {"models": [], "organizations": [], "families": []}
    for document in documents:
        for key, rows in merged.items():
            rows += document.get(key, [])
    return tree.Catalog.from_interchange(merged)


# --- Structure -----------------------------------------------------------------------------


def test_one_node_per_model_and_one_edge_per_lineage_link(client, seeded):
    root = parse(client.get(reverse("catalog:tree_svg") + "?expand=all").content.decode())
    drawn = nodes(root)
    assert set(drawn) == set(LanguageModel.objects.published().values_list("slug", flat=True))
    links = {(e.get("data-parent"), e.get("data-child")) for e in edges(root)}
    expected = set(Lineage.objects.published().values_list("parent__slug", "child__slug"))
    assert links == expected
    assert len(edges(root)) == len(expected)


def test_each_node_is_a_described_link_with_branch_and_access(client, seeded):
    root = parse(client.get(reverse("catalog:tree_svg") + "?expand=all").content.decode())
    assert root.find(f"{SVG}title").text
    total = LanguageModel.objects.published().count()
    assert root.find(f"{SVG}desc").text.startswith(f"{total} models")
    llama = LanguageModel.objects.get(slug="llama")
    element, parents, _ = nodes(root)["llama"]
    assert {"node", "branch-decoder-only", "access-open"} <= classes(element)
    assert element.find(f"{SVG}rect") is not None
    assert "LLaMA" in element.find(f"{SVG}title").text
    assert "by Meta" in element.find(f"{SVG}title").text
    anchor = parents[-1]
    assert anchor.tag == f"{SVG}a"
    assert anchor.get("href").endswith(llama.get_absolute_url())
    assert anchor.get("href").startswith("http://testserver/")  # absolute once downloaded
    gpt3, _, _ = nodes(root)["gpt-3"]
    assert {"branch-decoder-only", "access-closed"} <= classes(gpt3)


def test_svg_download_is_a_standalone_document(client, seeded):
    response = client.get(reverse("catalog:tree_svg"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "llm-atlas-tree.svg" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = parse(body)
    assert root.find(f"{SVG}style") is not None  # styled without the site's CSS
    assert root.find(f"{SVG}g[@class='legend']") is not None


def test_page_embeds_the_same_drawing_with_form_legend_and_search(client, seeded):
    response = client.get(reverse("catalog:tree"), {"expand": "all"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="node ') >= LanguageModel.objects.published().count()
    assert 'id="tree-find"' in page and 'name="highlight"' in page
    assert 'name="branch"' in page and 'name="year_min"' in page and 'name="org"' in page
    assert "How to read the tree" in page
    assert "js/tree.js" in page and "css/tree.css" in page
    assert 'href="/models/llama/"' in page  # relative on the page


# --- Layout guarantees ---------------------------------------------------------------------


def test_no_two_boxes_overlap_in_the_seed_tree():
    catalog = seed_catalog()
    root = parse(tree.draw(catalog, tree.Options(expand=True)).svg)
    boxes = {slug: box for slug, (_, _, box) in nodes(root).items()}
    assert len(boxes) == len(catalog.nodes) > 200
    assert overlapping(boxes) == []


def test_no_two_boxes_overlap_with_hundreds_of_synthetic_models():
    catalog = tree.Catalog.from_interchange(generate(600, seed=7))
    root = parse(tree.draw(catalog, tree.Options(expand=True)).svg)
    boxes = {slug: box for slug, (_, _, box) in nodes(root).items()}
    assert len(boxes) == 600
    assert overlapping(boxes) == []


def test_overlap_check_can_fail():
    assert overlapping({"a": (0, 0, 10, 10), "b": (5, 5, 10, 10)}) == [("a", "b")]
    assert overlapping({"a": (0, 0, 10, 10), "b": (10, 0, 10, 10)}) == []


def test_vertical_order_follows_release_dates():
    catalog = seed_catalog()
    root = parse(tree.draw(catalog, tree.Options(expand=True)).svg)
    centre = {slug: y + h / 2 for slug, (_, _, (x, y, w, h)) in nodes(root).items()}
    by_date = sorted(catalog.nodes, key=lambda node: node.date)
    for older, newer in zip(by_date, by_date[1:], strict=False):
        if older.date < newer.date:
            assert centre[newer.slug] < centre[older.slug], (older.slug, newer.slug)
        else:
            assert centre[newer.slug] == centre[older.slug]


def test_a_family_grows_out_of_its_parents_line(seeded, client):
    """Within a lane, a model's box is joined to its parent's by a solid curve from the
    parent's top to the child's bottom, and the child is above the parent."""
    root = parse(client.get(reverse("catalog:tree_svg")).content.decode())
    drawn = nodes(root)
    primary = [e for e in edges(root) if "primary" in classes(e)]
    assert primary
    for edge in primary:
        parent, child = drawn[edge.get("data-parent")][2], drawn[edge.get("data-child")][2]
        assert child[1] <= parent[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # lane
            st.integers(0, 1500),  # days after 2018-01-01
            st.sampled_from(["open", "closed"]),
            st.integers(1, 14),  # name length
            st.lists(st.integers(0, 60), max_size=2),  # parents among earlier models
        ),
        min_size=1,
        max_size=60,
    )
)
def test_layout_properties_hold_for_any_lineage(rows):
    branches = [lane.value for lane in tree.LANES]
    start = datetime.date(2018, 1, 1)
    nodes_, links = [], []
    for i, (lane, days, access, length, parents) in enumerate(rows):
        name = ("M" * length)[: length - len(str(i))] + str(i)
        date = start + datetime.timedelta(days=days)
        nodes_.append(tree.Node(f"m{i}", name, branches[lane], access, date))
        for p in set(parents):
            if p < i:
                links.append(tree.Link(f"m{i}", f"m{p}", "fine-tuned-from"))
    catalog = tree.Catalog(nodes_, links, {})
    svg = tree.draw(catalog).svg
    root = parse(svg)
    drawn = nodes(root)
    assert len(drawn) == len(nodes_)
    assert overlapping({slug: box for slug, (_, _, box) in drawn.items()}) == []
    assert len(edges(root)) == len(set(links))
    centre = {slug: box[1] + box[3] / 2 for slug, (_, _, box) in drawn.items()}
    for a in nodes_:
        for b in nodes_:
            if a.date < b.date:
                assert centre[b.slug] < centre[a.slug]
    # Folded (the overview), the boxes and groups still never overlap, each box stays in its
    # lane's colour, and every model is in exactly one box.
    folded = parse(tree.draw(catalog, tree.Options(expand=False)).svg)
    shapes = {}
    for element, _, (x, y) in walk(folded):
        key = element.get("data-model") or element.get("data-group")
        if element.tag == f"{SVG}g" and key and ({"node", "group"} & classes(element)):
            rect = element.find(f"{SVG}rect")
            shapes[key] = (x, y, float(rect.get("width")), float(rect.get("height")))
            if element.get("data-model"):
                lane = next(n.branch for n in nodes_ if n.slug == key)
                assert f"branch-{lane}" in classes(element)
    assert overlapping(shapes) == []


# --- Same data, same picture ---------------------------------------------------------------


def test_same_data_gives_the_same_svg_whatever_the_order_it_comes_in():
    catalog = seed_catalog()
    first = tree.draw(catalog).svg
    shuffled = tree.Catalog(
        list(catalog.nodes),
        list(catalog.links),
        dict(catalog.organizations),
        dict(reversed(list(catalog.families.items()))),
    )
    rng = random.Random(3)
    rng.shuffle(shuffled.nodes)
    rng.shuffle(shuffled.links)
    shuffled.organizations = dict(reversed(list(shuffled.organizations.items())))
    assert tree.draw(shuffled).svg == first
    assert tree.draw(catalog).svg == first


def test_same_data_saved_in_another_order_gives_the_same_download(client, db):
    def build(order):
        org = make_org("Lab", slug="lab")
        made = {}
        for slug in order:
            made[slug] = make_model(
                name=slug.upper(), slug=slug, organizations=[org], release_date=DATES[slug]
            )
        link(made["b"], made["a"])
        link(made["c"], made["a"])
        return client.get(reverse("catalog:tree_svg")).content

    first = build(["a", "b", "c"])
    LanguageModel.objects.all().delete()
    from catalog.models import Organization

    Organization.objects.all().delete()
    second = build(["c", "a", "b"])
    assert first == second


DATES = {
    "a": datetime.date(2020, 1, 1),
    "b": datetime.date(2021, 1, 1),
    "c": datetime.date(2021, 6, 1),
}


# --- Filters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "branch=decoder-only",
        "access=open&year_min=2022",
        "org=meta&org=google",
        "commercial=no",
        "q=bert",
        "license=apache-2-0&branch=encoder-decoder",
    ],
)
def test_filters_dim_exactly_the_models_that_do_not_match(client, seeded, query):
    url = reverse("catalog:tree_svg") + "?expand=all&" + query
    root = parse(client.get(url).content.decode())
    matching = set(ModelFilterSet(QueryDict(query)).qs.values_list("slug", flat=True))
    assert matching, "the example must match something"
    drawn = nodes(root)
    dimmed = {slug for slug, (element, _, _) in drawn.items() if "dimmed" in classes(element)}
    assert dimmed == set(drawn) - matching
    for edge in edges(root):
        both = edge.get("data-parent") in matching and edge.get("data-child") in matching
        assert ("dimmed" in classes(edge)) is not both


def test_without_filters_nothing_is_dimmed(client, seeded):
    root = parse(client.get(reverse("catalog:tree_svg")).content.decode())
    assert not [e for e in root.iter() if "dimmed" in classes(e)]


def test_bad_filter_values_are_notices_on_the_page(client, seeded):
    response = client.get(reverse("catalog:tree"), {"branch": "quantum", "year_min": "soon"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ignored branch=“quantum”" in page
    assert "Ignored year_min=“soon”" in page


# --- Highlight -----------------------------------------------------------------------------


@pytest.fixture
def family(db):
    """grand -> parent -> me -> child -> grandchild ;  me -> child2 ;  other -> child2 ;
    parent -> sibling -> nephew ;  stranger alone."""
    day = iter(range(1, 28))

    def model(slug):
        date = datetime.date(2021, 1, next(day))
        return make_model(
            name=slug.title(), slug=slug, release_date=date, release_date_precision="day"
        )

    made = {
        s: model(s)
        for s in [
            "grand",
            "parent",
            "other",
            "me",
            "sibling",
            "child",
            "child2",
            "nephew",
            "grandchild",
            "stranger",
        ]
    }  # noqa: E501
    link(made["parent"], made["grand"])
    link(made["me"], made["parent"])
    link(made["sibling"], made["parent"])
    link(made["nephew"], made["sibling"])
    link(made["child"], made["me"])
    link(made["grandchild"], made["child"])
    link(made["child2"], made["me"])
    link(made["child2"], made["other"])
    return made


def test_highlight_covers_exactly_ancestors_and_descendants(client, family):
    root = parse(client.get(reverse("catalog:tree_svg"), {"highlight": "me"}).content.decode())
    lit = {slug for slug, (e, _, _) in nodes(root).items() if "highlight" in classes(e)}
    assert lit == {"grand", "parent", "me", "child", "grandchild", "child2"}
    lit_edges = {
        (e.get("data-parent"), e.get("data-child"))
        for e in edges(root)
        if "highlight" in classes(e)
    }
    assert lit_edges == {
        ("grand", "parent"),
        ("parent", "me"),
        ("me", "child"),
        ("child", "grandchild"),
        ("me", "child2"),
    }
    assert "has-highlight" in classes(root)


def test_highlight_by_name_on_the_page_tells_what_it_lit(client, family):
    response = client.get(reverse("catalog:tree"), {"highlight": "ME"})
    page = response.content.decode()
    assert "Lineage of <a" in page
    assert "2 ancestors and 3 descendants" in page
    assert 'href="#tree-node-me"' in page


@pytest.mark.parametrize("value", ["nobody", "<script>", "x" * 500, "a---b", "-->", "x-"])
def test_unknown_highlight_is_a_visible_notice_not_an_error(client, family, value):
    response = client.get(reverse("catalog:tree"), {"highlight": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "so nothing is highlighted" in page
    assert "<script>" not in page.split("<main", 1)[1].split("</main>")[0].replace(
        "<script src", ""
    )
    svg = client.get(reverse("catalog:tree_svg"), {"highlight": value})
    assert svg.status_code == 200
    assert "nothing is highlighted" in svg.content.decode()
    parse(svg.content.decode())  # the notice's comment holds no "--"
    assert not [
        e
        for e in parse(svg.content.decode().split("-->\n", 1)[1]).iter()
        if "highlight" in classes(e)
    ]


def test_unknown_highlight_suggests_close_names(client, family):
    page = client.get(reverse("catalog:tree"), {"highlight": "chil"}).content.decode()
    assert "Did you mean" in page and "Child2" in page


@pytest.mark.parametrize(
    "typed, found",
    [("gpt4", "gpt-4"), ("GPT-4", "gpt-4"), ("gpt4all", "gpt4all"), ("Chat", "chat-model")],
)
def test_find_prefers_exact_names_and_aliases_to_longer_names(client, db, typed, found):
    make_model(name="GPT4All", slug="gpt4all")
    make_model(name="GPT-4", slug="gpt-4")
    make_model(name="GPT-4 Turbo", slug="gpt-4-turbo")
    make_model(name="Chatterbox", slug="chatterbox")
    make_model(name="Model C", slug="chat-model", aliases=["Chat"])
    page = client.get(reverse("catalog:tree"), {"highlight": typed}).content.decode()
    assert f'href="#tree-node-{found}"' in page


# --- Folding -------------------------------------------------------------------------------


def synthetic(n=900, seed=5) -> tree.Catalog:
    return tree.Catalog.from_interchange(generate(n, seed=seed))


def test_large_catalogs_start_folded_with_counts_that_add_up():
    catalog = synthetic()
    drawing = tree.draw(catalog)
    assert drawing.folded
    root = parse(drawing.svg)
    drawn = nodes(root)
    assert len(drawn) < len(catalog.nodes) / 2
    folded = {e.get("data-family") for e in root.iter() if "unfold" in classes(e)}
    groups = [e for e in root.iter() if "group" in classes(e) and e.get("data-group")]
    assert folded and groups
    hidden = sum(int(g.get("data-count")) for g in groups)
    chains = [int(e.find(f"{SVG}text").text) for e in root.iter() if e.get("data-family")]
    assert min(chains) >= 2  # a chain box stands for its first model and the rest
    assert len(drawn) - len(chains) + sum(chains) + hidden == len(catalog.nodes)
    assert overlapping({slug: box for slug, (_, _, box) in drawn.items()}) == []


def test_small_catalogs_are_not_folded_unless_asked():
    catalog = synthetic(tree.FOLD_THRESHOLD)
    assert not tree.draw(catalog).folded
    assert tree.draw(seed_catalog()).folded
    folded = tree.draw(catalog, tree.Options(expand=False))
    assert folded.folded and folded.shown < len(catalog.nodes)
    assert tree.draw(synthetic(), tree.Options(expand=True)).shown == 900


def test_unfolding_a_family_shows_its_members():
    catalog = seed_catalog()
    claude = sorted((n for n in catalog.nodes if n.family == "claude"), key=lambda n: n.date)
    first, second, last = claude[0].slug, claude[1].slug, claude[-1].slug
    folded = parse(tree.draw(catalog, tree.Options(expand=False)).svg)
    # The Claude family is one chain, drawn as its first model's box with its count.
    assert first in nodes(folded) and second not in nodes(folded)
    element = nodes(folded)[first][0]
    assert "folded" in classes(element)
    assert element.find(f"{SVG}g[@class='unfold']/{SVG}text").text == str(len(claude))
    for key in (first, second, "claude"):  # its first model, any member, or the family
        opened = nodes(parse(tree.draw(catalog, tree.Options(unfold=frozenset({key}))).svg))
        assert {n.slug for n in claude} <= set(opened), key
        assert last in opened


def test_highlight_unfolds_what_it_lights():
    catalog = seed_catalog()
    root = parse(tree.draw(catalog, tree.Options(expand=False, highlight="alpaca")).svg)
    assert {"alpaca", "llama"} <= set(nodes(root))


def test_groups_fold_small_families_beyond_the_cell_limit_and_unfold():
    catalog = synthetic()
    root = parse(tree.draw(catalog).svg)
    group = next(e for e in root.iter() if e.get("data-group"))
    key = group.get("data-group")
    opened = parse(tree.draw(catalog, tree.Options(unfold=frozenset({key}))).svg)
    assert key not in {e.get("data-group") for e in opened.iter()}
    assert len(nodes(opened)) > len(nodes(root))


def test_the_organisations_chart_sits_in_a_free_corner_clear_of_every_box(client, seeded):
    page = client.get(reverse("catalog:tree")).content.decode()
    root = parse(page[page.index("<svg") : page.index("</svg>") + 6])
    chart = next((e for e in root.iter() if "org-chart" in classes(e)), None)
    assert chart is not None
    x, y = _translate(chart)
    back = chart.find(f"{SVG}rect")
    box = (x, y, float(back.get("width")), float(back.get("height")))
    assert box[0] + box[2] <= float(root.get("width"))
    assert box[1] + box[3] <= float(root.get("height"))
    drawn = {slug: b for slug, (_, _, b) in nodes(root).items()}
    assert overlapping({**drawn, "chart": box}) == []
    rows = chart.findall(f"{SVG}g")
    assert len(rows) >= 6
    totals = [sum(map(int, r.find(f"{SVG}text[@class='counts']").text.split(" / "))) for r in rows]
    assert totals == sorted(totals, reverse=True)  # most models first
    # The standalone SVG has the full legend with every organisation instead.
    assert 'class="org-chart"' not in client.get(reverse("catalog:tree_svg")).content.decode()


def test_a_group_is_named_by_its_lane_years_and_families_and_marks_what_it_held():
    catalog = seed_catalog()
    for years in (False, True):
        root = parse(tree.draw(catalog, tree.Options(expand=False, years=years)).svg)
        for group in (e for e in root.iter() if e.get("data-group")):
            lane, year = group.get("data-group").split(":")
            title = group.find(f"{SVG}title").text
            label = Branch(lane).label.lower()
            assert label in title and f"began in {year}:" in title, title
            assert group.get("data-first") in {n.slug for n in catalog.nodes}
    root = parse(tree.draw(catalog, tree.Options(expand=False)).svg)
    group = max(
        (e for e in root.iter() if e.get("data-group")), key=lambda e: int(e.get("data-count"))
    )
    key, count = group.get("data-group"), int(group.get("data-count"))
    opened = parse(tree.draw(catalog, tree.Options(unfold=frozenset({key}))).svg)
    held = [e for e in opened.iter() if e.get("data-cell") == key]
    # Exactly what the group held: each model once, as itself or in its family's count.
    sizes = [
        int(e.find(f"{SVG}g[@class='unfold']/{SVG}text").text)
        if e.find(f"{SVG}g[@class='unfold']") is not None
        else 1
        for e in held
    ]
    assert sum(sizes) == count
    shown_before = set(nodes(root))
    assert not {e.get("data-model") for e in held} & shown_before


def test_the_page_links_unfold_and_expand(client, db):
    lic = make_license()
    org = make_org()
    first = make_model(license=lic, organizations=[org])
    for _ in range(3):
        link(
            make_model(license=lic, organizations=[org], release_date=datetime.date(2023, 5, 1)),
            first,
        )
    response = client.get(reverse("catalog:tree"), {"expand": "none"})
    page = response.content.decode()
    assert f"unfold={first.slug}" in page
    assert "expand=all" in page
    assert client.get(reverse("catalog:tree"), {"expand": "sideways"}).status_code == 200
    assert (
        "Ignored expand="
        in client.get(reverse("catalog:tree"), {"expand": "sideways"}).content.decode()
    )
    assert (
        "Ignored unfold="
        in client.get(reverse("catalog:tree"), {"unfold": "ghost"}).content.decode()
    )


# --- Queries -------------------------------------------------------------------------------


def make_lineage(n: int):
    orgs = [make_org() for _ in range(3)]
    lic = make_license()
    models = bulk_models(
        {
            "organizations": orgs[: 1 + i % 3],
            "license": lic,
            "branch": [b.value for b in tree.LANES][i % 4],
            "release_date": datetime.date(2018 + i % 6, 1 + i % 12, 1),
        }
        for i in range(n)
    )
    bulk_links((model, models[i - 3], None) for i, model in enumerate(models) if i > 2)
    return models


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalog:tree"),
        reverse("catalog:tree") + "?branch=decoder-only&org=org-1&year_min=2019&highlight=x",
        reverse("catalog:tree_svg") + "?access=open",
    ],
)
def test_tree_queries_do_not_grow_with_rows(client, db, django_assert_max_num_queries, url):
    # The drawing takes 8 at most; the page adds the facet counts of /models/ (its budget).
    budget = 8 if "svg" in url else 8 + 20
    make_lineage(6)
    with django_assert_max_num_queries(budget) as small:
        assert client.get(url).status_code == 200
    make_lineage(250)
    with django_assert_max_num_queries(budget) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_org_codes_are_unique_and_readable():
    names = {
        "google": "Google",
        "meta": "Meta",
        "microsoft": "Microsoft",
        "openai": "OpenAI",
        "deepmind": "DeepMind",
        "ai2": "Allen Institute for AI (AI2)",
        "hugging-face": "Hugging Face",
        "stanford": "Stanford University",
    }
    counts = {"google": 9, "meta": 8, "microsoft": 3}
    codes = tree.org_codes(names, counts)
    assert len(set(codes.values())) == len(codes)
    assert codes["google"] == "G" and codes["meta"] == "META" and codes["microsoft"] == "M"
    assert codes["openai"] == "OAI" and codes["deepmind"] == "DM" and codes["ai2"] == "AI2"
    assert codes["hugging-face"] == "HF"


def test_an_empty_catalog_draws_an_empty_tree(client, db):
    assert client.get(reverse("catalog:tree")).status_code == 200
    root = parse(client.get(reverse("catalog:tree_svg")).content.decode())
    assert nodes(root) == {} and root.find(f"{SVG}desc").text.startswith("0 models")


def test_one_model_alone(client, db):
    make_model(name="Solo", slug="solo")
    root = parse(client.get(reverse("catalog:tree_svg"), {"highlight": "solo"}).content.decode())
    assert set(nodes(root)) == {"solo"}
    assert "highlight" in classes(nodes(root)["solo"][0])


PARAMETERS = st.sampled_from(
    ["highlight", "unfold", "expand", "branch", "org", "access", "year_min", "q", "license"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(PARAMETERS, st.text(max_size=80)), max_size=6))
def test_no_query_string_breaks_the_tree(client, family, pairs):
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    page = client.get(reverse("catalog:tree") + "?" + query.urlencode())
    assert page.status_code == 200
    svg = client.get(reverse("catalog:tree_svg") + "?" + query.urlencode())
    assert svg.status_code == 200
    parse(svg.content.decode())  # still well-formed XML, notices and all


def test_a_family_folds_only_while_it_is_published(db):
    from catalog.models import Family

    family = Family.objects.create(name="Kin", slug="kin")
    first = make_model(name="Kin 1", slug="kin-1", family=family)
    make_model(name="Kin 2", slug="kin-2", family=family, release_date=datetime.date(2024, 1, 1))
    catalog = tree.load_catalog()
    assert {node.family for node in catalog.nodes} == {"kin"}
    assert catalog.families == {"kin": "Kin"}
    root = parse(tree.draw(catalog, tree.Options(expand=False)).svg)
    assert set(nodes(root)) == {first.slug}  # one box for the family
    Family.objects.filter(pk=family.pk).update(status="draft")
    catalog = tree.load_catalog()
    assert {node.family for node in catalog.nodes} == {""} and catalog.families == {}
