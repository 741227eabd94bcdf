"""The evolutionary tree: the page (/tree/) and the standalone drawing (/tree.svg).

Both take the /models/ filters (models that do not match are faded, the structure stays),
`highlight` (a slug or a name: that model, its ancestors and descendants), `unfold` (repeatable:
a family's first model, or a `branch:year` group) and `expand` (`all` never folds, `none` always
does; by default the tree folds past `tree.FOLD_THRESHOLD` models). Nothing in the query string
can fail the request: what cannot be used is ignored with a notice.
"""

import dataclasses
import re
from dataclasses import dataclass

from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import tree
from ..filters import ModelFilterSet
from ..lineage import LineageGraph

TREE_PARAMETERS = ("highlight", "unfold", "expand")
EXPAND = {"all": True, "none": False}
GROUP = re.compile(r"^(" + "|".join(re.escape(lane.value) for lane in tree.LANES) + r"):\d{4}\Z")
SUGGESTIONS = 6
NAME_LIST_LIMIT = 1500  # the find box suggests names up to this many models
DOUBLE_DASH = re.compile(r"-(?=-)")  # an XML comment may not hold "--": "a---b" -> "a- - -b"


@dataclass
class Highlight:
    slug: str
    name: str
    ancestors: int
    descendants: int


@dataclass
class TreeRequest:
    """A request's parameters, read leniently, and the drawing they give."""

    filterset: ModelFilterSet
    drawing: tree.Drawing
    catalog: tree.Catalog
    notices: list[str]
    highlight: Highlight | None
    suggestions: list[tuple[str, str]]  # (slug, name) near a highlight that matched nothing
    unfold: list[str]
    expand: bool | None
    narrow: tree.Drawing | None = None  # the same tree for a phone: each lane's year one box


