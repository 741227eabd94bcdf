"""Scatter plots of a benchmark's scores: against release date and against price.

Geometry in Python, markup in the template (as the tree): each point has its position, its
model and what it shows; axes have their ticks. Prices span three orders of magnitude, so
their axis is logarithmic.
"""

import datetime
import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 40
MIN_POINTS = 3  # fewer dots than this make no picture: the table says it all


@dataclass
class Plot:
    x_label: str
    y_label: str
    points: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT
    top: int = TOP


def _scale(low: float, high: float, start: float, end: float):
    span = (high - low) or 1.0
    return lambda value: start + (value - low) / span * (end - start)


def _y_axis(plot: Plot, scores: list[float]):
    low = math.floor(min(scores) / 10) * 10
    high = math.ceil(max(scores) / 10) * 10
    if high == low:
        high = low + 10
    y = _scale(low, high, plot.bottom, plot.top)
    step = 10 if high - low <= 50 else 20
    plot.y_ticks = [{"value": v, "at": round(y(v), 1)} for v in range(low, high + 1, step)]
    return y


def by_date(rows: list[dict], x_label: str, y_label: str) -> Plot | None:
    """Score against release date; rows have `date`, `score`, `name`, `url`, `label`."""
    rows = [row for row in rows if row["date"] is not None]
    if len(rows) < MIN_POINTS:
        return None
    plot = Plot(x_label, y_label)
    first = min(row["date"] for row in rows).year
    last = max(row["date"] for row in rows).year + 1
    ordinal = _scale(
        datetime.date(first, 1, 1).toordinal(),
        datetime.date(last, 1, 1).toordinal(),
        plot.left,
        plot.right,
    )
    y = _y_axis(plot, [row["score"] for row in rows])
    step = max(1, (last - first) // 6)
    plot.x_ticks = [
        {"value": str(year), "at": round(ordinal(datetime.date(year, 1, 1).toordinal()), 1)}
        for year in range(first, last + 1, step)
    ]
    plot.points = [
        {**row, "x": round(ordinal(row["date"].toordinal()), 1), "y": round(y(row["score"]), 1)}
        for row in rows
    ]
    return plot


def by_price(rows: list[dict], x_label: str, y_label: str) -> Plot | None:
    """Score against price (log scale); rows have `price`, `score`, `name`, `url`, `label`."""
    rows = [row for row in rows if row["price"]]
    if len(rows) < MIN_POINTS:
        return None
    plot = Plot(x_label, y_label)
    low = math.floor(math.log10(min(row["price"] for row in rows)))
    high = math.ceil(math.log10(max(row["price"] for row in rows)))
    if high == low:
        high = low + 1
    x = _scale(low, high, plot.left, plot.right)
    y = _y_axis(plot, [row["score"] for row in rows])
    plot.x_ticks = [
        {"value": f"${10**power:g}", "at": round(x(power), 1)} for power in range(low, high + 1)
    ]
    plot.points = [
        {**row, "x": round(x(math.log10(row["price"])), 1), "y": round(y(row["score"]), 1)}
        for row in rows
    ]
    return plot
