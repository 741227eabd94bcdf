"""Where each box of the tree goes: a time scale, lanes, lines and tracks.

See the package docstring for the method. Everything here works on `Item`s (a key, a lane, a
date, a width and the item it grows out of) and returns coordinates; no drawing, no database.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .data import LANES, NEXT_VERSION

# Geometry in SVG user units (CSS pixels at 100 %).
BOX_H = 22
GAP_Y = 6  # least vertical space between two boxes or stems in one track
RISE = 26  # height of the curve by which a line leaves its parent's stem or the trunk
MARGIN_Y = 3  # a branch leaves a stem at least this far below the next box on it
TRACK_GAP = 8
STEM_DX = 12  # stems meet boxes this far from their left edge
TRUNK_W = 22  # room for the lane's trunk, left of its first track
LANE_GAP = 22
AXIS_W = 78
PAD = 16
PER_MODEL = 26  # height a year gets per model in its busiest lane
MIN_YEAR_H = 84  # with PER_MODEL; scaled with `per_model`
EMPTY_YEAR_H = 18  # a year without a model: compressed, and marked so on the axis
LONE_YEAR_H = 42  # a year with a single box: compressed too
EARLY_BAND_H = 64  # all the years before the first busy one
YEAR_ROWS = 3  # a typical busy lane-year fits in about this many rows of boxes


@dataclass
class Item:
    """One box to place: a model, a folded family (its first model) or a folded group."""

    key: str
    lane: int
    date: datetime.date
    width: float
    parent: str | None = None  # the item it grows out of (same lane), if shown
    relation: str = ""
    order: tuple = ()  # date order; ties broken by name and slug
    reach: datetime.date | None = None  # a folded chain: the date of its newest release


@dataclass
class Box:
    x: float
    y: float  # top
    width: float
    track: int  # 0, 1, ... right of the trunk; -1, -2, ... left of it
    stem: float  # x where stems meet it: near its edge on the trunk's side

    @property
    def centre(self) -> float:
        return self.y + BOX_H / 2

    @property
    def bottom(self) -> float:
        return self.y + BOX_H


@dataclass
class Lane:
    branch: str
    x: float
    width: float
    trunk: float  # x of the trunk
    top: float  # y of the highest box or stem
    base: float  # y where the trunk starts (below the lowest join)
    tracks: int


@dataclass
class Layout:
    boxes: dict[str, Box]
    paths: dict[str, str]  # item key -> path from its parent's stem (or the trunk) to it
    lanes: list[Lane]
    years: list[tuple[int, float, float]]  # (year, y of 1 January, height of the year)
    width: float
    bottom: float  # y of the bottom of the time axis
    scale: TimeScale | None = None


class TimeScale:
    """Date -> y, newest at the top, on an even axis: every year that has a model gets the same
    height (more when the busiest lane is crowded); a year without any model is compressed to
    EMPTY_YEAR_H and marked so. Within a year time is linear; strictly decreasing in the date,
    so vertical order is release order."""

    def __init__(self, items: list[Item], top: float, per_model: float = PER_MODEL):
        first = min(item.date for item in items)
        last = max(item.date for item in items)
        busy = Counter((item.date.year, item.lane) for item in items)
        densest = defaultdict(int)
        for (year, _), n in busy.items():
            densest[year] = max(densest[year], n)
        self.first_year, self.last_year = first.year, last.year
        # One height for every year: enough for a typical busy year; a busier one spreads
        # sideways into more tracks rather than stretching time.
        typical = sorted(densest.values())[(len(densest) * 3) // 4]
        year_h = max(MIN_YEAR_H * per_model / PER_MODEL, per_model * typical / YEAR_ROWS)
        # The current year is drawn up to a little after its last release.
        covered = min(1.0, max(0.3, _fraction(last) + 0.06))
        self.heights = {}
        self.empty = set()  # the compressed years
        total = Counter(item.date.year for item in items)
        # The early years, before the first with a few models, share one short band (the
        # survey's figure keeps them at its root); later years without a model or with a
        # lone one are compressed too. Both are marked as compressed on the axis.
        busy = [year for year in sorted(total) if total[year] >= 3]
        start = busy[0] if busy else first.year
        early = range(first.year, start)
        for year in range(first.year, last.year + 1):
            if year in early:
                self.heights[year] = EARLY_BAND_H / len(early)
                self.empty.add(year)
            elif not total[year]:
                self.heights[year] = EMPTY_YEAR_H
                self.empty.add(year)
            elif total[year] == 1 and year != last.year:
                self.heights[year] = LONE_YEAR_H
                self.empty.add(year)
            else:
                self.heights[year] = year_h
        self.tops = {}  # y of the top of each year's band (1 January of the next year)
        y = top - self.heights[last.year] * (1 - covered)
        for year in range(last.year, first.year - 1, -1):
            self.tops[year] = y
            y += self.heights[year]
        self.bottom = y

    def y(self, date: datetime.date) -> float:
        return self.tops[date.year] + (1 - _fraction(date)) * self.heights[date.year]

    def jan1(self, year: int) -> float:
        return self.tops[year] + self.heights[year]


def _fraction(date: datetime.date) -> float:
    start = datetime.date(date.year, 1, 1)
    return (date - start).days / (datetime.date(date.year + 1, 1, 1) - start).days


class Track:
    """A column of a lane: lines (boxes and the stems between them) that do not meet, and the
    curves that pass through it. A curve may cross a stem, never a box."""

    def __init__(self):
        self.tops: list[float] = []  # solid intervals (boxes and stems), disjoint, sorted
        self.bottoms: list[float] = []
        self.box_tops: list[float] = []  # boxes alone
        self.box_bottoms: list[float] = []
        self.curve_tops: list[float] = []
        self.curves: list[tuple[float, float]] = []
        self.longest_curve = 0.0
        self.width = 0.0

    def solid_free(self, top, bottom) -> bool:
        """Nothing solid within GAP_Y of [top, bottom]."""
        i = bisect.bisect_left(self.tops, bottom + GAP_Y) - 1
        return i < 0 or self.bottoms[i] + GAP_Y <= top

    def curve_free(self, top, bottom) -> bool:
        """No curve passes through [top, bottom]."""
        j = bisect.bisect_left(self.curve_tops, top - self.longest_curve)
        k = bisect.bisect_left(self.curve_tops, bottom)
        return all(self.curves[m][1] <= top for m in range(j, k))

    def crossable(self, top, bottom) -> bool:
        """A curve may pass through [top, bottom]: no box there."""
        i = bisect.bisect_left(self.box_tops, bottom) - 1
        return i < 0 or self.box_bottoms[i] <= top

    def add_line(self, top, bottom, boxes):
        i = bisect.bisect_left(self.tops, top)
        self.tops.insert(i, top)
        self.bottoms.insert(i, bottom)
        for box_top, box_bottom in boxes:
            i = bisect.bisect_left(self.box_tops, box_top)
            self.box_tops.insert(i, box_top)
            self.box_bottoms.insert(i, box_bottom)

    def add_curve(self, top, bottom):
        i = bisect.bisect_left(self.curve_tops, top)
        self.curve_tops.insert(i, top)
        self.curves.insert(i, (top, bottom))
        if bottom - top > self.longest_curve:
            self.longest_curve = bottom - top


@dataclass
class _Line:
    """Items drawn one above the other in one track, joined by straight stems."""

    items: list[str]
    parent: str | None  # the item on another line it branches from
    # How it joins: "trunk", "branch" (off the parent's stem at `fork`) or "side" (too close
    # in time for a stem: a curve from the parent's side).
    join: str = "trunk"
    fork: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    zone: tuple[float, float] = (0.0, 0.0)  # where the joining curve crosses other tracks
    boxes: list[tuple[float, float]] = field(default_factory=list)
    track: int = 0


def layout(
    items: list[Item],
    top: float = 0.0,
    per_model: float = PER_MODEL,
    lane_widths: dict[int, float] | None = None,
    one_side: bool = False,
) -> Layout:
    """Place every item; the newest box's top is at `top` (minus room for the trunk's tip).
    `per_model`: the height a year gets for each model in its busiest lane; `lane_widths`:
    the least width of a lane (room for its title); `one_side`: every line right of its
    trunk (narrow drawings)."""
    lane_widths = lane_widths or {}
    by_key = {item.key: item for item in items}
    scale = TimeScale(items, top + 30 + BOX_H / 2, per_model)
    y_of = {item.key: scale.y(item.date) for item in items}
    reach_of = {item.key: scale.y(item.reach) - BOX_H / 2 for item in items if item.reach}
    boxes: dict[str, Box] = {}
    paths: dict[str, str] = {}
    lanes: list[Lane] = []
    x = AXIS_W
    placed: dict[int, float] = {}  # bucket -> the rightmost x of the lanes placed so far
    right_end = x
    for lane_index in sorted({item.lane for item in items}):
        lane_items = sorted((i for i in items if i.lane == lane_index), key=lambda i: i.order)
        lines, tracks = _place_lane(lane_items, by_key, y_of, reach_of, one_side)
        # Tracks right of the trunk run left to right, those left of it right to left; boxes
        # on the left hang from their right edge, so stems stay on the trunk's side. Each
        # track sits as near the trunk as the boxes and stems already placed at its heights
        # allow (a wide box low down does not push a track out all the way up).
        out = {}  # each track's distance from the trunk to its edge nearest the trunk
        reach = {}
        for side in (1, -1):
            order = sorted((t for t in tracks if (t >= 0) == (side > 0)), key=abs)
            out.update(_compact(order, lines, by_key))
            reach[side] = max(
                (
                    out[ln.track] + max(by_key[k].width for k in ln.items)
                    for ln in lines
                    if ln.track in order
                ),
                default=0.0,
            )
        # The lane goes as far left as the lanes already placed allow at each height: its
        # trunk clear of everything to its left, its boxes clear of theirs where they meet.
        local = reach[-1] + 7  # the trunk, from the lane's left edge
        lane_top = min(min(ln.top for ln in lines), min(b[0] for ln in lines for b in ln.boxes))
        span = _Span()
        span.add(lane_top - 20, scale.bottom, local - 6, local + 6)
        for line in lines:
            side = 1 if line.track >= 0 else -1
            near = local + side * out[line.track]
            stem = near + side * STEM_DX
            span.add(line.top, line.bottom, stem - 2, stem + 2)
            for (top, bottom), key in zip(line.boxes, line.items, strict=True):
                far = near + side * by_key[key].width
                span.add(top, bottom, min(near, far), max(near, far))
            low, high = line.zone
            if line.join == "trunk":
                span.add(low, high, min(local, stem), max(local, stem))
        shift = max(
            x - span.left_edge(),
            *(placed.get(b, -1e9) + LANE_GAP - left for b, left in span.left.items()),
        )
        for b, right in span.right.items():
            placed[b] = max(placed.get(b, -1e9), shift + right)
        trunk = shift + local
        lane_x = shift + span.left_edge()
        edge = {t: trunk + d if t >= 0 else trunk - d for t, d in out.items()}
        for line in lines:
            for key in line.items:
                width = by_key[key].width
                y = y_of[key] - BOX_H / 2
                if line.track >= 0:
                    box = Box(edge[line.track], y, width, line.track, edge[line.track] + STEM_DX)
                else:
                    at = edge[line.track] - width
                    box = Box(at, y, width, line.track, edge[line.track] - STEM_DX)
                boxes[key] = box
        for line in lines:
            _connect(line, boxes, trunk, paths)
        base = max((ln.zone[1] for ln in lines if ln.join == "trunk"), default=lane_top) + 12
        end = max(shift + span.right_edge(), lane_x + lane_widths.get(lane_index, 0))
        lane = Lane(
            LANES[lane_index].value, lane_x, end - lane_x, trunk, lane_top, base, len(tracks)
        )
        lanes.append(lane)
        right_end = max(right_end, end)
    years = [
        (year, scale.jan1(year), scale.heights[year])
        for year in range(scale.first_year, scale.last_year + 1)
    ]
    return Layout(boxes, paths, lanes, years, right_end + PAD, scale.bottom, scale)


def _place_lane(
    lane_items: list[Item], by_key, y_of, reach_of, one_side=False
) -> tuple[list[_Line], dict[int, Track]]:
    keys = {item.key for item in lane_items}
    children = defaultdict(list)
    roots = []
    for item in lane_items:  # in date order, so children lists are too
        if item.parent in keys:
            children[item.parent].append(item.key)
        else:
            roots.append(item.key)
    size = _family_sizes(roots, children)

    def heir_of(key):
        # The newest child continues the line, so every other child can leave the stem just
        # below its own box; on equal dates a successor, then the larger family, then the
        # first in date order (max keeps the first of equals).
        top = reach_of.get(key, y_of[key] - BOX_H / 2)
        room = [c for c in children[key] if top - (y_of[c] + BOX_H / 2) >= GAP_Y]
        if not room:
            return None
        return max(
            room,
            key=lambda c: (by_key[c].date, by_key[c].relation in NEXT_VERSION, size[c]),
        )

    heir = {key: heir_of(key) for key in keys}
    tracks = _Tracks()
    placed: list[_Line] = []
    track_of: dict[str, int] = {}
    # Larger families first, so they get the tracks nearest the trunk and stay compact; then
    # depth first, so a family's lines are placed one after the other.
    roots.sort(key=lambda r: (-size[r], by_key[r].order))
    stack = [_Line([root], None) for root in reversed(roots)]
    while stack:
        line = stack.pop()
        key = line.items[0]
        while heir[key]:
            key = heir[key]
            line.items.append(key)
        _measure(line, children, heir, y_of, reach_of)
        _choose_track(line, tracks, track_of, one_side)
        for key in line.items:
            track_of[key] = line.track
            tracks[line.track].width = max(tracks[line.track].width, by_key[key].width)
        placed.append(line)
        branches = [
            _Line([child], key)
            for key in line.items
            for child in children[key]
            if child != heir[key]
        ]
        stack.extend(reversed(branches))
    return placed, tracks


BUCKET = 8.0  # vertical resolution of the compaction, in user units


class _Span:
    """What a lane occupies at each height (in buckets of BUCKET units): leftmost and
    rightmost x, relative to the lane."""

    def __init__(self):
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}

    def add(self, top: float, bottom: float, x0: float, x1: float):
        for b in range(int((top - GAP_Y) // BUCKET), int((bottom + GAP_Y) // BUCKET) + 1):
            self.left[b] = min(self.left.get(b, 1e9), x0)
            self.right[b] = max(self.right.get(b, -1e9), x1)

    def left_edge(self) -> float:
        return min(self.left.values())

    def right_edge(self) -> float:
        return max(self.right.values())


def _compact(order: list[int], lines: list[_Line], by_key) -> dict[int, float]:
    """How far from the trunk each track of one side goes, inner tracks first: just clear of
    the boxes and stems of the inner tracks at the same heights."""
    by_track = defaultdict(list)
    for line in lines:
        by_track[line.track].append(line)
    right: dict[int, float] = {}  # bucket -> outermost extent placed there

    def buckets(top, bottom):
        return range(int((top - GAP_Y) // BUCKET), int((bottom + GAP_Y) // BUCKET) + 1)

    offsets = {}
    for t in order:
        need = TRUNK_W - 7
        for line in by_track[t]:
            for top, bottom in line.boxes:
                for b in buckets(top, bottom):
                    need = max(need, right.get(b, -1e9) + TRACK_GAP)
            for b in buckets(line.top, line.bottom):
                need = max(need, right.get(b, -1e9) + TRACK_GAP - STEM_DX)
        offsets[t] = need
        for line in by_track[t]:
            stem = need + STEM_DX + 2
            for b in range(int(line.top // BUCKET), int(line.bottom // BUCKET) + 1):
                right[b] = max(right.get(b, -1e9), stem)
            for (top, bottom), key in zip(line.boxes, line.items, strict=True):
                edge = need + by_key[key].width
                for b in range(int(top // BUCKET), int(bottom // BUCKET) + 1):
                    right[b] = max(right.get(b, -1e9), edge)
    return offsets


def _family_sizes(roots, children) -> dict[str, int]:
    size = {}
    for root in roots:
        stack = [(root, False)]
        while stack:
            key, done = stack.pop()
            if done:
                size[key] = 1 + sum(size[c] for c in children[key])
                continue
            stack.append((key, True))
            stack.extend((c, False) for c in children[key] if c not in size)
    return size


def _fork(parent, child, heir, y_of) -> tuple[str, float]:
    """How `child` leaves `parent`'s line: ("branch", y on the stem) or ("side", 0)."""
    parent_top = y_of[parent] - BOX_H / 2
    wanted = y_of[child] + BOX_H / 2 + RISE
    if wanted > parent_top - 1:
        return "side", 0.0
    next_box = heir.get(parent)
    floor = y_of[next_box] + BOX_H / 2 + MARGIN_Y if next_box else wanted
    return "branch", max(wanted, floor)


