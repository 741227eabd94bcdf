"""Charts of the catalog as SVG: who makes models (open and closed), and how the branches grew.

Each chart is one aggregate query and a pure drawing function. The drawing carries its own
title, description and legend, open models are solid and closed ones outlined (as in the tree
and the survey's figure), every bar has its number written on or beside it, and the numbers
come back as rows for a data table: colour is never the only way to read them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape

from django.db.models import Count

from core.publishing import published_q

from .models import Branch, LanguageModel, ModelAccess, Organization
from .tree.data import LANES, text_width
from .tree.svg import BOX_COLOURS

OPEN_FILL = "#2f5d9e"
INK = "#1d2430"
MUTED = "#596275"
LINE = "#d9dee7"
TOP_ORGANIZATIONS = 15
FONT = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    svg: str
    columns: list[str]  # headings of the data table
    rows: list[list]  # first cell a label, then numbers


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
    native year extraction); the years are summed here, from far fewer rows.
    """
    rows = (
        LanguageModel.objects.published()
        .values_list("release_date", "branch", "access")
        .annotate(n=Count("pk"))
        .order_by()
    )
    years: dict[int, Counter] = defaultdict(Counter)
    for date, branch, access, n in rows:
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
        rows.append([f"{len(rest)} other organisations", o, c, o + c])
    title = "Models per organisation, open and closed"
    description = (
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
    out = [_open(width, height, "chart-organizations", title, description)]
    out.append(_legend_access(label_w, 14))
    for i, (name, o, c, total) in enumerate(rows):
        y = top + i * (bar_h + gap)
        out.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" font-size="12">'
            f"{escape(name)}</text>"
        )
        x = label_w
        if o:
            w = o * unit
            out.append(
                f'<rect class="open" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{OPEN_FILL}"><title>{escape(name)}: {o} open</title></rect>'
            )
            if w >= text_width(str(o), 11) + 6:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" font-size="11" '
                    f'fill="#fff">{o}</text>'
                )
            x += w
        if c:
            w = c * unit
            out.append(
                f'<rect class="closed" x="{x + 1:.1f}" y="{y + 1}" width="{max(w - 2, 1):.1f}" '
                f'height="{bar_h - 2}" fill="#fff" stroke="{OPEN_FILL}" stroke-width="2">'
                f"<title>{escape(name)}: {c} closed</title></rect>"
            )
            if w >= text_width(str(c), 11) + 6:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" font-size="11" '
                    f'fill="{INK}">{c}</text>'
                )
            x += w
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + 13}" font-size="11" fill="{MUTED}">{total}</text>'
        )
    out.append("</svg>")
    return Chart(
        "organizations",
        title,
        description,
        "".join(out),
        ["Organisation", "Open", "Closed", "All"],
        rows,
    )


def branches_chart(years=None) -> Chart:
    """Models per year, stacked by branch: decoder-only takes over."""
    years = yearly_counts() if years is None else years
    order = [lane.value for lane in LANES]
    labels = {lane.value: lane.label for lane in LANES}
    span = _span(years)
    rows = [[str(y), *(years.get(y, Counter())[b] for b in order)] for y in span]
    for row in rows:
        row.append(sum(row[1:]))
    title = "Models per year, by branch"
    description = (
        "One column per release year, stacked by branch from the bottom: "
        + ", ".join(labels[b].lower() for b in order)
        + ". The number in a segment is its count; the number above a column, the year's total."
    )
    segments = [
        [(b, years.get(y, Counter())[b], BOX_COLOURS[Branch(b)], "solid") for b in order]
        for y in span
    ]
    legend = [(labels[b], BOX_COLOURS[Branch(b)], "solid") for b in order]
    svg = _columns(span, segments, legend, "chart-branches", title, description)
    return Chart("branches", title, description, svg, ["Year", *labels.values(), "All"], rows)


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
                ("open", c[ModelAccess.OPEN], OPEN_FILL, "solid"),
                ("closed", c[ModelAccess.CLOSED], OPEN_FILL, "outline"),
            ]
        )
    title = "Open and closed models per year"
    description = (
        "One column per release year: the solid lower part counts open models (weights "
        "released), the outlined upper part closed ones."
    )
    legend = [("Open", OPEN_FILL, "solid"), ("Closed", OPEN_FILL, "outline")]
    svg = _columns(span, segments, legend, "chart-access", title, description)
    return Chart("access", title, description, svg, ["Year", "Open", "Closed", "All"], rows)


