"""Charts of the catalog: who makes models (open and closed), and how the branches grew.

Each chart is one aggregate query and a pure function that places its bars, columns and
labels; `templates/catalog/includes/_chart_bars.svg` and `_chart_columns.svg` draw them as
SVG (extending `_chart.svg`, which holds the document, title, description, legend and the
fixed inks). The drawing carries its own title, description and legend, open models are solid
and closed ones outlined (as in the tree and the survey's figure), every bar has its number
written on or beside it, and the numbers come back as rows for a data table: colour is never
the only way to read them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.publishing import published_q
from core.validators import date_in_range

from .models import Branch, LanguageModel, ModelAccess, Organization
from .tree.data import LANES, in_sentence, text_width
from .tree.svg import BOX_COLOURS

OPEN_FILL = "#2f5d9e"
TOP_ORGANIZATIONS = 15


# --- What the templates draw ---------------------------------------------------------------
# Coordinates come formatted, so the templates print them as they are.


@dataclass
class Rect:
    """A bar, a column's segment or a legend swatch: solid (filled with its colour) or
    outlined (white, with a border of its colour)."""

    x: str
    y: str
    width: str
    height: str
    colour: str
    solid: bool
    title: str = ""  # a bar's or segment's tooltip; swatches have none
    classes: str = ""


@dataclass
class Part:
    """One coloured part of a bar or column, with its count written on it if it fits."""

    rect: Rect
    count: int
    count_x: str = ""  # empty: too small to write the count on
    count_y: str = ""


@dataclass
class LegendItem:
    swatch: Rect
    text_x: str
    text_y: str
    label: str


@dataclass
class Bar:
    """One organisation's row: its name, its open and closed parts, its total."""

    label: str
    label_x: str
    text_y: str
    parts: list[Part]
    total: int
    total_x: str


@dataclass
class Tick:
    y: str
    text_y: str
    value: int


@dataclass
class Column:
    """One year: its parts from the bottom, its total above them and the year below."""

    year: int
    text_x: str
    parts: list[Part]
    total: int
    total_y: str


@dataclass
class Bars:
    """Horizontal bars (`_chart_bars.svg`)."""

    width: str
    height: str
    legend: list[LegendItem]
    bars: list[Bar]
    template: str = "catalog/includes/_chart_bars.svg"


@dataclass
class Columns:
    """Stacked columns (`_chart_columns.svg`), with a grid of ticks and a base line."""

    width: str
    height: str
    legend: list[LegendItem]
    ticks: list[Tick]
    columns: list[Column]
    line_x1: str
    line_x2: str
    tick_x: str
    base_y: str
    year_y: str
    template: str = "catalog/includes/_chart_columns.svg"


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    figure: Bars | Columns
    columns: list[str]  # headings of the data table
    rows: list[list]  # first cell a label, then numbers

    @property
    def svg(self) -> str:
        """The chart as an SVG document, as its template draws it."""
        return render_to_string(self.figure.template, {"chart": self})


# --- Data ----------------------------------------------------------------------------------


def organization_counts() -> list[tuple[str, str, int, int]]:
    """(slug, name, open, closed) per published organisation, counting published models, most
    models first. Runs one query."""
    rows = (
        LanguageModel.organizations.through.objects.filter(
            published_q(LanguageModel, "languagemodel__"),
            published_q(Organization, "organization__"),
        )
        .values_list("organization__slug", "organization__name", "languagemodel__access")
        .annotate(n=Count("languagemodel_id"))
        .order_by()
    )
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for slug, name, access, n in rows:
        counts[(slug, name)][access] += n
    result = [
        (slug, name, c[ModelAccess.OPEN], c[ModelAccess.CLOSED])
        for (slug, name), c in counts.items()
    ]
    result.sort(key=lambda r: (-(r[2] + r[3]), r[1].lower(), r[0]))
    return result


def yearly_counts() -> dict[int, Counter]:
    """{year: Counter of (branch) and (access) values}. Runs one query.

    Groups by date rather than by year in SQL, so no per-row function runs (SQLite has no
    native year extraction); the years are summed here, from far fewer rows. Dates out of the
    allowed range (`core.validators`) are left out.
    """
    rows = (
        LanguageModel.objects.published()
        .values_list("release_date", "branch", "access")
        .annotate(n=Count("pk"))
        .order_by()
    )
    years: dict[int, Counter] = defaultdict(Counter)
    for date, branch, access, n in rows:
        if not date_in_range(date):  # a row stored before the rule: one column per year to it
            continue
        years[date.year][branch] += n
        years[date.year][access] += n
    return dict(years)