def _measure(line: _Line, children, heir, y_of, reach_of):
    """The line's solid extent, its boxes, and where its joining curve runs. A folded chain
    holds its track up to its newest release."""
    first, last = line.items[0], line.items[-1]
    top = min(y_of[last] - BOX_H / 2, *(reach_of.get(key, y_of[key]) for key in line.items))
    for child in children[last]:  # the last stem rises to its highest branch
        kind, fork = _fork(last, child, heir, y_of)
        if kind == "branch":
            top = min(top, fork)
    bottom = y_of[first] + BOX_H / 2
    if line.parent is None:
        line.join = "trunk"
        line.zone = (bottom, bottom + RISE)
    else:
        line.join, line.fork = _fork(line.parent, first, heir, y_of)
        if line.join == "branch":
            bottom = max(bottom, line.fork - RISE)
            line.zone = (line.fork - RISE, line.fork)
        else:
            low, high = sorted((y_of[first], y_of[line.parent]))
            line.zone = (low - 2, high + 2)
    line.top, line.bottom = top, bottom
    line.boxes = [(y_of[key] - BOX_H / 2, y_of[key] + BOX_H / 2) for key in line.items]


class _Tracks(dict):
    """A lane's tracks by number, and the lowest and highest numbers in use."""

    low, high = 0, -1

    def add(self, number: int):
        if number not in self:
            self[number] = Track()
            self.low, self.high = min(self.low, number), max(self.high, number)


