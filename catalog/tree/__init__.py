"""The evolutionary tree, drawn from the catalog as SVG on the server.

Time runs up a vertical axis (newest at the top); each branch of the survey's figure has a lane
(pre-transformer grey, encoder-only pink, encoder-decoder green, decoder-only blue) with a
trunk on its left. A model grows out of its parent's line: within a lane every model hangs from
its *primary parent* (its latest parent in the same lane), the primary links form a forest, and
each tree of that forest is a family. Other links (a second parent, a parent in another lane)
are drawn as dashed curves.

Layout (`layout.py`): the y of a box is a function of its date alone, on an even axis (every
year with a model the same height; years with none or a single box, and the sparse years before
the first busy one, compressed and marked so), so vertical order is release order. Each family
is cut into *lines*: a line runs from a model to its newest child (a successor first on equal
dates), and on through that child's newest, and so on; every other child leaves the line's stem
by a curve just below its own box and starts a line of its own. Lines are placed largest family
first, then depth first within a family, each in the nearest *track* (a column of the lane) to
its parent's where it fits: a track holds any number of lines whose vertical extents (boxes and
the stems between them) stay apart, and the curve joining a line to its parent or to the trunk
may cross stems but not boxes. Each track then sits as near the trunk as the boxes and stems of
the inner tracks at the same heights allow, and each lane as near the lanes to its left, so a
wide box low down does not push everything above it aside. Everything is sorted on stable keys
(dates, names, slugs): the same data gives the same picture, byte for byte.

Drawing (`svg.py`): `draw()` is a pure function of plain records (`data.py`), which
`load_catalog()` reads from the database in three queries; it places everything (a `Figure`
of boxes, links, axis, trunks and legend, coordinates formatted) and
`templates/catalog/includes/_tree.svg` writes the markup, escaping every value. Past
FOLD_THRESHOLD models the tree starts folded (the overview): each family of a lane (its
`Family`, or for models without one the tree of derivations it grows in) is one box with the
number of its releases, and each lane keeps the FAMILIES_PER_CELL largest families of a year,
counting the rest in one box; `unfold` opens either, and an open family is its chain of
releases. `Options.years` folds further, one box per lane and year: the overview for phones.
Trunks are filled shapes from one root, as thick as their lane has models. The page's drawing
puts the organisations' chart (open and closed models) in its lower right corner when that
corner is free of boxes and trunks, as the survey's figure does. On the page, zooming in past a
threshold asks for the same tree with the folded boxes in view opened (`static/js/tree.js`).
"""

from .data import LANES, Catalog, Link, Node, load_catalog, org_codes, primary_parents
from .layout import BOX_H, Item, layout
from .svg import FAMILIES_PER_CELL, FOLD_THRESHOLD, Drawing, Options, draw

__all__ = [
    "BOX_H",
    "FAMILIES_PER_CELL",
    "FOLD_THRESHOLD",
    "LANES",
    "Catalog",
    "Drawing",
    "Item",
    "Link",
    "Node",
    "Options",
    "draw",
    "layout",
    "load_catalog",
    "org_codes",
    "primary_parents",
]
