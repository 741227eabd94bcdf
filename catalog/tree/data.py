"""What the tree is drawn from: plain records of models and links, families, organisation marks."""

from __future__ import annotations

import datetime
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Case, F, Value, When

from core.publishing import published_q
from core.validators import date_in_range, strip_control_characters

from ..models import (
    Branch,
    DatePrecision,
    Family,
    LanguageModel,
    Lineage,
    Organization,
    Relation,
)

LANES = (
    Branch.PRE_TRANSFORMER,
    Branch.ENCODER_ONLY,
    Branch.ENCODER_DECODER,
    Branch.DECODER_ONLY,
    Branch.STATE_SPACE_HYBRID,  # the lane the survey's 2023 figure did not have
)
LANE_INDEX = {branch.value: i for i, branch in enumerate(LANES)}
NEXT_VERSION = frozenset({Relation.SUCCESSOR_OF, Relation.SCALED_FROM})

log = logging.getLogger(__name__)

# Organisation markers, told apart at a glance: the organisations with most models in a drawing
# take these in turn (dark enough for white letters on them); the rest share NEUTRAL_ORG and
# are told by their letters and the legend.
ORG_COLOURS = (
    "#1f4e9c",  # blue
    "#c62828",  # red
    "#1b7a3a",  # green
    "#6a3fa0",  # purple
    "#a85400",  # orange
    "#b0236f",  # magenta
    "#00707a",  # teal
    "#2b2b2b",  # black
    "#5c6b00",  # olive
    "#7b2d26",  # maroon
    "#3f6fd8",  # light blue
    "#8a6d00",  # ochre
)
NEUTRAL_ORG = "#6b7280"


class Node(NamedTuple):
    slug: str
    name: str
    branch: str
    access: str
    date: datetime.date
    precision: str = DatePrecision.DAY
    orgs: tuple[str, ...] = ()  # organisation slugs
    family: str = ""  # the family's slug (Llama, GPT, ...), if it has a published one
    aliases: tuple[str, ...] = ()  # other names it is known by

    @classmethod
    def of(cls, facts) -> Node:
        """The node of a model as the lineage pieces describe it (catalog.lineage.ModelFacts)."""
        return cls(
            facts.slug,
            facts.name,
            facts.branch,
            facts.access,
            facts.release_date,
            facts.release_date_precision,
            tuple(sorted(slug for slug, _ in facts.organizations)),
        )


class Link(NamedTuple):
    child: str
    parent: str
    relation: str


@dataclass
class Catalog:
    nodes: list[Node]
    links: list[Link]
    organizations: dict[str, str] = field(default_factory=dict)  # slug -> name
    families: dict[str, str] = field(default_factory=dict)  # slug -> name

    def __post_init__(self):
        """Whatever the rows hold, they can be drawn. A row stored before today's validators
        (or by a script) may carry a date the time axis cannot place (year 9999): that model
        is left out, with a warning in the log. Names lose control characters XML cannot
        carry."""
        drawable = []
        for node in self.nodes:
            if date_in_range(node.date):
                drawable.append(node._replace(name=strip_control_characters(node.name)))
            else:
                log.warning("Tree: %r left out, its date %s is out of range.", node.slug, node.date)
        kept = {node.slug for node in drawable}
        self.nodes = drawable
        self.links = [link for link in self.links if {link.child, link.parent} <= kept]
        self.organizations = {
            slug: strip_control_characters(name) for slug, name in self.organizations.items()
        }

    @classmethod
    def from_interchange(cls, document: dict) -> Catalog:
        """The records an `llm-atlas/1` document describes, without a database."""
        nodes, links = [], []
        for model in document.get("models", []):
            nodes.append(
                Node(
                    model["slug"],
                    model["name"],
                    model["branch"],
                    model["access"],
                    datetime.date.fromisoformat(model["release_date"]),
                    model.get("release_date_precision", DatePrecision.MONTH),
                    tuple(sorted(model.get("organizations", []))),
                    model.get("family") or "",
                    tuple(model.get("aliases", [])),
                )
            )
            for parent in model.get("parents", []):
                links.append(Link(model["slug"], parent["model"], parent["relation"]))
        names = {org["slug"]: org["name"] for org in document.get("organizations", [])}
        family_names = {f["slug"]: f["name"] for f in document.get("families", [])}
        for node in nodes:
            family_names.setdefault(node.family, node.family)
        family_names.pop("", None)
        return cls(nodes, links, names, family_names)


def load_catalog(pks: Iterable[int] | None = None) -> Catalog:
    """Published models, their families, organisations and lineage as plain records. Runs
    three queries.

    With `pks`, only those models and the links between them.
    """
    models = LanguageModel.objects.published().order_by()
    through = LanguageModel.organizations.through.objects.filter(
        published_q(LanguageModel, "languagemodel__"),
        published_q(Organization, "organization__"),
    ).order_by()
    lineage = Lineage.objects.published().order_by()
    if pks is not None:
        pks = list(pks)
        models = models.filter(pk__in=pks)
        through = through.filter(languagemodel_id__in=pks)
        lineage = lineage.filter(child_id__in=pks, parent_id__in=pks)
    family_shown = published_q(Family, "family__")
    rows = list(
        models.annotate(
            family_slug=Case(When(family_shown, then=F("family__slug")), default=Value("")),
            family_name=Case(When(family_shown, then=F("family__name")), default=Value("")),
        ).values_list(
            "pk",
            "slug",
            "name",
            "branch",
            "access",
            "release_date",
            "release_date_precision",
            "family_slug",
            "family_name",
            "aliases",
        )
    )
    orgs_of = defaultdict(list)
    names = {}
    for pk, slug, name in through.values_list(
        "languagemodel_id", "organization__slug", "organization__name"
    ):
        orgs_of[pk].append(slug)
        names[slug] = name
    slugs = {row[0]: row[1] for row in rows}
    nodes = [
        Node(
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            tuple(sorted(orgs_of[row[0]])),
            row[7] or "",
            tuple(a for a in row[9] or () if isinstance(a, str)),
        )
        for row in rows
    ]
    family_names = {row[7]: row[8] for row in rows if row[7]}
    links = [
        Link(slugs[child], slugs[parent], relation)
        for child, parent, relation in lineage.values_list("child_id", "parent_id", "relation")
        if child in slugs and parent in slugs
    ]
    return Catalog(nodes, links, names, family_names)