def _choose_track(line: _Line, tracks: _Tracks, track_of: dict[str, int], one_side=False):
    """The nearest track to the parent's (to the trunk, for a family's first line) where the
    line fits and its joining curve crosses no box; failing that, the nearest where the line
    fits; failing that, a new track on the outside.

    Tracks are numbered 0, 1, ... right of the trunk and -1, -2, ... left of it. A line tries
    the side away from the trunk first; a family's first line, the trunk's emptier side.
    """
    origin = None if line.parent is None else track_of[line.parent]
    zone = line.zone
    own_zone = line.join != "side"  # the curve's last part runs in the line's own track

    top, bottom, boxes = line.top, line.bottom, line.boxes

    def fits(track: Track) -> bool:
        if not track.solid_free(top, bottom):
            return False
        if track.curves and not all(track.curve_free(*box) for box in boxes):
            return False
        return not own_zone or track.crossable(*zone)

    low, high = tracks.low, tracks.high
    if origin is None:
        outward = 1 if one_side or high + 1 <= -low else -1
        split = 0
        pairs = ((k, -k - 1) for k in range(max(high + 1, -low)))
    else:
        outward = 1 if origin >= 0 else -1
        split = origin + 1
        pairs = ((origin + k, origin - k) for k in range(1, high - low + 2))
    clear = {1: True, -1: True}  # the curve can still reach further on that side
    choice = fallback = None
    for pair in pairs:
        for c in pair if outward > 0 else pair[::-1]:
            if not low <= c <= high:
                continue
            side = 1 if c >= split else -1
            if not clear[side]:
                if fallback is None and fits(tracks[c]):
                    fallback = c
                continue
            if fits(tracks[c]):
                choice = c
                break
            clear[side] = tracks[c].crossable(*zone)
        if choice is not None or (fallback is not None and not clear[1] and not clear[-1]):
            break
    if choice is None:
        if clear[outward] or (not clear[-outward] and fallback is None):
            side = outward
        elif clear[-outward]:
            side = -outward
        else:
            side = 0
        choice = fallback if side == 0 else (high + 1 if side > 0 else low - 1)
        tracks.add(choice)
    line.track = choice
    tracks[choice].add_line(line.top, line.bottom, line.boxes)
    if own_zone:
        tracks[choice].add_curve(*zone)
    for c in _between(origin, choice):
        if c in tracks:
            tracks[c].add_curve(*zone)


