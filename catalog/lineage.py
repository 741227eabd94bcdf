"""What lineage implies: ancestors and descendants of a model, and the terms that come down to it.

The lineage is small next to the catalog (one edge per parent), so the helpers here read every
edge in one query and walk it in memory: a walk visits each reachable edge once. They work on
plain keys (primary keys or slugs), so the tree renderer, the model page and the tests share
them.

Licences travel down some edges and not others. A model *built from its parent's weights*
(a relation in WEIGHT_RELATIONS: fine-tuned, distilled, pruned, merged ... from it) is bound
by the parent's licence; a successor, variant, scaled-up or multilingual version, a model of
the same family, or one trained on another's outputs, was trained again and is only related by
design (or by data). So an ancestor's terms *bind* a model when a chain
of weight relations leads from the model up to it, and a model's own terms *conflict* with a
binding ancestor's when they allow more commercial use than the ancestor's do.
"""

from __future__ import annotations

import datetime
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from core.publishing import Status, published_q
from core.translation import pick

from .models import CommercialUse, LanguageModel, Lineage, Organization, Relation

# Relations through which a model carries (a transformation of) its parent's weights, so the
# parent's licence still binds it. Data lineage (trained on another model's outputs) and
# family ties do not pass weights down.
WEIGHT_RELATIONS = frozenset(
    {
        Relation.FINE_TUNED_FROM,
        Relation.INSTRUCTION_TUNED_FROM,
        Relation.ALIGNED_FROM,
        Relation.DISTILLED_FROM,
        Relation.PRUNED_FROM,
        Relation.UPCYCLED_FROM,
        Relation.ADAPTED_FROM,
        Relation.REASONING_TRAINED_FROM,
        Relation.MERGED_FROM,
    }
)
# What each relation means, for the glossary.
RELATION_MEANINGS = {
    Relation.FINE_TUNED_FROM: _("further trained on task or domain data"),
    Relation.INSTRUCTION_TUNED_FROM: _("trained on many tasks phrased as instructions"),
    Relation.ALIGNED_FROM: _("tuned with human feedback or for chat"),
    Relation.DISTILLED_FROM: _(
        "trained to imitate a larger model, usually from its outputs or probabilities"
    ),
    Relation.SUCCESSOR_OF: _("the next generation of the same line, pre-trained anew"),
    Relation.VARIANT_OF: _("a changed recipe or size on the same design"),
    Relation.SCALED_FROM: _("the same recipe at a larger size"),
    Relation.MULTILINGUAL_VERSION_OF: _("the same recipe on many languages"),
    Relation.SAME_FAMILY: _("shared architecture or code, trained separately"),
    Relation.PRUNED_FROM: _(
        "made smaller by cutting layers or weights out of the parent, then trained further "
        "(Llama 3.2 1B and 3B from Llama 3.1 8B)"
    ),
    Relation.UPCYCLED_FROM: _(
        "a mixture-of-experts model whose experts start as copies of a dense parent's layers"
    ),
    Relation.ADAPTED_FROM: _(
        "the parent's weights reused in a changed architecture (T5Gemma, an encoder-decoder "
        "made from Gemma 2)"
    ),
    Relation.REASONING_TRAINED_FROM: _(
        "trained, usually by reinforcement learning, to think step by step before answering "
        "(DeepSeek-R1 from DeepSeek-V3-Base)"
    ),
    Relation.MERGED_FROM: _("weights combined from several models without further pre-training"),
    Relation.TRAINED_ON_OUTPUTS_OF: _(
        "trained on text another model generated (Alpaca on text-davinci-003's answers): data "
        "lineage, not weights. The generator's terms of use may still limit what the outputs "
        "can train"
    ),
}
RESTRICTIVE = (CommercialUse.NO, CommercialUse.CONDITIONAL)
_PERMISSIVENESS = {CommercialUse.NO: 0, CommercialUse.CONDITIONAL: 1, CommercialUse.YES: 2}

# The model page shows this much of the neighbourhood; the rest is counted, not drawn.
NEIGHBOURHOOD_DEPTH = 3
NEIGHBOURHOOD_SIZE = 40


@dataclass(frozen=True)
class Reach:
    """How a walk reached a node: `depth` edges from the start, last through `via`."""

    depth: int
    via: Hashable
    relation: str