# --- Charts --------------------------------------------------------------------------------


def organizations_chart(counts=None, limit: int = TOP_ORGANIZATIONS) -> Chart:
    """Models per organisation, open and closed stacked (the survey figure's bar chart)."""
    counts = organization_counts() if counts is None else counts
    shown = counts[:limit]
    rest = counts[limit:]
    rows = [[name, o, c, o + c] for _, name, o, c in shown]
    if rest:
        o, c = sum(r[2] for r in rest), sum(r[3] for r in rest)
        rows.append([_("%(n)s other organisations") % {"n": len(rest)}, o, c, o + c])
    title = _("Models per organisation, open and closed")
    description = _(
        "Horizontal bars, one per organisation, most models first: the solid part counts its "
        "open models, the outlined part its closed ones. A model made by several "
        "organisations counts for each."
    )
    label_w = max([text_width(r[0], 12) for r in rows] + [80]) + 12
    bar_h, gap, top = 18, 8, 40
    plot_w = 360
    most = max([r[3] for r in rows] + [1])
    unit = plot_w / most
    width = label_w + plot_w + 60
    height = top + len(rows) * (bar_h + gap) + 10
    bars = []
    for i, (name, o, c, total) in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts = []
        x = label_w
        if o:
            w = o * unit
            tip = _("%(name)s: %(n)s open") % {"name": name, "n": o}
            rect = Rect(f"{x:.1f}", f"{y}", f"{w:.1f}", f"{bar_h}", OPEN_FILL, True, tip, "open")
            parts.append(Part(rect, o, *_count_at(o, w, x + w / 2, y + 13)))
            x += w
        if c:
            w = c * unit
            tip = _("%(name)s: %(n)s closed") % {"name": name, "n": c}
            rect = Rect(
                f"{x + 1:.1f}",
                f"{y + 1}",
                f"{max(w - 2, 1):.1f}",
                f"{bar_h - 2}",
                OPEN_FILL,
                False,
                tip,
                "closed",
            )
            parts.append(Part(rect, c, *_count_at(c, w, x + w / 2, y + 13)))
            x += w
        bars.append(Bar(name, f"{label_w - 8}", f"{y + 13}", parts, total, f"{x + 6:.1f}"))
    legend = [
        LegendItem(
            _swatch(label_w, 4, OPEN_FILL, "solid"), f"{label_w + 20}", "14", _("Open (solid)")
        ),
        LegendItem(
            _swatch(label_w + 120, 4, OPEN_FILL, "outline"),
            f"{label_w + 140}",
            "14",
            _("Closed (outline)"),
        ),
    ]
    figure = Bars(f"{width:.0f}", f"{height:.0f}", legend, bars)
    return Chart(
        "organizations",
        title,
        description,
        figure,
        [_("Organisation"), _("Open"), _("Closed"), _("All")],
        rows,
    )


def branches_chart(years=None) -> Chart:
    """Models per year, stacked by branch: decoder-only takes over."""
    years = yearly_counts() if years is None else years
    order = [lane.value for lane in LANES]
    labels = {lane.value: str(lane.label) for lane in LANES}
    span = _span(years)
    rows = [[str(y), *(years.get(y, Counter())[b] for b in order)] for y in span]
    for row in rows:
        row.append(sum(row[1:]))
    title = _("Models per year, by branch")
    description = _(
        "One column per release year, stacked by branch from the bottom: %(branches)s. The "
        "number in a segment is its count; the number above a column, the year's total."
    ) % {"branches": pgettext("list separator", ", ").join(in_sentence(labels[b]) for b in order)}
    segments = [
        [(labels[b], years.get(y, Counter())[b], BOX_COLOURS[Branch(b)], "solid") for b in order]
        for y in span
    ]
    legend = [(labels[b], BOX_COLOURS[Branch(b)], "solid") for b in order]
    figure = _columns(span, segments, legend)
    columns = [_("Year"), *labels.values(), _("All")]
    return Chart("branches", title, description, figure, columns, rows)


