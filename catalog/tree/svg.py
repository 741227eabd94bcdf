"""The tree as an SVG document: what to show (folding), then boxes, links, axis and legend."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from ..lineage import LineageGraph
from ..models import Branch, DatePrecision, ModelAccess, Relation
from .data import (
    LANE_INDEX,
    LANES,
    Catalog,
    Node,
    date_order,
    families,
    org_codes,
    org_colour,
    primary_parents,
    text_width,
)
from .layout import AXIS_W, BOX_H, PAD, PER_MODEL, STEM_DX, Box, Item, free_path, layout, n

FONT = 12
ORG_FONT = 8
RELATION_LABELS = dict(Relation.choices)
_PRECISIONS = {precision.value: precision for precision in DatePrecision}
BRANCH_LABELS = {value: label.lower() for value, label in Branch.choices}
LANE_VALUES = [lane.value for lane in LANES]
HEADER = 40  # lane titles above the chart
FOLD_THRESHOLD = 400
FAMILIES_PER_CELL = 5
LEGEND_ORGS = 48
LEGEND_COLUMN = 190

# Boxes use the site's branch colours (white text on them passes WCAG AA); trunks and links
# the lighter tints of the survey's figure.
BOX_COLOURS = {
    Branch.PRE_TRANSFORMER: "#6e6e73",
    Branch.ENCODER_ONLY: "#b04a63",
    Branch.ENCODER_DECODER: "#3f7a45",
    Branch.DECODER_ONLY: "#3d5a86",
}
TINTS = {
    Branch.PRE_TRANSFORMER: "#b9b9bd",
    Branch.ENCODER_ONLY: "#e4a7b6",
    Branch.ENCODER_DECODER: "#99c49c",
    Branch.DECODER_ONLY: "#93a7c6",
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
    title: str = "Evolutionary tree of language models"
    spacing: float = PER_MODEL  # height a year gets per model in its busiest lane
    legend: bool = True
    id_prefix: str = "tree"


@dataclass
class Drawing:
    svg: str
    width: float
    height: float
    models: int  # models in the catalog
    shown: int  # models drawn as themselves (folded families count their first model)
    folded: bool
    highlighted: set[str]  # slugs
    matching: int
    organizations: list[tuple[str, str, str, int]]  # (code, colour, name, models)


@dataclass
class _Shown:
    """A box to draw and what it stands for."""

    key: str
    node: Node  # the model drawn (a family's first model; a group's oldest)
    members: list[str]  # models it stands for, itself included
    label: str
    lane: int
    kind: str  # "model", "family" or "group"


def draw(catalog: Catalog, options: Options | None = None) -> Drawing:
    """The tree of `catalog` as an SVG document. Pure: same data and options, same bytes."""
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
    shown = _choose(nodes, primary, families(nodes, primary), folded, highlighted, options)
    counts = Counter(org for node in nodes.values() for org in node.orgs)
    codes = org_codes({s: catalog.organizations.get(s, s) for s in counts}, counts)
    painter = _Painter(catalog, options, nodes, links, shown, primary, codes, counts, highlighted)
    svg = painter.paint(folded)
    return Drawing(
        svg=svg,
        width=painter.width,
        height=painter.height,
        models=len(nodes),
        shown=sum(1 for entry in shown.values() if entry.kind != "group"),
        folded=folded,
        highlighted=highlighted,
        matching=len(nodes) if options.matching is None else len(options.matching & nodes.keys()),
        organizations=[
            (codes[s], org_colour(s), catalog.organizations.get(s, s), counts[s])
            for s in sorted(counts, key=lambda s: (-counts[s], s))
        ],
    )


def _choose(nodes, primary, members, folded, highlighted, options) -> dict[str, _Shown]:
    """The boxes: every model; or, folded, each family as one box and, per lane and year,
    the smaller families beyond FAMILIES_PER_CELL as one group. Families holding the
    highlighted lineage or the current model, and those asked for, are open."""
    shown: dict[str, _Shown] = {}

    def show_model(slug):
        node = nodes[slug]
        shown[slug] = _Shown(slug, node, [slug], node.name, LANE_INDEX[node.branch], "model")

    if not folded:
        for slug in sorted(nodes, key=lambda s: date_order(nodes[s])):
            show_model(slug)
        return shown
    root_of = {member: root for root, group in members.items() for member in group}
    opened = {root_of[s] for s in highlighted | set(options.unfold) if s in root_of}
    if options.current in root_of:
        opened.add(root_of[options.current])
    cells = defaultdict(list)
    for root in members:
        cells[(LANE_INDEX[nodes[root].branch], nodes[root].date.year)].append(root)
    for (lane, year), roots in sorted(cells.items()):
        roots.sort(key=lambda r: (-len(members[r]), date_order(nodes[r])))
        group = f"{LANE_VALUES[lane]}:{year}"
        rest = [] if group in options.unfold else roots[FAMILIES_PER_CELL:]
        rest = [r for r in rest if r not in opened]
        for root in roots:
            if root in rest:
                continue
            if root in opened or len(members[root]) == 1:
                for slug in members[root]:
                    show_model(slug)
            else:
                node = nodes[root]
                shown[root] = _Shown(root, node, members[root], node.name, lane, "family")
        if rest:
            hidden = [slug for root in rest for slug in members[root]]
            oldest = min(rest, key=lambda r: date_order(nodes[r]))
            label = f"{len(hidden)} more"
            shown[group] = _Shown(group, nodes[oldest], hidden, label, lane, "group")
    return shown


class _Painter:
    def __init__(self, catalog, options, nodes, links, shown, primary, codes, counts, lit):
        self.catalog, self.options, self.nodes, self.links = catalog, options, nodes, links
        self.shown, self.codes, self.counts, self.lit = shown, codes, counts, lit
        self.matching = options.matching
        self._box_widths: dict[str, float] = {}
        self.items = {}
        for entry in shown.values():
            parent, relation = primary.get(entry.key, (None, ""))
            if entry.kind != "model" or parent not in shown or shown[parent].kind != "model":
                parent, relation = None, ""
            order = date_order(entry.node)
            if entry.kind == "group":
                order = (entry.node.date, "\uffff", entry.key)  # after the models of its date
            self.items[entry.key] = Item(
                entry.key, entry.lane, entry.node.date, self._width(entry), parent, relation, order
            )
        self.width = self.height = 0.0

    # -- sizes --

    def _marks(self, node: Node) -> list[tuple[str, str]]:
        """(code, colour) of a box's organisation markers: two at most, then a count."""
        marks = [(self.codes[slug], org_colour(slug)) for slug in node.orgs[:2]]
        if len(node.orgs) > 2:
            marks = marks[:1] + [(f"+{len(node.orgs) - 1}", "#4d4d4d")]
        return marks

    def _box_width(self, entry: _Shown) -> float:
        if entry.key in self._box_widths:
            return self._box_widths[entry.key]
        width = 7 + _label_width(entry.label) + 6
        if entry.kind != "group":
            for code, _ in self._marks(entry.node):
                width += _mark_width(code) + 2
        width = self._box_widths[entry.key] = max(width + 2, STEM_DX * 2 + 4)
        return width

    def _width(self, entry: _Shown) -> float:
        width = self._box_width(entry)
        if entry.kind == "family":
            width += 4 + _fold_width(entry)
        return width

    # -- the document --

    def paint(self, folded: bool) -> str:
        opts, p = self.options, self.options.id_prefix
        items = sorted(self.items.values(), key=lambda i: i.order)
        geo = layout(items, top=HEADER, per_model=opts.spacing) if items else None
        chart_width = geo.width if geo else AXIS_W + 200
        self.width = max(chart_width, 600)
        bottom = geo.bottom + 26 if geo else HEADER + 60
        legend, legend_height = "", 0.0
        if opts.legend:
            # Where the first lanes end early (as the survey's figure does), the legend goes
            # in the room above them; otherwise below the tree.
            room = self._legend_room(geo, folded)
            if room:
                legend = self._legend(room[0], room[1], room[2], folded)[0]
            else:
                legend, legend_height = self._legend(PAD, bottom + 20, self.width, folded)
                legend_height += 20
        self.height = bottom + legend_height + PAD
        out = []
        classes = ["atlas-tree"]
        if self.lit:
            classes.append("has-highlight")
        out.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{" ".join(classes)}" '
            f'viewBox="0 0 {n(self.width)} {n(self.height)}" width="{n(self.width)}" '
            f'height="{n(self.height)}" data-axis-width="{AXIS_W}" '
            f'aria-labelledby="{p}-title" aria-describedby="{p}-desc">'
        )
        out.append(f'<title id="{p}-title">{escape(opts.title)}</title>')
        out.append(f'<desc id="{p}-desc">{escape(self._description(geo, folded))}</desc>')
        out.append(f"<style>{STYLE}</style>")
        if geo:
            out.append(self._axis(geo, bottom))
            out.append(self._lanes(geo, bottom))
            out.append(self._links(geo))
            out.append(self._boxes(geo))
        out.append(legend)
        out.append("</svg>")
        return "".join(out)

    def _description(self, geo, folded) -> str:
        boxes = sum(1 for e in self.shown.values() if e.kind != "group")
        what = f"{boxes} of {len(self.nodes)} models" if folded else f"{len(self.nodes)} models"
        years = f", {geo.years[0][0]} to {geo.years[-1][0]}" if geo else ""
        text = (
            f"{what} and {len(self.links)} lineage links{years}. Time runs upward. Each branch "
            "has a lane: pre-transformer (grey), encoder-only (pink), encoder-decoder (green), "
            "decoder-only (blue). A model grows out of the model it was derived from; dashed "
            "curves are other parents and links across branches. Solid boxes are open models "
            "(weights released), outlined boxes closed ones; the letters in a box stand for its "
            "organisations (see the legend)."
        )
        if folded:
            text += " Families are folded: a box with a count stands for a model and its family."
        if self.matching is not None:
            text += " Models that do not match the filters are faded."
        if self.lit:
            text += " One model's lineage is highlighted; the rest is faded."
        return text

    def _axis(self, geo, bottom) -> str:
        x = AXIS_W / 2
        top = HEADER + 4
        out = ['<g class="axis" aria-hidden="true">']
        out.append(f'<path class="axis-line" d="M{n(x)},{n(bottom)} L{n(x)},{n(top + 8)}"/>')
        out.append(
            f'<path class="axis-head" d="M{n(x - 7)},{n(top + 12)} L{n(x)},{n(top - 2)} '
            f'L{n(x + 7)},{n(top + 12)}z"/>'
        )
        for _, y, height in geo.years:
            out.append(f'<path class="year-line" d="M{n(x + 26)},{n(y)} H{n(self.width)}"/>')
            if height >= 60:  # quarters, where there is room for them
                for q in (0.25, 0.5, 0.75):
                    yq = y - height * q
                    out.append(f'<path class="tick" d="M{n(x + 3)},{n(yq)} h6"/>')
        for year, y, _ in geo.years:
            out.append(
                f'<rect class="year-pill" x="{n(x - 24)}" y="{n(y - 10)}" width="48" height="20" '
                f'rx="10"/><text class="year" x="{n(x)}" y="{n(y + 4.5)}">{year}</text>'
            )
        out.append("</g>")
        return "".join(out)

    def _lanes(self, geo, bottom) -> str:
        counts = Counter(node.branch for node in self.nodes.values())
        root_x = geo.lanes[0].trunk
        out = ['<g class="lanes">']
        for lane in geo.lanes:
            branch = Branch(lane.branch)
            b = branch.value
            top = lane.top - 10
            # Each trunk rises from a common root at the bottom, as in the survey's figure.
            if lane.trunk == root_x:
                d = f"M{n(lane.trunk)},{n(bottom)} L{n(lane.trunk)},{n(top)}"
            else:
                base = max(lane.base, min(bottom - 40, lane.base + 40))
                d = (
                    f"M{n(root_x)},{n(bottom)} C{n(lane.trunk)},{n(bottom)} "
                    f"{n(lane.trunk)},{n(bottom)} {n(lane.trunk)},{n(base)} "
                    f"L{n(lane.trunk)},{n(top)}"
                )
            out.append(f'<path class="trunk branch-{b}" aria-hidden="true" d="{d}"/>')
            out.append(
                f'<path class="trunk-head branch-{b}" aria-hidden="true" '
                f'd="M{n(lane.trunk - 8)},{n(top + 10)} L{n(lane.trunk)},{n(top - 6)} '
                f'L{n(lane.trunk + 8)},{n(top + 10)}z"/>'
            )
            out.append(
                f'<text class="lane-title branch-{b}" x="{n(lane.x)}" y="{HEADER - 16}">'
                f'{escape(branch.label)} <tspan class="lane-count">({counts[b]})</tspan></text>'
            )
        out.append("</g>")
        return "".join(out)

    def _links(self, geo) -> str:
        joins, primary, other = [], [], []
        for item in self.items.values():
            if item.parent is None and item.key in geo.paths:
                lane = LANE_VALUES[item.lane]
                joins.append(f'<path class="join branch-{lane}" d="{geo.paths[item.key]}"/>')
        for link in self.links:
            child, parent = self.shown.get(link.child), self.shown.get(link.parent)
            if not child or not parent or "group" in (child.kind, parent.kind):
                continue
            if link.child != child.key or link.parent != parent.key:
                continue  # inside a folded family
            is_primary = self.items[link.child].parent == link.parent
            if is_primary:
                d = geo.paths[link.child]
            else:
                d = free_path(geo.boxes[link.parent], geo.boxes[link.child])
            cls = ["edge", "primary" if is_primary else "other"]
            cls += [f"branch-{self.nodes[link.child].branch}", f"relation-{link.relation}"]
            if self.matching is not None and not (
                link.child in self.matching and link.parent in self.matching
            ):
                cls.append("dimmed")
            if link.child in self.lit and link.parent in self.lit:
                cls.append("highlight")
            relation = RELATION_LABELS.get(link.relation, "")
            title = f"{self.nodes[link.child].name} {relation} {self.nodes[link.parent].name}"
            (primary if is_primary else other).append(
                f'<path class="{" ".join(cls)}" data-parent="{escape(link.parent)}" '
                f'data-child="{escape(link.child)}" d="{d}"><title>{escape(title)}</title></path>'
            )
        return (
            '<g class="joins" aria-hidden="true">'
            + "".join(joins)
            + '</g><g class="edges">'
            + "".join(other)
            + "".join(primary)
            + "</g>"
        )

    def _boxes(self, geo) -> str:
        out = ['<g class="nodes">']  # in date order: the order keyboard focus follows
        for item in sorted(self.items.values(), key=lambda i: i.order):
            entry = self.shown[item.key]
            box = geo.boxes[item.key]
            if entry.kind == "group":
                out.append(self._group(entry, box))
            else:
                out.append(self._node(entry, box))
        out.append("</g>")
        return "".join(out)

    def _describe(self, node: Node) -> str:
        branch = BRANCH_LABELS[node.branch]
        if node.access == ModelAccess.OPEN:
            access = "open (weights released)"
        else:
            access = "closed (weights not released)"
        when = _PRECISIONS[node.precision].format(node.date)
        orgs = ", ".join(self.catalog.organizations.get(o, o) for o in node.orgs)
        text = f"{node.name}: {branch}, {access}, released {when}"
        return f"{text}, by {orgs}" if orgs else text

    def _node(self, entry: _Shown, box: Box) -> str:
        node, opts = entry.node, self.options
        cls = ["node", f"branch-{node.branch}", f"access-{node.access}"]
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
        if entry.kind == "family":
            title += f"; its family of {len(entry.members) - 1} more models is folded"
        if "dimmed" in cls:
            title += ". Does not match the filters"
        if current:
            title += ". This model"
        width = self._box_width(entry)
        slug = escape(node.slug)
        aria = ' aria-current="page"' if current else ""
        parts = [
            f'<a href="{escape(opts.model_url(node.slug))}" id="{opts.id_prefix}-node-{slug}"'
            f'{aria}><g class="{" ".join(cls)}" data-model="{slug}" '
            f'transform="translate({n(box.x)},{n(box.y)})"><title>{escape(title)}</title>'
            f'<rect width="{n(width)}" height="{BOX_H}" rx="5"/>'
            f'<text class="label" x="7" y="{BOX_H / 2 + 4:g}">{escape(entry.label)}</text>'
        ]
        x = 7 + _label_width(entry.label) + 6
        for code, colour in self._marks(node):
            parts.append(_mark(code, colour, x, 4))
            x += _mark_width(code) + 2
        parts.append("</g></a>")
        if entry.kind == "family":
            parts.append(self._unfold(entry, box.x + width + 4, box.y))
        return "".join(parts)

    def _unfold(self, entry: _Shown, x: float, y: float) -> str:
        count = len(entry.members) - 1
        width = _fold_width(entry)
        label = f"Unfold the family of {entry.node.name}: {count} more models"
        inner = (
            f'<g class="unfold" data-family="{escape(entry.key)}" '
            f'transform="translate({n(x)},{n(y)})"><title>{escape(label)}</title>'
            f'<rect width="{n(width)}" height="{BOX_H}" rx="11"/>'
            f'<text x="{n(width / 2)}" y="{BOX_H / 2 + 4:g}">+{count}</text></g>'
        )
        if not self.options.unfold_url:
            return inner
        return f'<a href="{escape(self.options.unfold_url(entry.key))}">{inner}</a>'

    def _group(self, entry: _Shown, box: Box) -> str:
        lane = LANES[entry.lane]
        year = entry.key.split(":")[1]
        cls = ["group", f"branch-{lane.value}"]
        if self.matching is not None and not any(m in self.matching for m in entry.members):
            cls.append("dimmed")
        title = (
            f"{len(entry.members)} more {lane.label.lower()} models first released in {year}, "
            "in smaller families; folded"
        )
        body = (
            f'<g class="{" ".join(cls)}" data-group="{escape(entry.key)}" '
            f'data-count="{len(entry.members)}" transform="translate({n(box.x)},{n(box.y)})">'
            f"<title>{escape(title)}</title>"
            f'<rect width="{n(box.width)}" height="{BOX_H}" rx="5"/>'
            f'<text class="label" x="7" y="{BOX_H / 2 + 4:g}">{escape(entry.label)}</text></g>'
        )
        if not self.options.unfold_url:
            return body
        return f'<a href="{escape(self.options.unfold_url(entry.key))}">{body}</a>'

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

    def _legend(self, x: float, top: float, width: float, folded: bool) -> tuple[str, float]:
        y = top
        right = x + width
        out = [
            '<g class="legend">',
            f'<text class="legend-title" x="{x}" y="{y + 4}">Legend</text>',
        ]
        y += 14
        entries = [
            ("box-open", "Open: weights released (solid box)"),
            ("box-closed", "Closed: weights not released (outlined box)"),
            ("edge-primary", "derived from (in the same branch)"),
            ("edge-other", "another parent, or across branches"),
        ]
        if folded:
            entries.append(("fold", "a family folded: the count of its other models"))
        if self.matching is not None:
            entries.append(("dimmed", "faded: does not match the filters"))
        if self.lit:
            entries.append(("highlight", "dark outline: the highlighted lineage"))
        cx, row_y = x, y
        for kind, label in entries:
            room = 44 + text_width(label, 11) + 22
            if cx + room > right - PAD and cx > x:
                cx, row_y = x, row_y + 24
            out.append(_legend_sample(kind, cx, row_y))
            out.append(f'<text x="{n(cx + 44)}" y="{n(row_y + 13)}">{escape(label)}</text>')
            cx += room
        y = row_y + 38
        orgs = sorted(self.counts, key=lambda s: (-self.counts[s], s))
        shown = orgs[:LEGEND_ORGS]
        if shown:
            caption = "Organisations (the letters in a box; the number of models)"
            if len(orgs) > len(shown):
                caption += f": the {len(shown)} with most models, of {len(orgs)}"
            out.append(f'<text class="legend-sub" x="{x}" y="{n(y)}">{escape(caption)}</text>')
            y += 8
            per_row = max(1, int((width - PAD) // LEGEND_COLUMN))
            for i, slug in enumerate(shown):
                ox = x + (i % per_row) * LEGEND_COLUMN
                oy = y + (i // per_row) * 18
                code = self.codes[slug]
                name = self.catalog.organizations.get(slug, slug)
                if len(name) > 24:
                    name = name[:23] + "…"
                out.append(_mark(code, org_colour(slug), ox, oy))
                out.append(
                    f'<text x="{n(ox + _mark_width(code) + 5)}" y="{n(oy + 11)}">{escape(name)} '
                    f'<tspan class="muted">{self.counts[slug]}</tspan></text>'
                )
            y += (-(-len(shown) // per_row)) * 18
        out.append("</g>")
        return "".join(out), y - top + 8


@functools.lru_cache(maxsize=4096)
def _mark_width(code: str) -> float:
    return text_width(code, ORG_FONT, bold=True) + 6


def _mark(code: str, colour: str, x: float, y: float) -> str:
    return f'<g class="org" transform="translate({n(x)},{n(y)})">{_mark_body(code, colour)}</g>'


@functools.lru_cache(maxsize=4096)
def _mark_body(code: str, colour: str) -> str:
    width = _mark_width(code)
    return (
        f'<rect width="{n(width)}" height="14" rx="3" fill="{colour}"/>'
        f'<text x="{n(width / 2)}" y="10">{escape(code)}</text>'
    )


@functools.lru_cache(maxsize=1024)
def _label_width(label: str) -> float:
    return text_width(label, FONT)


def _fold_width(entry: _Shown) -> float:
    return text_width(f"+{len(entry.members) - 1}", FONT - 1, bold=True) + 12


def _legend_sample(kind: str, x: float, y: float) -> str:
    box = f'transform="translate({n(x)},{n(y)})"><rect width="36" height="18" rx="5"/></g>'
    if kind == "box-open":
        return f'<g class="sample node branch-decoder-only access-open" {box}'
    if kind == "box-closed":
        return f'<g class="sample node branch-decoder-only access-closed" {box}'
    if kind == "dimmed":
        return f'<g class="sample node branch-decoder-only access-open dimmed" {box}'
    if kind == "highlight":
        return f'<g class="sample node branch-decoder-only access-open highlight" {box}'
    if kind == "fold":
        return (
            f'<g class="unfold" transform="translate({n(x)},{n(y)})"><rect width="36" '
            f'height="18" rx="9"/><text x="18" y="13">+3</text></g>'
        )
    cls = "edge primary branch-decoder-only" if kind == "edge-primary" else "edge other"
    return f'<path class="{cls}" d="M{n(x)},{n(y + 9)} h36"/>'


_RULES = (
    ".atlas-tree{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif;font-size:12px;background:#fff}",
    ".atlas-tree text{fill:#1d2430}",
    ".atlas-tree .year-line{stroke:#c9d0dc;stroke-width:1.5;stroke-dasharray:8 6;fill:none}",
    ".atlas-tree .tick{stroke:#fff;stroke-width:1.5}",
    ".atlas-tree .axis-line{stroke:#1d2430;stroke-width:6;fill:none}",
    ".atlas-tree .axis-head{fill:#1d2430}",
    ".atlas-tree .year-pill{fill:#fff;stroke:#1d2430;stroke-width:2.5}",
    ".atlas-tree text.year{font-weight:700;font-size:12px;text-anchor:middle}",
    ".atlas-tree .trunk{stroke-width:10;fill:none;stroke-linecap:round;opacity:.6}",
    ".atlas-tree .trunk-head{opacity:.6}",
    ".atlas-tree .join{stroke-width:2;fill:none;opacity:.75}",
    ".atlas-tree .lane-title{font-weight:700;font-size:15px}",
    ".atlas-tree .lane-count{font-weight:400;fill:#596275}",
    ".atlas-tree .edge{fill:none;stroke-width:2.5}",
    ".atlas-tree .edge.other{stroke:#7d8699;stroke-width:1.5;stroke-dasharray:5 4}",
    ".atlas-tree .node>rect{stroke-width:2}",
    ".atlas-tree .node.access-closed>rect{fill:#fff}",
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
    ".atlas-tree .legend .legend-title{font-weight:700;font-size:13px}",
    ".atlas-tree .legend .legend-sub{font-weight:600}",
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
        f".atlas-tree .branch-{b.value}.access-closed .label,.atlas-tree .branch-{b.value}.group "
        f".label,.atlas-tree .lane-title.branch-{b.value}{{fill:{BOX_COLOURS[b]}}}"
        f".atlas-tree .trunk.branch-{b.value},.atlas-tree .edge.primary.branch-{b.value},"
        f".atlas-tree .join.branch-{b.value}{{stroke:{TINTS[b]}}}"
        f".atlas-tree .trunk-head.branch-{b.value}{{fill:{TINTS[b]}}}"
        for b in LANES
    )
    + "".join(_STATES)
)