class LineageGraph:
    """Child -> parent edges held in memory, indexed both ways, neighbours in a stable order."""

    def __init__(self, edges: Iterable[tuple[Hashable, Hashable, str]]):
        self.parents: dict = defaultdict(list)
        self.children: dict = defaultdict(list)
        count = 0
        for child, parent, relation in edges:
            self.parents[child].append((parent, relation))
            self.children[parent].append((child, relation))
            count += 1
        self.edge_count = count
        for table in (self.parents, self.children):
            for neighbours in table.values():
                neighbours.sort(key=lambda pair: (str(pair[0]), pair[1]))

    @classmethod
    def from_database(cls) -> LineageGraph:
        """Every public lineage edge, keyed by model primary key. Runs one query."""
        edges = Lineage.objects.published().order_by()
        return cls(edges.values_list("child_id", "parent_id", "relation"))

    def ancestors(self, node, max_depth=None, relations=None) -> dict:
        """{ancestor: Reach}, nearest first; only through `relations` when given."""
        return self._walk(node, self.parents, max_depth, relations)

    def descendants(self, node, max_depth=None, relations=None) -> dict:
        """{descendant: Reach}, nearest first; only through `relations` when given."""
        return self._walk(node, self.children, max_depth, relations)

    def lineage_of(self, node) -> set:
        """The node, all its ancestors and all its descendants."""
        return {node, *self.ancestors(node), *self.descendants(node)}

    def edges_within(self, nodes: set) -> list[tuple]:
        """(child, parent, relation) for each edge with both ends in `nodes`."""
        return [
            (child, parent, relation)
            for child in sorted(nodes, key=str)
            for parent, relation in self.parents.get(child, ())
            if parent in nodes
        ]

    @staticmethod
    def _walk(start, table, max_depth, relations) -> dict:
        """Breadth-first: each reachable edge is looked at once, so O(edges) at worst."""
        reached: dict = {}
        queue = deque([(start, 0)])
        seen = {start}
        while queue:
            node, depth = queue.popleft()
            if max_depth is not None and depth >= max_depth:
                continue
            for neighbour, relation in table.get(node, ()):
                if relations is not None and relation not in relations:
                    continue
                if neighbour in seen:
                    continue
                seen.add(neighbour)
                reached[neighbour] = Reach(depth + 1, node, relation)
                queue.append((neighbour, depth + 1))
        return reached


# --- Licence terms -------------------------------------------------------------------------


def more_permissive(own: str | None, inherited: str | None) -> bool:
    """True when `own` commercial-use terms allow more than `inherited` ones (both known)."""
    if not own or not inherited:
        return False
    return _PERMISSIVENESS[CommercialUse(own)] > _PERMISSIVENESS[CommercialUse(inherited)]


def inherited_restriction_sql() -> RawSQL:
    """Primary keys of models bound by an ancestor whose licence restricts commercial use.

    One recursive query (SQLite and PostgreSQL): start from the children of every model whose
    licence says "no" or "conditional", through weight relations, and follow weight relations
    down. UNION (not UNION ALL) keeps each model once, so it ends on any acyclic lineage.
    Only published models take part, as parents or as children.
    """
    lineage = Lineage._meta.db_table
    model = LanguageModel._meta.db_table
    licence = LanguageModel._meta.get_field("license").related_model._meta.db_table
    relations = sorted(WEIGHT_RELATIONS)
    marks = ", ".join(["%s"] * len(relations))
    sql = (
        f"WITH RECURSIVE bound(id) AS ("  # noqa: S608 - table names from Django, values bound
        f" SELECT l.child_id FROM {lineage} l"
        f" JOIN {model} p ON p.id = l.parent_id AND p.status = %s"
        f" JOIN {model} c ON c.id = l.child_id AND c.status = %s"
        f" JOIN {licence} t ON t.id = p.license_id"
        f" WHERE l.relation IN ({marks}) AND t.commercial_use IN (%s, %s)"
        f" UNION"
        f" SELECT l.child_id FROM {lineage} l JOIN bound b ON l.parent_id = b.id"
        f" JOIN {model} c ON c.id = l.child_id AND c.status = %s"
        f" WHERE l.relation IN ({marks})"
        f") SELECT id FROM bound"
    )
    public = Status.PUBLISHED.value
    params = (public, public, *relations, *RESTRICTIVE, public, *relations)
    return RawSQL(sql, params)  # noqa: S611 - no user input in the SQL


INHERITED_RESTRICTION_CHOICES = [
    ("yes", _("Bound by an ancestor’s restriction")),
    ("no", _("No restriction inherited")),
]


def filter_inherited_restriction(queryset, value: str):
    """`inherited_restriction=yes`: models bound by an ancestor's commercial restriction.

    `no` gives the others; any other value leaves the queryset as it is. Reads the stored
    column, a plain condition.
    """
    if value in ("yes", "no"):
        return queryset.filter(inherited_restriction=value == "yes")
    return queryset