def date_order(node: Node) -> tuple:
    """Release order, then name: the order of the tree from bottom to top."""
    return (node.date, node.name.lower(), node.slug)


def primary_parents(nodes: dict[str, Node], links: Iterable[Link]) -> dict[str, tuple[str, str]]:
    """{child: (parent, relation)}: the parent a model grows out of in the drawing.

    Its latest parent in the same lane that is not newer than itself (a successor first on
    equal dates); models without one hang from their lane's trunk.
    """
    best: dict[str, tuple] = {}
    for link in links:
        child, parent = nodes[link.child], nodes[link.parent]
        if child.branch != parent.branch or parent.date > child.date:
            continue
        key = (parent.date, link.relation in NEXT_VERSION, parent.slug)
        if child.slug not in best or key > best[child.slug][0]:
            best[child.slug] = (key, parent.slug, link.relation)
    return {child: (parent, relation) for child, (_, parent, relation) in best.items()}


def families(nodes: dict[str, Node], primary: dict) -> dict[str, list[str]]:
    """{first model: members in date order}: the trees of the primary-parent forest."""
    root_of: dict[str, str] = {}
    ordered = sorted(nodes, key=lambda s: date_order(nodes[s]))
    for slug in ordered:
        path = []
        node = slug
        while node not in root_of and node in primary and node not in path:
            path.append(node)
            node = primary[node][0]
        root = root_of.get(node, node)
        root_of[node] = root
        for step in path:
            root_of[step] = root
    members = defaultdict(list)
    for slug in ordered:
        members[root_of[slug]].append(slug)
    return dict(members)


# --- Organisation markers ------------------------------------------------------------------

_GENERIC = {"university", "institute", "labs", "lab", "research", "inc", "the", "of", "for", "and"}


def org_codes(names: dict[str, str], counts: Counter) -> dict[str, str]:
    """A short code per organisation, unique in the drawing (AI2, G, OAI, ...).

    Organisations with more models choose first, so the common ones get the shortest codes.
    """
    codes: dict[str, str] = {}
    taken = set()
    for slug in sorted(names, key=lambda s: (-counts.get(s, 0), s)):
        code = next(c for c in _code_candidates(slug, names[slug]) if c not in taken)
        codes[slug] = code
        taken.add(code)
    return codes


def _code_candidates(slug: str, name: str):
    found = re.search(r"\(([A-Za-z0-9]{2,4})\)", name)
    if found:
        yield found.group(1).upper()
    if len(slug) <= 4 and slug.isalnum():
        yield slug.upper()
    bare = re.sub(r"\(.*?\)", "", name)
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.]*", bare) or [slug]
    significant = [w for w in words if w.lower() not in _GENERIC] or words
    if len(significant) > 1:
        yield "".join(w[0] for w in significant[:3]).upper()
    word = significant[0]
    capitals = re.findall(r"[A-Z]", word)
    if 2 <= len(capitals) <= 3 and not word.isupper():
        yield "".join(capitals)
    yield word[0].upper()
    yield word[:2].capitalize()
    yield word[:3].capitalize()
    n = 2
    while True:
        yield f"{word[0].upper()}{n}"
        n += 1


def org_colours(counts: Counter) -> dict[str, str]:
    """A colour per organisation: distinct ones for those with most models, in that order."""
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    colours = dict(zip(ranked, ORG_COLOURS, strict=False))
    return {slug: colours.get(slug, NEUTRAL_ORG) for slug in ranked}


# --- Text ----------------------------------------------------------------------------------


def in_sentence(label) -> str:
    """A label as it reads inside a sentence: in lower case ("decoder-only"), unless it is
    written in a script without case (a Chinese label keeps its "Transformer" as it is)."""
    text = str(label)
    return text if any("\u2e80" <= char <= "\u9fff" for char in text) else text.lower()


# Advance widths in thousandths of an em for ASCII 32..126, the widest of DejaVu Sans, Arial
# and Verdana as measured in Chromium: labels fit their boxes whichever of them is used.
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 722, 686, 722,
    770, 667, 611, 778, 752, 333, 500, 722, 611, 889, 748, 787, 667, 787, 722, 667, 611, 732,
    722, 989, 722, 722, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734,
    830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812,
    774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
    712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652,
    582, 712, 365, 712, 838,
)  # fmt: skip


_REGULAR_MAP = {chr(32 + i): width for i, width in enumerate(_WIDTHS)}
_BOLD_MAP = {chr(32 + i): width for i, width in enumerate(_BOLD)}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of the rendered width of `text` (anything not ASCII counts as W)."""
    table = _BOLD_MAP if bold else _REGULAR_MAP
    return sum([table.get(char, 1103) for char in text]) * size / 1000
