"""The tree as a figure: what to show (folding), then where its boxes, links, axis and legend
go. `templates/catalog/includes/_tree.svg` draws the figure as an SVG document."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ..lineage import LineageGraph
from ..models import Branch, DatePrecision, ModelAccess, Relation
from .data import (
    LANE_INDEX,
    LANES,
    NEUTRAL_ORG,
    Catalog,
    Node,
    date_order,
    families,
    in_sentence,
    org_codes,
    org_colours,
    primary_parents,
    text_width,
)
from .layout import AXIS_W, BOX_H, PAD, PER_MODEL, STEM_DX, Box, Item, free_path, layout, n

FONT = 12
OVERVIEW_SPACING = 22  # folded, a year is a little lower: the whole tree fits a screen
NARROW_SPACING = 18
NARROW_FONT = 15  # the phone's overview: few boxes, drawn small, so larger letters
SHORT_BRANCH = {  # lane titles where lanes are narrow
    Branch.PRE_TRANSFORMER: gettext_lazy("Pre-transf."),
    Branch.ENCODER_ONLY: gettext_lazy("Encoder"),
    Branch.ENCODER_DECODER: gettext_lazy("Enc–dec"),
    Branch.DECODER_ONLY: gettext_lazy("Decoder"),
    Branch.STATE_SPACE_HYBRID: gettext_lazy("SSM/hybrid"),
}
ORG_FONT = 8
_PRECISIONS = {precision.value: precision for precision in DatePrecision}
LANE_VALUES = [lane.value for lane in LANES]
HEADER = 52  # lane titles above the chart: a name, and a count under it
FOLD_THRESHOLD = 120
FAMILIES_PER_CELL = 3
OVERVIEW_BOXES = 100  # about as many families as the overview shows, at most
GROUP_NAMES = 10  # a folded group's title names this many of its families
LEGEND_ORGS = 48
CHART_ROW = 17  # the organisation chart in the drawing: a row's height
CHART_BAR = 70  # the longest bar
CHART_MIN_ROWS = 6  # fewer organisations than this fit: no chart
CHART_FONT = 12
CHART_NAME = 96  # the widest name in the chart
CHART_TITLE = gettext_lazy("Organisations: open / closed")
LEGEND_COLUMN = 190

# Boxes use the site's branch colours (white text on them passes WCAG AA); trunks and links
# the lighter tints of the survey's figure.
BOX_COLOURS = {
    Branch.PRE_TRANSFORMER: "#6e6e73",
    Branch.ENCODER_ONLY: "#b04a63",
    Branch.ENCODER_DECODER: "#3f7a45",
    Branch.DECODER_ONLY: "#3d5a86",
    Branch.STATE_SPACE_HYBRID: "#6a4c93",
}
TINTS = {
    Branch.PRE_TRANSFORMER: "#b9b9bd",
    Branch.ENCODER_ONLY: "#e4a7b6",
    Branch.ENCODER_DECODER: "#99c49c",
    Branch.DECODER_ONLY: "#93a7c6",
    Branch.STATE_SPACE_HYBRID: "#b9a6d3",
}


@dataclass
class Options:
    matching: set[str] | None = None  # slugs matching the filters; None: no filter
    highlight: str | None = None  # a slug: it, its ancestors and descendants are highlighted
    current: str | None = None  # the model whose page this is
    unfold: frozenset[str] = frozenset()  # family first models (or members), "lane:year" groups
    expand: bool | None = None  # True: never fold; False: fold; None: fold past `threshold`
    threshold: int = FOLD_THRESHOLD
    model_url: Callable[[str], str] = field(default=lambda slug: f"/models/{slug}/")
    unfold_url: Callable[[str], str] | None = None
    title: str = gettext_lazy("Evolutionary tree of language models")
    spacing: float | None = None  # height a year gets per model in its busiest lane
    legend: bool = True
    id_prefix: str = "tree"
    years: bool = False  # folded, each lane's year is one box (the narrowest overview)
    org_chart: bool = False  # the organisations' chart in a free corner, if one is free
    family_names: dict[str, str] = field(default_factory=dict)  # family slug -> name


# --- What the template draws (templates/catalog/includes/_tree.svg) ------------------------
# Coordinates come formatted (`layout.n`, at most one decimal), so the template prints them
# as they are; every text and attribute value is escaped by the template engine.


class _Record:
    """Fields readable as `record[name]`: the template engine tries that first and falls back
    to getattr after a TypeError, which costs more than the lookup itself, tens of thousands
    of times in a large tree."""

    def __getitem__(self, name):
        return getattr(self, name)


@dataclass
class Mark(_Record):
    """An organisation's marker: its letters on its colour."""

    transform: str  # where it goes: "translate(x,y)"
    width: str
    text_x: str
    code: str
    colour: str


@dataclass
class Dot(_Record):
    """A release on a folded family's chain."""

    cx: str
    cy: str
    title: str


@dataclass
class Unfold(_Record):
    """The count beside a folded family's box; a link that opens the family when it can."""

    key: str
    transform: str
    width: str
    text_x: str
    count: int
    title: str
    href: str


@dataclass
class Shape(_Record):
    """A box: a model or a folded family (`group` False), or a lane's folded group of
    smaller families (`group` True)."""

    group: bool
    key: str  # the model's slug, or the group's "lane:year"
    classes: str
    transform: str  # where the box goes: "translate(x,y)"
    width: str
    title: str
    label: str
    href: str  # the model's page; a group's unfold link, or empty
    anchor_id: str = ""
    current: bool = False
    marks: list[Mark] = field(default_factory=list)
    chain: str = ""  # a folded family: the path of its line of releases, from its box up
    dots: list[Dot] = field(default_factory=list)  # and a dot for each release after the first
    count: int = 0  # a group's models
    unfold: Unfold | None = None
    family_first: str = ""  # a model of an opened family: the family's first model
    cell: str = ""  # shown because its lane-year group was opened: "lane:year"
    first: str = ""  # a group: its oldest family's first model


@dataclass
class Edge(_Record):
    classes: str
    parent: str
    child: str
    d: str
    title: str


@dataclass
class Join(_Record):
    """A line's curve from its parent's stem or from the trunk (decoration)."""

    classes: str
    d: str