def access_chart(years=None) -> Chart:
    """Open and closed models per year."""
    years = yearly_counts() if years is None else years
    span = _span(years)
    rows = []
    segments = []
    for y in span:
        c = years.get(y, Counter())
        rows.append([str(y), c[ModelAccess.OPEN], c[ModelAccess.CLOSED]])
        rows[-1].append(rows[-1][1] + rows[-1][2])
        segments.append(
            [
                (_("open"), c[ModelAccess.OPEN], OPEN_FILL, "solid"),
                (_("closed"), c[ModelAccess.CLOSED], OPEN_FILL, "outline"),
            ]
        )
    title = _("Open and closed models per year")
    description = _(
        "One column per release year: the solid lower part counts open models (weights "
        "released), the outlined upper part closed ones."
    )
    legend = [(_("Open"), OPEN_FILL, "solid"), (_("Closed"), OPEN_FILL, "outline")]
    figure = _columns(span, segments, legend)
    columns = [_("Year"), _("Open"), _("Closed"), _("All")]
    return Chart("access", title, description, figure, columns, rows)


# --- Placing -------------------------------------------------------------------------------


def _span(years) -> list[int]:
    if not years:
        return []
    return list(range(min(years), max(years) + 1))


def _count_at(n: int, room: float, x: float, y: float) -> tuple[str, str]:
    """Where a bar's count goes (its centre), or nowhere if the bar is too short for it."""
    if room >= text_width(str(n), 11) + 6:
        return f"{x:.1f}", f"{y}"
    return "", ""


def _swatch(x, y, colour, style) -> Rect:
    if style == "solid":
        return Rect(f"{x}", f"{y}", "14", "12", colour, True)
    return Rect(f"{x + 1}", f"{y + 1}", "12", "10", colour, False)


def _columns(span, segments, legend) -> Columns:
    """Stacked columns, one per year, segments from the bottom; legend above, in as many rows
    as it needs."""
    col_w, gap, left, plot_h = 34, 10, 36, 220
    width = max(left + len(span) * (col_w + gap) + 10, 420)
    items, x, row = [], left, 0
    for label, colour, style in legend:  # in stacking order, bottom first
        item_w = 19 + text_width(label, 12) + 16
        if x > left and x + item_w - 16 > width - 6:
            x, row = left, row + 1
        items.append((x, 18 * row, label, colour, style))
        x += item_w
    top = 52 + 18 * row
    height = top + plot_h + 30
    most = max([sum(n for _, n, _, _ in stack) for stack in segments] + [1])
    unit = plot_h / most
    base = top + plot_h
    figure = Columns(
        width=f"{width:.0f}",
        height=f"{height:.0f}",
        legend=[],
        ticks=[],
        columns=[],
        line_x1=f"{left - 4}",
        line_x2=f"{width - 6}",
        tick_x=f"{left - 8}",
        base_y=f"{base}",
        year_y=f"{base + 16}",
    )
    for x, dy, label, colour, style in items:
        swatch = _swatch(x, 8 + dy, colour, style)
        figure.legend.append(LegendItem(swatch, f"{x + 19}", f"{18 + dy}", label))
    for tick in _ticks(most):
        y = base - tick * unit
        figure.ticks.append(Tick(f"{y:.1f}", f"{y + 4:.1f}", tick))
    for i, (year, stack) in enumerate(zip(span, segments, strict=True)):
        x = left + i * (col_w + gap) + gap / 2
        y = base
        parts = []
        for label, n, colour, style in stack:
            if not n:
                continue
            h = n * unit
            y -= h
            # Translators: a segment's tooltip, e.g. "2023: 5 open" or "2023: 5 decoder-only".
            tip = _("%(year)s: %(n)s %(what)s") % {"year": year, "n": n, "what": in_sentence(label)}
            if style == "solid":
                rect = Rect(f"{x}", f"{y:.1f}", f"{col_w}", f"{h:.1f}", colour, True, tip)
            else:
                inner = max(h - 2, 0.5)
                rect = Rect(
                    f"{x + 1}", f"{y + 1:.1f}", f"{col_w - 2}", f"{inner:.1f}", colour, False, tip
                )
            count_y = f"{y + h / 2 + 4:.1f}" if h >= 14 else ""
            parts.append(Part(rect, n, f"{x + col_w / 2}" if count_y else "", count_y))
        total = sum(n for _, n, _, _ in stack)
        figure.columns.append(Column(year, f"{x + col_w / 2}", parts, total, f"{y - 4:.1f}"))
    return figure


def _ticks(most: int) -> list[int]:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if most / step <= 5:
            return list(range(step, most + 1, step))
    step = 10 ** len(str(most // 5))
    return list(range(step, most + 1, step))