def refresh_inherited_restriction() -> None:
    """Recompute the stored `inherited_restriction` of every model from the recursive query.

    Two UPDATEs that touch only the rows whose value changes (no signals, no history, no
    timestamps). Called in the transaction of every change to a model's licence or status, a
    licence's commercial use, or a lineage link (catalog/signals.py), and by the importer.
    """
    bound = inherited_restriction_sql()
    models = LanguageModel.objects.all()
    models.filter(pk__in=bound, inherited_restriction=False).update(inherited_restriction=True)
    models.filter(inherited_restriction=True).exclude(pk__in=bound).update(
        inherited_restriction=False
    )


@dataclass
class ModelFacts:
    """What the lineage pieces show of one model."""

    pk: int
    slug: str
    name: str
    branch: str
    access: str
    release_date: datetime.date
    release_date_precision: str
    license_name: str = ""
    license_url: str = ""
    commercial_use: str = ""
    restrictions: str = ""
    organizations: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)

    def get_absolute_url(self) -> str:
        return LanguageModel(slug=self.slug).get_absolute_url()

    @property
    def release_display(self) -> str:
        return LanguageModel.DatePrecision(self.release_date_precision).format(self.release_date)

    @property
    def commercial_display(self) -> str:
        return CommercialUse(self.commercial_use).label if self.commercial_use else ""


@dataclass
class InheritedTerms:
    """An ancestor's licence as seen from a model lower down its lineage."""

    ancestor: ModelFacts
    depth: int
    chain: list[tuple[str, ModelFacts]]  # (relation label, model) from the model up to it
    binding: bool
    conflict: bool

    @property
    def restrictive(self) -> bool:
        return self.ancestor.commercial_use in RESTRICTIVE


@dataclass
class Branch:
    """One line of the nested lineage list: a model, how it relates to the line above it
    (`relation`, read "child <relation> parent"), and what hangs below it."""

    model: ModelFacts
    relation: str
    of: ModelFacts  # the model of the line above
    children: list[Branch]
    repeated: bool = False  # already listed higher up: not expanded again


@dataclass
class ModelLineage:
    model: ModelFacts
    facts: dict[int, ModelFacts]
    ancestors: dict  # {pk: Reach} within the neighbourhood
    descendants: dict
    hidden_ancestors: int
    hidden_descendants: int
    edges: list[tuple[int, int, str]]  # among the model, its shown ancestors and descendants
    terms: list[InheritedTerms]

    @property
    def conflicts(self) -> list[InheritedTerms]:
        return [t for t in self.terms if t.conflict]

    @property
    def binding(self) -> list[InheritedTerms]:
        """Ancestors whose licence binds the model (built from their weights)."""
        return [t for t in self.terms if t.binding]

    @property
    def related(self) -> list[InheritedTerms]:
        """Nearby ancestors related by design only: their licences do not bind the model."""
        return [t for t in self.terms if not t.binding]

    @property
    def binding_restrictions(self) -> list[InheritedTerms]:
        return [t for t in self.terms if t.binding and t.restrictive]

    @property
    def is_empty(self) -> bool:
        return not self.ancestors and not self.descendants

    def up(self) -> list[Branch]:
        """The ancestors as a nested list: parents, then their parents."""
        return self._nest(self.model.pk, "parents")

    def down(self) -> list[Branch]:
        """The descendants as a nested list: children, then theirs."""
        return self._nest(self.model.pk, "children")

    def _nest(self, start, direction) -> list[Branch]:
        shown = set(self.ancestors if direction == "parents" else self.descendants)
        neighbours = defaultdict(list)
        for child, parent, relation in self.edges:
            if direction == "parents":
                neighbours[child].append((parent, relation))
            else:
                neighbours[parent].append((child, relation))
        expanded = {start}

        def branches(node, depth):
            result = []
            for other, relation in sorted(
                neighbours.get(node, ()), key=lambda p: _date_key(self.facts[p[0]])
            ):
                if other not in shown:
                    continue
                label = Relation(relation).label
                here = self.facts[node]
                if other in expanded:
                    result.append(Branch(self.facts[other], label, here, [], repeated=True))
                    continue
                expanded.add(other)
                result.append(Branch(self.facts[other], label, here, []))
            # Expand after listing the siblings, so a model is expanded at its nearest place.
            for branch in result:
                if not branch.repeated and depth < NEIGHBOURHOOD_DEPTH:
                    branch.children = branches(branch.model.pk, depth + 1)
            return result

        return branches(start, 1)