@dataclass
class Trunk(_Record):
    branch: str
    d: str
    head: str
    title_x: str
    label: str
    count: int


@dataclass
class YearPill(_Record):
    x: str
    y: str
    text_x: str
    text_y: str
    year: str  # "2023", or a run of compressed years "2013–17"
    compressed: bool = False


@dataclass
class Axis(_Record):
    line: str
    head: str
    rules: list[tuple[str, str]]  # (class, path): dashed year lines and quarter ticks
    pills: list[YearPill]


@dataclass
class LegendEntry(_Record):
    """A sample of a box, a fold count or a link, and what it means."""

    sample: str  # "box", "fold" or "edge"
    classes: str
    x: str
    y: str
    d: str
    text_x: str
    text_y: str
    label: str


@dataclass
class LegendOrganization(_Record):
    mark: Mark
    text_x: str
    text_y: str
    name: str
    count: int


@dataclass
class Legend(_Record):
    x: str
    title_y: str
    entries: list[LegendEntry]
    caption: str = ""
    caption_y: str = ""
    organizations: list[LegendOrganization] = field(default_factory=list)


@dataclass
class Figure(_Record):
    """The whole drawing, ready for the template."""

    classes: str
    width: str
    height: str
    id_prefix: str
    title: str
    description: str
    style: str
    axis_width: int = AXIS_W
    box_h: int = BOX_H
    label_y: str = f"{BOX_H / 2 + 4:g}"
    lane_title_y: int = 0
    axis: Axis | None = None
    trunks: list[Trunk] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)  # other links first, then primary ones
    shapes: list[Shape] = field(default_factory=list)  # in date order: keyboard focus order
    legend: Legend | None = None
    org_chart: OrgChart | None = None


@dataclass
class OrgChartRow(_Record):
    """An organisation's bar in the chart inside the drawing: all its models outlined, the
    open ones solid over them."""

    y: str
    mark: Mark
    length: str
    open_length: str
    text_x: str
    counts: str
    title: str


@dataclass
class OrgChart(_Record):
    """The organisations with most models, as bars in a free corner of the drawing (where the
    survey's figure has its chart): lower right, clear of every box and trunk."""

    transform: str
    width: str
    height: str
    rows: list[OrgChartRow]
    bar_x: str
    title: str


@dataclass
class OrganizationCount(_Record):
    """An organisation in the chart beside the tree: its marker, its open and closed models,
    and the lengths of its bar and of the bar's open part (out of 100: the largest bar)."""

    code: str
    colour: str
    name: str
    open: int
    closed: int
    length: str
    open_length: str

    @property
    def total(self) -> int:
        return self.open + self.closed


@dataclass
class Drawing:
    figure: Figure
    width: float
    height: float
    models: int  # models in the catalog
    shown: int  # models drawn as themselves (folded families count their first model)
    folded: bool
    highlighted: set[str]  # slugs
    matching: int
    organizations: list[OrganizationCount]  # most models first

    @functools.cached_property
    def svg(self) -> str:
        """The SVG document, as the template draws it."""
        return render_to_string(TEMPLATE, {"figure": self.figure})


TEMPLATE = "catalog/includes/_tree.svg"


@dataclass
class _Shown:
    """A box to draw and what it stands for."""

    key: str
    node: Node  # the model drawn (a family's first model; a group's oldest)
    members: list[str]  # models it stands for, itself included
    label: str
    lane: int
    kind: str  # "model", "family" or "group"
    chain: str = ""  # a model of an opened family: the family's first model
    cell: str = ""  # shown because its lane-year group was opened: the group's "lane:year"
    holds: list[str] = field(default_factory=list)  # a group: the names of its families


def draw(catalog: Catalog, options: Options | None = None) -> Drawing:
    """The tree of `catalog`, placed: `Drawing.figure` for the template, `Drawing.svg` the
    document it gives. Pure: same data and options, same figure and same bytes."""
    options = options or Options()
    nodes = {node.slug: node for node in catalog.nodes if node.branch in LANE_INDEX}
    links = sorted(
        {link for link in catalog.links if link.child in nodes and link.parent in nodes},
        key=lambda link: (link.child, link.parent, link.relation),
    )
    highlighted = set()
    if options.highlight in nodes:
        graph = LineageGraph((link.child, link.parent, link.relation) for link in links)
        highlighted = graph.lineage_of(options.highlight)
    primary = primary_parents(nodes, links)
    folded = options.expand is False or (options.expand is None and len(nodes) > options.threshold)
    if not options.family_names:
        options = dataclasses.replace(options, family_names=catalog.families)
    shown = _choose(nodes, primary, families(nodes, primary), folded, highlighted, options)
    counts = Counter(org for node in nodes.values() for org in node.orgs)
    open_counts = Counter(
        org for node in nodes.values() if node.access == ModelAccess.OPEN for org in node.orgs
    )
    most = max(counts.values(), default=1)
    codes = org_codes({s: catalog.organizations.get(s, s) for s in counts}, counts)
    painter = _Painter(catalog, options, nodes, links, shown, primary, codes, counts, highlighted)
    figure = painter.paint(folded)
    return Drawing(
        figure=figure,
        width=painter.width,
        height=painter.height,
        models=len(nodes),
        shown=sum(1 for entry in shown.values() if entry.kind != "group"),
        folded=folded,
        highlighted=highlighted,
        matching=len(nodes) if options.matching is None else len(options.matching & nodes.keys()),
        organizations=[
            OrganizationCount(
                codes[s],
                painter.colours[s],
                catalog.organizations.get(s, s),
                open_counts[s],
                counts[s] - open_counts[s],
                n(100 * counts[s] / most),
                n(100 * open_counts[s] / most),
            )
            for s in sorted(counts, key=lambda s: (-counts[s], s))
        ],
    )


