"""Who leads a benchmark: the best maker-reported score of each model, best first."""

from .models import MAKER, Result


def leaders(benchmarks, limit: int = 3) -> list[tuple]:
    """(benchmark, [result, ...]) for each benchmark: the `limit` models with the best score
    their makers reported, one result each. One query."""
    benchmarks = list(benchmarks)
    rows = (
        Result.objects.published()
        .filter(benchmark__in=benchmarks, reported_by=MAKER)
        .select_related("model")
        .order_by("benchmark_id", "-score", "model__name")
    )
    found: dict[int, list] = {b.pk: [] for b in benchmarks}
    for result in rows:
        found[result.benchmark_id].append(result)
    board = []
    for benchmark in benchmarks:
        results = found[benchmark.pk]
        if not benchmark.higher_is_better:
            results.reverse()
        best, seen = [], set()
        for result in results:
            if result.model_id not in seen:
                seen.add(result.model_id)
                best.append(result)
            if len(best) == limit:
                break
        board.append((benchmark, best))
    return board
