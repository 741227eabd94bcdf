"""A model page's lineage: its neighbourhood as a small tree, as nested lists, and the licence
terms that come down to it.

    {% load lineage_tags %}
    {% lineage_tree model %}      the neighbourhood drawn (ancestors and descendants)
    {% lineage_list model %}      the same as nested lists, for screen readers and text browsers
    {% inherited_terms model %}   ancestors' licences, with a warning on any conflict

The three share one `lineage.model_lineage()` per model instance: three queries in all, however
many of the tags a page uses and however large the catalog.

And charts of the whole catalog (`charts.py`), one query each:

    {% organizations_chart %}     models per organisation, open and closed stacked
    {% growth_charts %}           models per year by branch, and open against closed per year
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog import charts, tree
from catalog.lineage import ModelLineage, model_lineage

register = template.Library()

_CACHE = "_atlas_lineage"
NEIGHBOURHOOD_SPACING = 50  # a small tree can afford more room between dates


def lineage_of(model) -> ModelLineage:
    """The model's lineage, computed once per instance (three queries the first time)."""
    cached = model.__dict__.get(_CACHE)
    if cached is None:
        cached = model.__dict__[_CACHE] = model_lineage(model)
    return cached


def neighbourhood_catalog(lineage: ModelLineage) -> tree.Catalog:
    """The model, its shown ancestors and descendants, and the links among them."""
    facts = lineage.facts
    shown = {lineage.model.pk, *lineage.ancestors, *lineage.descendants}
    nodes = [tree.Node.of(f) for pk, f in facts.items() if pk in shown]
    links = [
        tree.Link(facts[child].slug, facts[parent].slug, relation)
        for child, parent, relation in lineage.edges
    ]
    names = {slug: name for pk in shown for slug, name in facts[pk].organizations}
    return tree.Catalog(nodes, links, names)


@register.inclusion_tag("catalog/includes/_lineage_tree.html")
def lineage_tree(model):
    lineage = lineage_of(model)
    figure = None
    if not lineage.is_empty:
        base = reverse("catalog:model_detail", args=["-slug-"])
        figure = tree.draw(
            neighbourhood_catalog(lineage),
            tree.Options(
                current=model.slug,
                expand=True,
                model_url=lambda slug: base.replace("-slug-", slug),
                title=_("Lineage of %(name)s") % {"name": model.name},
                id_prefix="lineage",
                spacing=NEIGHBOURHOOD_SPACING,
            ),
        ).figure
    return {"model": model, "lineage": lineage, "figure": figure}


@register.inclusion_tag("catalog/includes/_lineage_list.html")
def lineage_list(model):
    lineage = lineage_of(model)
    return {"model": model, "lineage": lineage, "up": lineage.up(), "down": lineage.down()}


@register.inclusion_tag("catalog/includes/_lineage_terms.html")
def inherited_terms(model):
    return {"model": model, "lineage": lineage_of(model)}


# --- Charts (for / and /organizations/) ----------------------------------------------------


@register.inclusion_tag("catalog/includes/_chart_figure.html")
def organizations_chart(limit: int = charts.TOP_ORGANIZATIONS):
    """Models per organisation, open and closed. One query."""
    return {"chart": charts.organizations_chart(limit=limit)}


@register.inclusion_tag("catalog/includes/_chart_growth.html")
def growth_charts():
    """Models per year by branch, and open against closed per year. One query for both."""
    years = charts.yearly_counts()
    return {
        "charts": [charts.branches_chart(years), charts.access_chart(years)],
    }