def _between(origin: int | None, track: int) -> range:
    """The tracks a curve from `origin` (None: the trunk) to `track` passes over."""
    if origin is None:
        return range(0, track) if track >= 0 else range(track + 1, 0)
    return range(min(origin, track) + 1, max(origin, track))


# --- Paths ---------------------------------------------------------------------------------


def _connect(line: _Line, boxes: dict[str, Box], trunk: float, paths: dict):
    """The path into each item of the line: its joining curve, then stems between boxes."""
    first = line.items[0]
    box = boxes[first]
    if line.join == "trunk":
        bottom = box.bottom
        paths[first] = (
            f"M{n(trunk)},{n(bottom + RISE)} Q{n(box.stem)},{n(bottom + RISE)} "
            f"{n(box.stem)},{n(bottom)}"
        )
    elif line.join == "branch":
        parent = boxes[line.parent]
        x0, x1, fork = parent.stem, box.stem, line.fork
        paths[first] = (
            f"M{n(x0)},{n(parent.y)} L{n(x0)},{n(fork)} "
            f"C{n(x0)},{n(fork - RISE * 0.6)} {n(x1)},{n(fork - RISE * 0.4)} "
            f"{n(x1)},{n(fork - RISE)} L{n(x1)},{n(box.bottom)}"
        )
    else:
        paths[first] = side_path(boxes[line.parent], box)
    for lower, upper in zip(line.items, line.items[1:], strict=False):
        a, b = boxes[lower], boxes[upper]
        paths[upper] = f"M{n(a.stem)},{n(a.y)} L{n(b.stem)},{n(b.bottom)}"


