"""Loops in a directed graph, for lineage (child -> parent) and the decision flow."""

from collections import defaultdict
from graphlib import CycleError, TopologicalSorter


def find_cycle(edges) -> list | None:
    """One cycle of the edges (from -> to) as [a, b, ..., a], starting at its smallest node,
    or None. Deterministic whatever the order of `edges`; no recursion, so deep chains are
    fine."""
    # graphlib wants each node's predecessors: an edge a -> b makes b a predecessor of a.
    predecessors = defaultdict(set)
    for source, target in edges:
        predecessors[source].add(target)
    ordered = {node: sorted(predecessors[node], key=str) for node in sorted(predecessors, key=str)}
    try:
        TopologicalSorter(ordered).prepare()
    except CycleError as error:
        # The cycle comes predecessor first: reverse it to follow the edges.
        loop = list(reversed(error.args[1]))[:-1]
        start = loop.index(min(loop, key=str))
        loop = loop[start:] + loop[:start]
        return loop + [loop[0]]
    return None