def _choose(nodes, primary, forest, folded, highlighted, options) -> dict[str, _Shown]:
    """The boxes. Unfolded: every model. Folded: each family of a lane (its `Family`, or for
    models without one the tree of derivations it grows in) as one chain of releases, its
    single models as themselves; per lane and year, the families beyond FAMILIES_PER_CELL as
    one group. With `options.years`, each lane's year as one group. Families holding the
    highlighted lineage or the current model, and those asked for, are open."""
    shown: dict[str, _Shown] = {}

    def show_model(slug):
        node = nodes[slug]
        shown[slug] = _Shown(slug, node, [slug], node.name, LANE_INDEX[node.branch], "model")

    if not folded:
        for slug in sorted(nodes, key=lambda s: date_order(nodes[s])):
            show_model(slug)
        return shown

    def show_model(slug, chain="", cell=""):  # noqa: F811 (folded, names are shortened)
        node = nodes[slug]
        label = short_label(node.name)
        shown[slug] = _Shown(
            slug, node, [slug], label, LANE_INDEX[node.branch], "model", chain, cell
        )

    root_of = {member: root for root, group in forest.items() for member in group}
    chains = defaultdict(list)
    for slug in sorted(nodes, key=lambda s: date_order(nodes[s])):
        node = nodes[slug]
        key = ("family", node.branch, node.family) if node.family else ("tree", root_of[slug])
        chains[key].append(slug)
    members = {group[0]: group for group in chains.values()}
    chain_of = {member: first for first, group in members.items() for member in group}
    names = {group[0]: key[2] for key, group in chains.items() if key[0] == "family"}

    def family_name(first):
        return options.family_names.get(names.get(first), nodes[first].name)

    opened = {chain_of[s] for s in highlighted | set(options.unfold) if s in chain_of}
    opened |= {first for first, family in names.items() if family in options.unfold}
    if options.current in chain_of:
        opened.add(chain_of[options.current])
    cells = defaultdict(list)
    for first in members:
        cells[(LANE_INDEX[nodes[first].branch], nodes[first].date.year)].append(first)
    # A large catalog keeps fewer families per cell, so the overview stays about one screen.
    per_cell = max(1, min(FAMILIES_PER_CELL, OVERVIEW_BOXES // max(1, len(cells))))
    for (lane, year), firsts in sorted(cells.items()):
        firsts.sort(key=lambda r: (-len(members[r]), date_order(nodes[r])))
        group = f"{LANE_VALUES[lane]}:{year}"
        rest = firsts if options.years else firsts[per_cell:]
        rest = [r for r in rest if r not in opened]
        held = set()  # an opened group: the families it would hold
        if group in options.unfold:
            rest, held = [], set(rest)
        for first in firsts:
            if first in rest:
                continue
            cell = group if first in held else ""
            if first in opened or len(members[first]) == 1:
                chain = first if len(members[first]) > 1 else ""
                for slug in members[first]:
                    show_model(slug, chain, cell)
            else:
                node = nodes[first]
                label = short_label(family_name(first))
                shown[first] = _Shown(first, node, members[first], label, lane, "family", cell=cell)
        if rest:
            hidden = [slug for first in rest for slug in members[first]]
            oldest = min(rest, key=lambda r: date_order(nodes[r]))
            label = str(len(hidden)) if options.years else _("%(n)s more") % {"n": len(hidden)}
            holds = [
                f"{family_name(r)} ({len(members[r])})" if len(members[r]) > 1 else family_name(r)
                for r in rest
            ]
            shown[group] = _Shown(group, nodes[oldest], hidden, label, lane, "group", holds=holds)
    return shown


SHORT_LABEL = 20


def short_label(name: str) -> str:
    """A name as an overview box shows it: without what is in brackets, at most SHORT_LABEL
    characters ("BGE (BAAI General Embedding)" -> "BGE")."""
    bare = re.sub(r"\s*\(.*?\)", "", name).strip() or name
    return bare if len(bare) <= SHORT_LABEL else bare[: SHORT_LABEL - 1].rstrip() + "…"


class _Painter:
    def __init__(self, catalog, options, nodes, links, shown, primary, codes, counts, lit):
        self.catalog, self.options, self.nodes, self.links = catalog, options, nodes, links
        self.primary = primary
        self.colours = org_colours(counts)
        self.folded = any(entry.kind != "model" for entry in shown.values())
        self.font = NARROW_FONT if options.years else FONT
        self.shown, self.codes, self.counts, self.lit = shown, codes, counts, lit
        self.matching = options.matching
        self._box_widths: dict[str, float] = {}
        # Where each model is drawn: its own box, or the chain or group that holds it.
        self.box_of = {slug: e.key for e in shown.values() for slug in e.members}
        self.items = {}
        for entry in shown.values():
            parent, relation = primary.get(entry.key, (None, ""))
            parent = self.box_of.get(parent)
            if entry.kind != "model" or parent is None or shown[parent].kind == "group":
                parent, relation = None, ""
            order = date_order(entry.node)
            reach = None
            if entry.kind == "group":
                order = (entry.node.date, "\uffff", entry.key)  # after the models of its date
            elif entry.kind == "family":
                reach = None  # max(nodes[m].date for m in entry.members)
            self.items[entry.key] = Item(
                entry.key,
                entry.lane,
                entry.node.date,
                self._width(entry),
                parent,
                relation,
                order,
                reach,
            )
        self.width = self.height = 0.0
        # Reader text, translated once per drawing rather than once per box.
        self.branch_labels = {value: in_sentence(label) for value, label in Branch.choices}
        self.relation_labels = {value: str(label) for value, label in Relation.choices}
        self.words = {
            "open": _("open (weights released)"),
            "closed": _("closed (weights not released)"),
            "model": _("%(name)s: %(branch)s, %(access)s, released %(when)s"),
            "model by": _("%(name)s: %(branch)s, %(access)s, released %(when)s, by %(orgs)s"),
            # Translators: a lineage link's tooltip, e.g. "Alpaca fine-tuned from LLaMA".
            "edge": _("%(child)s %(relation)s %(parent)s"),
            "dimmed": _("%(title)s. Does not match the filters"),
            "current": _("%(title)s. This model"),
            "separator": pgettext("list separator", ", "),
        }

    # -- sizes --

    def _orgs(self, entry: _Shown) -> tuple[str, ...]:
        """A box's organisations; a chain's, those of most of its releases first."""
        if entry.kind != "family":
            return entry.node.orgs
        counts = Counter(org for slug in entry.members for org in self.nodes[slug].orgs)
        return tuple(sorted(counts, key=lambda o: (-counts[o], o)))

    def _marks(self, orgs: tuple[str, ...]) -> list[tuple[str, str]]:
        """(code, colour) of a box's organisation markers: two at most, then a count."""
        if self.folded:  # the overview: the first organisation's colour (the title names all)
            return [("", self.colours[slug]) for slug in orgs[:1]]
        marks = [(self.codes[slug], self.colours[slug]) for slug in orgs[:2]]
        if len(orgs) > 2:
            marks = marks[:1] + [(f"+{len(orgs) - 1}", NEUTRAL_ORG)]
        return marks

    def _box_width(self, entry: _Shown) -> float:
        if entry.key in self._box_widths:
            return self._box_widths[entry.key]
        width = 7 + _label_width(entry.label, self.font) + 6
        if entry.kind != "group":
            for code, _colour in self._marks(self._orgs(entry)):
                width += _mark_width(code) + 2
        if entry.kind == "family":  # the count of its releases, in the box
            width += _fold_width(entry) + 2
        width = self._box_widths[entry.key] = max(width + 2, STEM_DX * 2 + 4)
        return width

    def _width(self, entry: _Shown) -> float:
        return self._box_width(entry)

    # -- the figure --

    def paint(self, folded: bool) -> Figure:
        opts = self.options
        items = sorted(self.items.values(), key=lambda i: i.order)
        spacing = opts.spacing or (
            NARROW_SPACING if opts.years else OVERVIEW_SPACING if folded else PER_MODEL
        )
        geo = layout(items, HEADER, spacing, one_side=opts.years) if items else None
        self.geo = geo
        chart_width = geo.width if geo else AXIS_W + 200
        self.width = max(chart_width, 300)
        bottom = geo.bottom + 26 if geo else HEADER + 60
        legend, legend_height = None, 0.0
        if opts.legend:
            # Where the first lanes end early (as the survey's figure does), the legend goes
            # in the room above them; otherwise below the tree.
            room = None  # below the tree, where it is legible, rather than in a gap inside
            if room:
                legend = self._legend(room[0], room[1], room[2], folded)[0]
            else:
                legend, legend_height = self._legend(PAD, bottom + 20, self.width, folded)
                legend_height += 20
        self.height = bottom + legend_height + PAD
        figure = Figure(
            classes=" ".join(
                ["atlas-tree"] + ["has-highlight"] * bool(self.lit) + ["narrow"] * opts.years
            ),
            width=n(self.width),
            height=n(self.height),
            id_prefix=opts.id_prefix,
            title=opts.title,
            description=self._description(geo, folded),
            style=STYLE,
            lane_title_y=HEADER - 30,
            legend=legend,
        )
        if geo:
            figure.axis = self._axis(geo, bottom)
            figure.trunks = self._trunks(geo, bottom)
            figure.joins, figure.edges = self._links(geo)
            if opts.org_chart and not opts.years:
                figure.org_chart = self._org_chart(geo, bottom)
            figure.shapes = [
                self._group(self.shown[item.key], geo.boxes[item.key])
                if self.shown[item.key].kind == "group"
                else self._node(self.shown[item.key], geo.boxes[item.key])
                for item in items
            ]
        return figure

    def _org_chart(self, geo, bottom) -> OrgChart | None:
        """The chart of organisations in the lower right corner of the drawing, as many rows
        as fit below the boxes and right of the trunks there; None if not even a few do."""
        orgs = sorted(self.counts, key=lambda s: (-self.counts[s], s))
        if len(orgs) < CHART_MIN_ROWS:
            return None
        open_counts = Counter(
            org
            for node in self.nodes.values()
            if node.access == ModelAccess.OPEN
            for org in node.orgs
        )

        def counts(slug):
            return f"{open_counts[slug]} / {self.counts[slug] - open_counts[slug]}"

        names = {s: self._chart_name(s) for s in orgs[:16]}
        label_w = max(text_width(name, CHART_FONT) for name in names.values())
        texts = max(text_width(counts(s), CHART_FONT) for s in orgs[:16])
        bar_x = 8 + 12 + label_w + 6
        chart_title = str(CHART_TITLE)
        width = max(bar_x + CHART_BAR + 5 + texts, 8 + text_width(chart_title, 12, True)) + 8
        right = self.width - PAD
        left = right - width
        low = bottom - 4  # the chart's bottom edge

        def clear_below(y: float) -> bool:
            """Nothing between y and `low` in [left, right]: no box, no trunk."""
            for box in geo.boxes.values():
                if box.x < right and box.x + box.width > left - 6 and box.bottom > y - 6:
                    return False
            for lane in geo.lanes:
                if left - 16 < lane.trunk < right + 16 and lane.top < low:
                    return False
            return True

        rows = min(len(orgs), 16)
        while rows >= CHART_MIN_ROWS:
            height = 26 + rows * CHART_ROW + 4
            if clear_below(low - height):
                break
            rows -= 1
        else:
            return None
        most = max(self.counts.values())
        chart_rows = []
        for i, slug in enumerate(orgs[:rows]):
            total, opened = self.counts[slug], open_counts[slug]
            name = self.catalog.organizations.get(slug, slug)
            length = CHART_BAR * total / most
            mark = Mark("", "", "", names[slug], self.colours[slug])
            chart_rows.append(
                OrgChartRow(
                    y=n(26 + i * CHART_ROW),
                    mark=mark,
                    length=n(length),
                    open_length=n(CHART_BAR * opened / most),
                    text_x=n(bar_x + length + 5),
                    counts=counts(slug),
                    title=_("%(name)s: %(open)s open, %(closed)s closed")
                    % {"name": name, "open": opened, "closed": total - opened},
                )
            )
        return OrgChart(
            transform=f"translate({n(left)},{n(low - height)})",
            width=n(width),
            height=n(height),
            rows=chart_rows,
            bar_x=n(bar_x),
            title=chart_title,
        )

    def _chart_name(self, slug: str) -> str:
        """An organisation's name as the chart shows it: at most CHART_NAME wide."""
        name = re.sub(r"\s*\(.*?\)", "", self.catalog.organizations.get(slug, slug)).strip()
        while len(name) > 2 and text_width(name, CHART_FONT) > CHART_NAME:
            name = name[:-2].rstrip() + "…"
        return name or slug

    def _description(self, geo, folded) -> str:
        values = {
            "shown": sum(1 for e in self.shown.values() if e.kind != "group"),
            "models": len(self.nodes),
            "links": len(self.links),
            "first": geo.years[0][0] if geo else "",
            "last": geo.years[-1][0] if geo else "",
        }
        if folded and geo:
            what = _(
                "%(shown)s of %(models)s models and %(links)s lineage links, %(first)s to %(last)s."
            )
        elif folded:
            what = _("%(shown)s of %(models)s models and %(links)s lineage links.")
        elif geo:
            what = _("%(models)s models and %(links)s lineage links, %(first)s to %(last)s.")
        else:
            what = _("%(models)s models and %(links)s lineage links.")
        sentences = [
            what % values,
            _(
                "Time runs upward. Each branch has a lane: pre-transformer (grey), encoder-only "
                "(pink), encoder-decoder (green), decoder-only (blue). A model grows out of the "
                "model it was derived from; dashed curves are other parents and links across "
                "branches. Solid boxes are open models (weights released), outlined boxes closed "
                "ones; the letters in a box stand for its organisations (see the legend)."
            ),
        ]
        if folded:
            sentences.append(
                _("Families are folded: a box with a count stands for a model and its family.")
            )
        if self.matching is not None:
            sentences.append(_("Models that do not match the filters are faded."))
        if self.lit:
            sentences.append(_("One model's lineage is highlighted; the rest is faded."))
        return " ".join(sentences)

    def _axis(self, geo, bottom) -> Axis:
        """The years: a pill and a dashed line at each 1 January; a run of compressed years
        (none or a single model) gets a break in the axis and one muted label instead."""
        x = AXIS_W / 2
        top = HEADER + 4
        rules, pills = [], []
        compressed = geo.scale.empty
        run: list[tuple[int, float, float]] = []

        def close_run():
            if not run:
                return
            first, last = run[0][0], run[-1][0]
            low, high = run[0][1], run[-1][1] - run[-1][2]
            mid = (low + high) / 2
            label = str(first) if first == last else f"{first}–{str(last)[-2:]}"
            if low - high >= 30:  # room for a label between the pills around it
                pills.append(YearPill(n(x - 26), n(mid - 9), n(x), n(mid + 4), label, True))
            else:  # a break in the axis says it
                rules.append(("axis-break", f"M{n(x - 7)},{n(mid + 3)} l14,-4 m-14,0 l14,-4"))
            run.clear()

        for year, y, height in geo.years:
            if year in compressed:
                run.append((year, y, height))
                continue
            close_run()
            rules.append(("year-line", f"M{n(x + 26)},{n(y)} H{n(self.width)}"))
            if height >= 60:  # quarters, where there is room for them
                for q in (0.25, 0.5, 0.75):
                    rules.append(("tick", f"M{n(x + 3)},{n(y - height * q)} h6"))
            pills.append(YearPill(n(x - 24), n(y - 10), n(x), n(y + 4.5), str(year)))
        close_run()
        return Axis(
            line=f"M{n(x)},{n(bottom)} L{n(x)},{n(top + 8)}",
            head=f"M{n(x - 7)},{n(top + 12)} L{n(x)},{n(top - 2)} L{n(x + 7)},{n(top + 12)}z",
            rules=rules,
            pills=pills,
        )

    def _trunks(self, geo, bottom) -> list[Trunk]:
        """Each lane's trunk grows from one root at the bottom (as in the survey's figure),
        as thick there as its number of models warrants, and thins towards its tip."""
        counts = Counter(node.branch for node in self.nodes.values())
        # Thickness grows with the count up to TRUNK_FULL models, so a small tree (a model's
        # neighbourhood) keeps slender trunks; the layout leaves room for the thickest.
        most = max(TRUNK_FULL, *counts.values())
        xs = sorted(lane.trunk for lane in geo.lanes)
        root_x = xs[len(xs) // 2]
        trunks = []
        for lane in geo.lanes:
            branch = Branch(lane.branch)
            top = lane.top - 10
            thick = TRUNK_MIN + (TRUNK_MAX - TRUNK_MIN) * (counts[branch.value] / most) ** 0.5
            base = min(bottom - 6, max(lane.base, bottom - 90))
            d = _tapered(root_x, bottom + 4, lane.trunk, base, top, thick, max(4.0, thick * 0.45))
            tip = max(4.0, thick * 0.45) + 5
            head = (
                f"M{n(lane.trunk - tip)},{n(top + 12)} L{n(lane.trunk)},{n(top - 6)} "
                f"L{n(lane.trunk + tip)},{n(top + 12)}z"
            )
            trunks.append(
                Trunk(
                    branch.value,
                    d,
                    head,
                    n(lane.trunk),
                    SHORT_BRANCH[branch] if self.options.years else branch.label,
                    counts[branch.value],
                )
            )
        return trunks

    def _links(self, geo) -> tuple[list[Join], list[Edge]]:
        joins, primary, other = [], [], []
        for item in self.items.values():
            if item.parent is None and item.key in geo.paths:
                lane = LANE_VALUES[item.lane]
                joins.append(Join(f"join branch-{lane}", geo.paths[item.key]))
        seen = set()
        for link in self.links:
            child_key, parent_key = self.box_of.get(link.child), self.box_of.get(link.parent)
            if child_key is None or parent_key is None or child_key == parent_key:
                continue  # not drawn, or inside a folded chain
            child, parent = self.shown[child_key], self.shown[parent_key]
            if "group" in (child.kind, parent.kind) or (child_key, parent_key) in seen:
                continue
            seen.add((child_key, parent_key))
            is_primary = (
                child.kind == "model" and self.items[child_key].parent == parent_key
            ) and self.primary.get(link.child, ("",))[0] == link.parent
            if is_primary:
                d = geo.paths[child_key]
            else:
                d = free_path(geo.boxes[parent_key], geo.boxes[child_key])
            cls = ["edge", "primary" if is_primary else "other"]
            cls += [f"branch-{self.nodes[link.child].branch}", f"relation-{link.relation}"]
            if self.matching is not None and not (
                link.child in self.matching and link.parent in self.matching
            ):
                cls.append("dimmed")
            if link.child in self.lit and link.parent in self.lit:
                cls.append("highlight")
            title = self.words["edge"] % {
                "child": self.nodes[link.child].name,
                "relation": self.relation_labels.get(link.relation, ""),
                "parent": self.nodes[link.parent].name,
            }
            (primary if is_primary else other).append(
                Edge(" ".join(cls), parent_key, child_key, d, title)
            )
        return joins, other + primary

    def _describe(self, node: Node) -> str:
        words = self.words
        values = {
            "name": node.name,
            "branch": self.branch_labels[node.branch],
            "access": words["open"] if node.access == ModelAccess.OPEN else words["closed"],
            "when": _PRECISIONS[node.precision].format(node.date),
            "orgs": words["separator"].join(
                self.catalog.organizations.get(o, o) for o in node.orgs
            ),
        }
        return words["model by" if values["orgs"] else "model"] % values

    def _node(self, entry: _Shown, box: Box) -> Shape:
        node, opts = entry.node, self.options
        access = {self.nodes[m].access for m in entry.members}
        cls = ["node", f"branch-{node.branch}"]
        cls.append(f"access-{node.access}" if len(access) == 1 else "access-mixed")
        if entry.kind == "family":
            cls.append("folded")
        if self.matching is not None and not any(m in self.matching for m in entry.members):
            cls.append("dimmed")
        if any(m in self.lit for m in entry.members):
            cls.append("highlight")
        current = node.slug == opts.current
        if current:
            cls.append("current")
        title = self._describe(node)
        chain, dots = "", []
        if entry.kind == "family":
            title = self._describe_chain(entry)
            if self.items[entry.key].reach:
                chain, dots = self._chain(entry, box)
        if "dimmed" in cls:
            title = self.words["dimmed"] % {"title": title}
        if current:
            title = self.words["current"] % {"title": title}
        width = self._box_width(entry)
        marks = []
        x = 7 + _label_width(entry.label, self.font) + 6
        for code, colour in self._marks(self._orgs(entry)):
            marks.append(_mark(code, colour, x, 4))
            x += _mark_width(code) + 2
        return Shape(
            group=False,
            key=node.slug,
            classes=" ".join(cls),
            transform=f"translate({n(box.x)},{n(box.y)})",
            width=n(width),
            title=title,
            label=entry.label,
            href=opts.unfold_url(entry.key)
            if entry.kind == "family" and opts.unfold_url
            else opts.model_url(node.slug),
            anchor_id=f"{opts.id_prefix}-node-{node.slug}",
            current=current,
            marks=marks,
            chain=chain,
            dots=dots,
            unfold=self._unfold(entry, x, 3) if entry.kind == "family" else None,
            family_first=entry.chain,
            cell=entry.cell,
        )

    def _describe_chain(self, entry: _Shown) -> str:
        newest = self.nodes[entry.members[-1]]
        first = entry.node
        return _(
            "%(family)s: a family of %(n)s %(branch)s models, from %(first)s (%(first_year)s) to "
            "%(newest)s (%(newest_year)s); folded, open it to see each release"
        ) % {
            "family": entry.label,
            "n": len(entry.members),
            "branch": self.branch_labels[first.branch],
            "first": first.name,
            "first_year": first.date.year,
            "newest": newest.name,
            "newest_year": newest.date.year,
        }

    def _chain(self, entry: _Shown, box: Box) -> tuple[str, list[Dot]]:
        """A folded family's line of releases: a stem up from its box to its newest release,
        a dot at each (the first is the box itself). Coordinates relative to the box."""
        dots = []
        for slug in entry.members[1:]:
            member = self.nodes[slug]
            y = self.geo.scale.y(member.date) - box.y
            when = _PRECISIONS[member.precision].format(member.date)
            dots.append(Dot(n(STEM_DX), n(min(y, -4)), f"{member.name}, {when}"))
        if not dots:
            return "", []
        return f"M{n(STEM_DX)},0 V{dots[-1].cy}", dots

    def _unfold(self, entry: _Shown, x: float, y: float) -> Unfold:
        count = len(entry.members)
        width = _fold_width(entry)
        return Unfold(
            key=entry.key,
            transform=f"translate({n(x)},{n(y)})",
            width=n(width),
            text_x=n(width / 2),
            count=count,
            title=_("Open the family %(family)s: %(n)s models")
            % {"family": entry.label, "n": count},
            href=self.options.unfold_url(entry.key) if self.options.unfold_url else "",
        )

    def _group(self, entry: _Shown, box: Box) -> Shape:
        lane = LANES[entry.lane]
        cls = ["group", f"branch-{lane.value}"]
        if self.matching is not None and not any(m in self.matching for m in entry.members):
            cls.append("dimmed")
        return Shape(
            group=True,
            key=entry.key,
            classes=" ".join(cls),
            transform=f"translate({n(box.x)},{n(box.y)})",
            width=n(box.width),
            title=self._describe_group(entry),
            label=entry.label,
            href=self.options.unfold_url(entry.key) if self.options.unfold_url else "",
            count=len(entry.members),
            first=entry.node.slug,
        )

    def _describe_group(self, entry: _Shown) -> str:
        """A folded group's accessible name: its lane, years and families."""
        lane = self.branch_labels[LANES[entry.lane].value]
        year = entry.key.split(":")[1]
        years = sorted({self.nodes[m].date.year for m in entry.members})
        span = f"{years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        count = len(entry.members)
        if self.options.years:
            models = ngettext("%(n)s %(lane)s model", "%(n)s %(lane)s models", count)
        else:
            models = ngettext("%(n)s more %(lane)s model", "%(n)s more %(lane)s models", count)
        families = len(entry.holds)
        named = self.words["separator"].join(entry.holds[:GROUP_NAMES])
        if families > GROUP_NAMES:
            named = _("%(names)s and %(n)s more") % {"names": named, "n": families - GROUP_NAMES}
        began = ngettext(
            "in %(n)s family that began in %(year)s",
            "in %(n)s families that began in %(year)s",
            families,
        )
        return _("%(models)s, %(span)s, %(families)s: %(names)s. Folded: open them") % {
            "models": models % {"n": count, "lane": lane},
            "span": span,
            "families": began % {"n": families, "year": year},
            "names": named,
        }

    def _legend_room(self, geo, folded) -> tuple[float, float, float] | None:
        """(x, y, width) of a space above the first lanes that holds the legend, if any."""
        if geo is None:
            return None
        for k in range(1, len(geo.lanes)):
            lanes = geo.lanes[:k]
            x = lanes[0].x
            width = lanes[-1].x + lanes[-1].width - x
            if width < 420:
                continue
            top = HEADER + 6
            room = min(lane.top for lane in lanes) - 40 - top
            if self._legend(x, top, width, folded)[1] <= room:
                return x, top, width
            return None
        return None

    def _legend(self, x: float, top: float, width: float, folded: bool) -> tuple[Legend, float]:
        """The legend at (x, top) within `width`, and its height."""
        y = top
        right = x + width
        legend = Legend(x=f"{x}", title_y=f"{y + 4}", entries=[])
        y += 14
        entries = [
            ("box-open", _("Open: weights released (solid box)")),
            ("box-closed", _("Closed: weights not released (outlined box)")),
            ("edge-primary", _("derived from (in the same branch)")),
            ("edge-other", _("another parent, or across branches")),
        ]
        if folded:
            entries.append(("fold", _("a family folded into one box: the number of its releases")))
        if self.matching is not None:
            entries.append(("dimmed", _("faded: does not match the filters")))
        if self.lit:
            entries.append(("highlight", _("dark outline: the highlighted lineage")))
        cx, row_y = x, y
        for kind, label in entries:
            room = 44 + text_width(label, 11) + 22
            if cx + room > right - PAD and cx > x:
                cx, row_y = x, row_y + 24
            legend.entries.append(_legend_entry(kind, cx, row_y, label))
            cx += room
        y = row_y + 38
        orgs = sorted(self.counts, key=lambda s: (-self.counts[s], s))
        shown = orgs[:LEGEND_ORGS]
        if shown:
            if len(orgs) > len(shown):
                caption = _(
                    "Organisations (the dot or letters in a box; the number of models): the "
                    "%(shown)s with most models, of %(all)s"
                ) % {"shown": len(shown), "all": len(orgs)}
            else:
                caption = _("Organisations (the dot or letters in a box; the number of models)")
            legend.caption, legend.caption_y = caption, n(y)
            y += 8
            # Columns as wide as the widest entry: names are never cut.
            column = max(
                LEGEND_COLUMN,
                *(
                    _mark_width(self.codes[s])
                    + text_width(f"{self.catalog.organizations.get(s, s)} {self.counts[s]}", 11)
                    + 20
                    for s in shown
                ),
            )
            per_row = max(1, int((width - PAD) // column))
            for i, slug in enumerate(shown):
                ox = x + (i % per_row) * column
                oy = y + (i // per_row) * 18
                code = self.codes[slug]
                name = self.catalog.organizations.get(slug, slug)
                legend.organizations.append(
                    LegendOrganization(
                        mark=_mark(code, self.colours[slug], ox, oy),
                        text_x=n(ox + _mark_width(code) + 5),
                        text_y=n(oy + 11),
                        name=name,
                        count=self.counts[slug],
                    )
                )
            y += (-(-len(shown) // per_row)) * 18
        return legend, y - top + 8


TRUNK_FULL = 150
TRUNK_MIN, TRUNK_MAX = 5.0, 22.0  # a trunk's width at the root: fewest and most models


def _tapered(x0, y0, x1, y1, top, start, end) -> str:
    """A trunk as a filled shape: from the root (x0, y0) a curve to (x1, y1), then straight
    up to `top`, `start` wide at the root and `end` at the tip."""
    points = []
    mid = (y0 + y1) / 2
    for i in range(25):  # the curve, sampled: an S leaving the root and reaching the trunk
        t = i / 24  # upright, as a cubic Bezier with controls (x0, mid) and (x1, mid)
        u = 1 - t
        x = u**3 * x0 + 3 * u * u * t * x0 + 3 * u * t * t * x1 + t**3 * x1
        y = u**3 * y0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t**3 * y1
        points.append((x, y))
    points.append((x1, top))
    lengths = [0.0]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        lengths.append(lengths[-1] + ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
    total = lengths[-1] or 1.0
    left, right = [], []
    for i, (x, y) in enumerate(points):
        ax, ay = points[max(0, i - 1)]
        bx, by = points[min(len(points) - 1, i + 1)]
        dx, dy = bx - ax, by - ay
        size = (dx * dx + dy * dy) ** 0.5 or 1.0
        nx, ny = -dy / size, dx / size
        half = (start + (end - start) * lengths[i] / total) / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    outline = left + right[::-1]
    return "M" + " L".join(f"{n(x)},{n(y)}" for x, y in outline) + "z"


@functools.lru_cache(maxsize=4096)
def _mark_width(code: str) -> float:
    """Room for the letters and 3 units either side (a mark without letters: a colour tab)."""
    return text_width(code, ORG_FONT, bold=True) + 6 if code else 8


def _mark(code: str, colour: str, x: float, y: float) -> Mark:
    width, text_x = _mark_size(code)
    return Mark(f"translate({n(x)},{n(y)})", width, text_x, code, colour)


@functools.lru_cache(maxsize=4096)
def _mark_size(code: str) -> tuple[str, str]:
    """A marker's width and the x of its text's centre, formatted."""
    width = _mark_width(code)
    return n(width), n(width / 2)


@functools.lru_cache(maxsize=1024)
def _label_width(label: str, font: float = FONT) -> float:
    return text_width(label, font)


def _fold_width(entry: _Shown) -> float:
    return text_width(str(len(entry.members)), FONT - 1, bold=True) + 10


_SAMPLE_BOXES = {
    "box-open": "sample node branch-decoder-only access-open",
    "box-closed": "sample node branch-decoder-only access-closed",
    "dimmed": "sample node branch-decoder-only access-open dimmed",
    "highlight": "sample node branch-decoder-only access-open highlight",
}


def _legend_entry(kind: str, x: float, y: float, label: str) -> LegendEntry:
    """A legend line: its sample (a box, a fold count or a link) at (x, y), then its text."""
    text_x, text_y = n(x + 44), n(y + 13)
    if kind in _SAMPLE_BOXES:
        return LegendEntry("box", _SAMPLE_BOXES[kind], n(x), n(y), "", text_x, text_y, label)
    if kind == "fold":
        return LegendEntry("fold", "unfold", n(x), n(y), "", text_x, text_y, label)
    cls = "edge primary branch-decoder-only" if kind == "edge-primary" else "edge other"
    return LegendEntry("edge", cls, "", "", f"M{n(x)},{n(y + 9)} h36", text_x, text_y, label)


_RULES = (
    ".atlas-tree{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif;font-size:12px;background:#fff}",
    ".atlas-tree text{fill:#1d2430}",
    ".atlas-tree .year-line{stroke:#c9d0dc;stroke-width:1.5;stroke-dasharray:8 6;fill:none}",
    ".atlas-tree .tick{stroke:#fff;stroke-width:1.5}",
    ".atlas-tree .axis-line{stroke:#1d2430;stroke-width:6;fill:none}",
    ".atlas-tree .axis-head{fill:#1d2430}",
    ".atlas-tree .year-pill{fill:#fff;stroke:#1d2430;stroke-width:2.5}",
    ".atlas-tree .axis-break{stroke:#fff;stroke-width:2.5;fill:none}",
    ".atlas-tree .year-pill.compressed{stroke:#8a93a5;stroke-width:1.5;stroke-dasharray:3 2}",
    ".atlas-tree text.year.compressed{font-size:10px;font-weight:400;font-style:italic;"
    "fill:#596275}",
    ".atlas-tree text.year{font-weight:700;font-size:12px;text-anchor:middle}",
    ".atlas-tree .trunk{stroke:none;opacity:.75}",
    ".atlas-tree .trunk-head{opacity:.6}",
    ".atlas-tree .join{stroke-width:3;fill:none;opacity:.85}",
    ".atlas-tree .lane-title{font-weight:700;font-size:15px;text-anchor:middle}",
    ".atlas-tree .lane-count{font-weight:400;font-size:12px;fill:#596275}",
    ".atlas-tree.narrow .label{font-size:15px}",
    ".atlas-tree.narrow .lane-title{font-size:14px}",
    ".atlas-tree .edge{fill:none;stroke-width:3}",
    ".atlas-tree .edge.other{stroke:#7d8699;stroke-width:1.5;stroke-dasharray:5 4}",
    ".atlas-tree .node>rect{stroke-width:2}",
    ".atlas-tree .node.access-closed>rect{fill:#fff}",
    ".atlas-tree .chain{fill:none;stroke-width:3;stroke-linecap:round}",
    ".atlas-tree .release{fill:#fff;stroke-width:2}",
    ".atlas-tree .node.access-open .label{fill:#fff}",
    ".atlas-tree .org rect{stroke:#fff;stroke-width:1}",
    ".atlas-tree .org text{fill:#fff;font-size:8px;font-weight:700;text-anchor:middle}",
    ".atlas-tree .unfold rect{fill:#fff;stroke:#596275;stroke-width:1.5}",
    ".atlas-tree .unfold text{font-weight:700;font-size:11px;text-anchor:middle}",
    ".atlas-tree .group>rect{fill:#f4f6f9;stroke-width:1.5;stroke-dasharray:4 3}",
    ".atlas-tree .group .label{font-style:italic}",
    ".atlas-tree .dimmed{opacity:.22}",
    ".atlas-tree.has-highlight .node:not(.highlight):not(.sample),"
    ".atlas-tree.has-highlight .group,.atlas-tree.has-highlight .unfold,"
    ".atlas-tree.has-highlight .edge:not(.highlight){opacity:.25}",
    ".atlas-tree .legend text{font-size:11px}",
    ".atlas-tree .org-chart>rect{fill:#fff;stroke:#c9d0dc}",
    ".atlas-tree .org-chart .chart-title{font-weight:700;font-size:12px}",
    ".atlas-tree .org-chart .counts{font-size:12px;fill:#596275}",
    ".atlas-tree .org-chart .name{font-size:12px}",
    ".atlas-tree .org-chart .org-all{fill:#fff;stroke:#2f5d9e;stroke-width:1.5}",
    ".atlas-tree .org-chart .org-open{fill:#2f5d9e}",
    ".atlas-tree .legend .legend-title{font-weight:700;font-size:13px}",
    ".atlas-tree .legend .legend-sub{font-weight:600}",
    ".atlas-tree .legend .org text{font-size:8px}",
    ".atlas-tree .legend .muted{fill:#596275}",
)
# After the branch colours, so they win over them.
_STATES = (
    ".atlas-tree .node.highlight>rect,.atlas-tree .node.current>rect{stroke:#1d2430;"
    "stroke-width:3.5}",
    ".atlas-tree .edge.highlight{stroke-width:4}",
    ".atlas-tree .edge.other.highlight{stroke:#1d2430;stroke-width:2.5}",
    ".atlas-tree a:focus{outline:none}",
    ".atlas-tree a:focus .node>rect,.atlas-tree a:focus .group>rect,"
    ".atlas-tree a:focus .unfold rect{stroke:#f5b700;stroke-width:4}",
    ".atlas-tree a:hover .node>rect{stroke:#1d2430}",
)
STYLE = (
    "".join(_RULES)
    + "".join(
        f".atlas-tree .branch-{b.value}.node>rect,.atlas-tree .branch-{b.value}.group>rect"
        f"{{stroke:{BOX_COLOURS[b]}}}"
        f".atlas-tree .branch-{b.value}.access-open>rect{{fill:{BOX_COLOURS[b]}}}"
        f".atlas-tree .branch-{b.value}.access-mixed>rect{{fill:{TINTS[b]}}}"
        f".atlas-tree .branch-{b.value} .chain,.atlas-tree .branch-{b.value} .release"
        f"{{stroke:{BOX_COLOURS[b]}}}"
        f".atlas-tree .branch-{b.value}.access-closed .label,.atlas-tree .branch-{b.value}.group "
        f".label,.atlas-tree .lane-title.branch-{b.value}{{fill:{BOX_COLOURS[b]}}}"
        f".atlas-tree .edge.primary.branch-{b.value},"
        f".atlas-tree .join.branch-{b.value}{{stroke:{TINTS[b]}}}"
        f".atlas-tree .trunk-head.branch-{b.value},.atlas-tree .trunk.branch-{b.value}"
        f"{{fill:{TINTS[b]}}}"
        for b in LANES
    )
    + "".join(_STATES)
)