# --- Drawing -------------------------------------------------------------------------------


def _span(years) -> list[int]:
    if not years:
        return []
    return list(range(min(years), max(years) + 1))


def _open(width, height, slug, title, description) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {slug}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{slug}-title {slug}-desc" font-family="{FONT}" '
        f'fill="{INK}"><title id="{slug}-title">{escape(title)}</title>'
        f'<desc id="{slug}-desc">{escape(description)}</desc>'
    )


def _swatch(x, y, colour, style) -> str:
    if style == "solid":
        return f'<rect x="{x}" y="{y}" width="14" height="12" fill="{colour}"/>'
    return (
        f'<rect x="{x + 1}" y="{y + 1}" width="12" height="10" fill="#fff" stroke="{colour}" '
        'stroke-width="2"/>'
    )


def _legend_access(x, y) -> str:
    return (
        _swatch(x, y - 10, OPEN_FILL, "solid")
        + f'<text x="{x + 20}" y="{y}" font-size="12">Open (solid)</text>'
        + _swatch(x + 120, y - 10, OPEN_FILL, "outline")
        + f'<text x="{x + 140}" y="{y}" font-size="12">Closed (outline)</text>'
    )


def _columns(span, segments, legend, slug, title, description) -> str:
    """Stacked columns, one per year, segments from the bottom; legend above."""
    col_w, gap, left, top, plot_h = 34, 10, 36, 52, 220
    width = left + len(span) * (col_w + gap) + 10
    width = max(width, 420)
    height = top + plot_h + 30
    most = max([sum(n for _, n, _, _ in stack) for stack in segments] + [1])
    unit = plot_h / most
    base = top + plot_h
    out = [_open(width, height, slug, title, description)]
    x = left
    for label, colour, style in legend:  # in stacking order, bottom first
        out.append(_swatch(x, 8, colour, style))
        out.append(f'<text x="{x + 19}" y="18" font-size="12">{escape(label)}</text>')
        x += 19 + text_width(label, 12) + 16
    for tick in _ticks(most):
        y = base - tick * unit
        out.append(
            f'<line x1="{left - 4}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>'
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="{MUTED}">{tick}</text>'
        )
    for i, (year, stack) in enumerate(zip(span, segments, strict=True)):
        x = left + i * (col_w + gap) + gap / 2
        y = base
        for label, n, colour, style in stack:
            if not n:
                continue
            h = n * unit
            y -= h
            tip = f"{year}: {n} {label.lower()}"
            if style == "solid":
                shape = f'x="{x}" y="{y:.1f}" width="{col_w}" height="{h:.1f}" fill="{colour}"'
                ink = "#fff"
            else:
                inner = max(h - 2, 0.5)
                shape = (
                    f'x="{x + 1}" y="{y + 1:.1f}" width="{col_w - 2}" height="{inner:.1f}" '
                    f'fill="#fff" stroke="{colour}" stroke-width="2"'
                )
                ink = INK
            out.append(f"<rect {shape}><title>{escape(tip)}</title></rect>")
            if h >= 14:
                out.append(
                    f'<text x="{x + col_w / 2}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" '
                    f'font-size="10" fill="{ink}">{n}</text>'
                )
        total = sum(n for _, n, _, _ in stack)
        if total:
            out.append(
                f'<text x="{x + col_w / 2}" y="{y - 4:.1f}" text-anchor="middle" font-size="11" '
                f'font-weight="700">{total}</text>'
            )
        out.append(
            f'<text x="{x + col_w / 2}" y="{base + 16}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}">{year}</text>'
        )
    out.append(
        f'<line x1="{left - 4}" x2="{width - 6}" y1="{base}" y2="{base}" stroke="{INK}"/></svg>'
    )
    return "".join(out)


def _ticks(most: int) -> list[int]:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if most / step <= 5:
            return list(range(step, most + 1, step))
    step = 10 ** len(str(most // 5))
    return list(range(step, most + 1, step))