def draw_for(request, absolute: bool = False, narrow_too: bool = False) -> TreeRequest:
    """Everything /tree/ and /tree.svg show for this request (with `narrow_too`, the
    narrow overview as well). Runs a bounded number of queries (the filter's choices, the
    matching models, then load_catalog's three)."""
    params = request.GET
    filterset = ModelFilterSet(params)
    notices = filterset.notices()
    matching = None
    if filterset.active:
        matching = set(filterset.qs.order_by().values_list("slug", flat=True))
    catalog = tree.load_catalog()
    by_slug = {node.slug: node for node in catalog.nodes}

    highlight, suggestions = None, []
    wanted = params.get("highlight", "").strip()
    slug = _resolve(wanted, catalog) if wanted else None
    if wanted and slug is None:
        notices.append(
            _("No model is called “%(name)s”, so nothing is highlighted.")
            % {"name": _shown(wanted)}
        )
        suggestions = _suggest(wanted, catalog)
    elif slug:
        graph = LineageGraph((link.child, link.parent, link.relation) for link in catalog.links)
        highlight = Highlight(
            slug,
            by_slug[slug].name,
            len(graph.ancestors(slug)),
            len(graph.descendants(slug)),
        )

    expand = None
    raw_expand = params.get("expand", "")
    if raw_expand:
        if raw_expand in EXPAND:
            expand = EXPAND[raw_expand]
        else:
            notices.append(
                _("Ignored expand=“%(value)s”: use expand=all or expand=none.")
                % {"value": _shown(raw_expand)}
            )
    unfold = []
    for value in params.getlist("unfold"):
        if value in by_slug or GROUP.match(value):
            unfold.append(value)
        else:
            notices.append(
                _("Ignored unfold=“%(value)s”: no model or group by that name.")
                % {"value": _shown(value)}
            )

    base = request.build_absolute_uri("/")[:-1] if absolute else ""
    model_path = base + reverse("catalog:model_detail", args=["-slug-"])
    here = base + (reverse("catalog:tree_svg") if absolute else reverse("catalog:tree"))

    def unfold_url(key):
        query = params.copy()
        query.setlist("unfold", [*unfold, key])
        # The page then frames what was opened: the family's first model, or the group's boxes.
        fragment = f"#tree-node-{key}" if key in by_slug else f"#tree-cell-{key}"
        return f"{here}?{query.urlencode()}{fragment}"

    options = tree.Options(
        matching=matching,
        highlight=slug,
        unfold=frozenset(unfold),
        expand=expand,
        model_url=lambda s: model_path.replace("-slug-", s),
        unfold_url=unfold_url,
        legend=absolute,  # the page has its legend beside the drawing, in HTML
        org_chart=not absolute,  # and the chart of the organisations with most models in it
    )
    drawing = tree.draw(catalog, options)
    narrow = None
    if narrow_too and drawing.folded:
        narrow = tree.draw(
            catalog,
            dataclasses.replace(options, years=True, id_prefix="tree-n"),
        )
    return TreeRequest(
        filterset, drawing, catalog, notices, highlight, suggestions, unfold, expand, narrow
    )


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted back in a notice: short, without control characters."""
    text = "".join(c if c.isprintable() else "�" for c in value[:limit])
    return text + "…" if len(value) > limit else text


def _folded(text: str) -> str:
    """A name as the find box compares it: lower case, letters and digits only."""
    return "".join(c for c in text.lower() if c.isalnum())


def _ranked(text: str, catalog: tree.Catalog) -> list[tuple[int, str, str]]:
    """(rank, name, slug) of the models `text` may mean, best first: 0 its slug or exact
    name, 1 an exact alias, 2 the same letters and digits ("gpt4" -> GPT-4), 3 a name or
    alias starting with them, 4 one containing them."""
    lowered, folded = text.lower(), _folded(text)
    found = []
    for node in catalog.nodes:
        names = [node.name, *node.aliases]
        if node.slug == text or node.name.lower() == lowered:
            rank = 0
        elif any(alias.lower() == lowered for alias in node.aliases):
            rank = 1
        elif folded and any(_folded(name) == folded for name in names):
            rank = 2
        elif folded and any(_folded(name).startswith(folded) for name in names):
            rank = 3
        elif folded and (
            any(folded in _folded(name) for name in names) or folded in _folded(node.slug)
        ):
            rank = 4
        else:
            continue
        found.append((rank, node.name.lower(), node.slug))
    found.sort()
    return found


def _resolve(text: str, catalog: tree.Catalog) -> str | None:
    """The model `text` names: its slug, its name or an alias ignoring case, or the same
    letters and digits ("gpt4" is GPT-4, not GPT4All)."""
    best = _ranked(text, catalog)
    return best[0][2] if best and best[0][0] <= 2 else None


def _suggest(text: str, catalog: tree.Catalog) -> list[tuple[str, str]]:
    names = {node.slug: node.name for node in catalog.nodes}
    return [(slug, names[slug]) for _, _, slug in _ranked(text, catalog)[:SUGGESTIONS]]


def _query_without(params: QueryDict, *names: str) -> QueryDict:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query


class TreeView(TemplateView):
    template_name = "catalog/tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = draw_for(self.request, narrow_too=True)
        params = self.request.GET
        filters = _query_without(params, *TREE_PARAMETERS, "page", "sort", "format")
        facets = result.filterset.facets()
        for facet in facets:  # a selected option among those folded away opens the fold
            facet.open = any(option.selected for option in facet.options[8:])
        context.update(
            tree=result,
            drawing=result.drawing,
            filterset=result.filterset,
            facets=facets,
            notices=result.notices,
            query=_query_without(params, "page", "format"),
            svg_query=params.urlencode(),
            # The form holds the filters and the find box; the tree's other parameters ride
            # along hidden.
            tree_hidden=[(n, v) for n in ("unfold", "expand") for v in params.getlist(n)],
            filter_query=filters.urlencode(),
            model_list_url=reverse("catalog:model_list")
            + (f"?{filters.urlencode()}" if filters else ""),
            branches=list(tree.LANES),
            clear_highlight="?" + _query_without(params, "highlight").urlencode(),
            clear_filters="?" + _query_without(params, *filters.keys()).urlencode(),
            expand_all="?" + _with(params, expand="all"),
            fold_all="?" + _with(_query_without(params, "unfold"), expand="none"),
            names=sorted((n.name for n in result.catalog.nodes), key=str.lower)
            if len(result.catalog.nodes) <= NAME_LIST_LIMIT
            else [],
        )
        return context


def _with(params: QueryDict, **values) -> str:
    query = params.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def tree_svg(request):
    """The tree as a standalone SVG document, links absolute so it works once downloaded; the
    notices, if any, in an XML comment before it."""
    result = draw_for(request, absolute=True)
    context = {
        "drawing": result.drawing,
        "notices": [DOUBLE_DASH.sub("- ", _shown(n, 300)) for n in result.notices],
    }
    body = render_to_string("catalog/tree.svg", context)
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="llm-atlas-tree.svg"'
    return response