def _date_key(facts: ModelFacts):
    return (facts.release_date, facts.name.lower(), facts.slug)


def load_facts(pks: Iterable[int]) -> dict[int, ModelFacts]:
    """ModelFacts for the given models, licence and organisations included. Runs two queries."""
    pks = list(pks)
    rows = LanguageModel.objects.filter(pk__in=pks).values_list(
        "pk",
        "slug",
        "name",
        "branch",
        "access",
        "release_date",
        "release_date_precision",
        "license__name",
        "license__url",
        "license__commercial_use",
        "license__restrictions",
        "license__restrictions_zh_hans",
    )
    facts = {}
    for row in rows:
        pk, slug, name, branch, access, date, precision, lic, url, commercial, *terms = row
        restr = pick(*terms)
        facts[pk] = ModelFacts(
            pk,
            slug,
            name,
            branch,
            access,
            date,
            precision,
            lic or "",
            url or "",
            commercial or "",
            restr or "",
        )
    through = LanguageModel.organizations.through.objects.filter(
        published_q(Organization, "organization__"), languagemodel_id__in=pks
    )
    for pk, slug, name in through.order_by("organization__name").values_list(
        "languagemodel_id", "organization__slug", "organization__name"
    ):
        facts[pk].organizations.append((slug, name))
    return facts


def _nearest(reached: dict, limit: int, facts_key) -> dict:
    """The `limit` nearest of a walk's result, nearest first, ties by date then name."""
    ordered = sorted(reached.items(), key=lambda item: (item[1].depth, facts_key(item[0])))
    return dict(ordered[:limit])


def model_lineage(model: LanguageModel, graph: LineageGraph | None = None) -> ModelLineage:
    """The model's lineage neighbourhood and inherited terms. Runs three queries.

    Shows ancestors and descendants up to NEIGHBOURHOOD_DEPTH links away, at most
    NEIGHBOURHOOD_SIZE of each, and counts the rest. Licence terms are checked along the
    whole lineage, however far.
    """
    graph = graph or LineageGraph.from_database()
    pk = model.pk
    all_up = graph.ancestors(pk)
    all_down = graph.descendants(pk)
    near_up = {k: r for k, r in all_up.items() if r.depth <= NEIGHBOURHOOD_DEPTH}
    near_down = {k: r for k, r in all_down.items() if r.depth <= NEIGHBOURHOOD_DEPTH}
    binding = graph.ancestors(pk, relations=WEIGHT_RELATIONS)
    # Which of the near ones to show is decided by depth, then by key for a stable choice;
    # the final order on the page comes from dates once the facts are loaded.
    up = _nearest(near_up, NEIGHBOURHOOD_SIZE, str)
    down = _nearest(near_down, NEIGHBOURHOOD_SIZE, str)
    # Terms are shown for every ancestor within reach of the page and every binding one.
    termed = set(up) | set(binding)
    chains = _chain_nodes(binding, binding, pk) | _chain_nodes(all_up, up, pk)
    facts = load_facts({pk, *up, *down, *termed, *chains})
    me = facts[pk]
    terms = []
    for ancestor in sorted(termed, key=lambda a: (all_up[a].depth, _date_key(facts[a]))):
        is_binding = ancestor in binding
        reach_map = binding if is_binding else all_up
        chain = _chain(reach_map, ancestor, pk, facts)
        terms.append(
            InheritedTerms(
                ancestor=facts[ancestor],
                depth=reach_map[ancestor].depth,
                chain=chain,
                binding=is_binding,
                conflict=is_binding
                and more_permissive(me.commercial_use, facts[ancestor].commercial_use),
            )
        )
    shown = {pk, *up, *down}
    return ModelLineage(
        model=me,
        facts=facts,
        ancestors=up,
        descendants=down,
        hidden_ancestors=len(all_up) - len(up),
        hidden_descendants=len(all_down) - len(down),
        edges=graph.edges_within(shown),
        terms=terms,
    )


def _chain_nodes(reached: dict, targets, start) -> set:
    """The models on the walk's path from `start` to each target (targets excluded)."""
    nodes = set()
    for node in targets:
        step = reached[node].via
        while step != start and step not in nodes:
            nodes.add(step)
            step = reached[step].via
    return nodes


def _chain(reached: dict, ancestor, start, facts) -> list[tuple[str, ModelFacts]]:
    """(relation label, model) from the start's parent up to `ancestor`, one shortest path."""
    steps = []
    node = ancestor
    while node != start:
        reach = reached[node]
        steps.append((Relation(reach.relation).label, facts[node]))
        node = reach.via
    steps.reverse()
    return steps