def side_path(parent: Box, child: Box) -> str:
    """A curve from one box's side to another's, for boxes too close in time for a stem."""
    if child.x >= parent.x + parent.width:
        x0, x1 = parent.x + parent.width, child.x
    elif child.x + child.width <= parent.x:
        x0, x1 = parent.x, child.x + child.width
    else:  # one above the other in the same column: out of the right side and back
        x0 = parent.x + parent.width
        x1 = child.x + child.width
        out = max(x0, x1) + 14
        y0, y1 = parent.centre, child.centre
        return f"M{n(x0)},{n(y0)} C{n(out)},{n(y0)} {n(out)},{n(y1)} {n(x1)},{n(y1)}"
    y0, y1 = parent.centre, child.centre
    mid = (x0 + x1) / 2
    return f"M{n(x0)},{n(y0)} C{n(mid)},{n(y0)} {n(mid)},{n(y1)} {n(x1)},{n(y1)}"


def free_path(parent: Box, child: Box) -> str:
    """A link outside the layout's lines (across lanes, a second parent): an S-curve from the
    parent's top to the child's bottom, or side to side when the child is not above."""
    if parent.y >= child.bottom + 2 * RISE:
        y0, y1 = parent.y, child.bottom
        mid = (y0 + y1) / 2
        x0, x1 = parent.stem, child.stem
        return f"M{n(x0)},{n(y0)} C{n(x0)},{n(mid)} {n(x1)},{n(mid)} {n(x1)},{n(y1)}"
    return side_path(parent, child)


def n(value: float) -> str:
    """A coordinate in the SVG: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
