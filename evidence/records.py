"""The evidence section of the interchange format: benchmarks, declared once.

A model's results travel on its record (`catalog/records.py`, key `results`); the benchmarks
they score on are a section of their own, each listing the guidance tasks it is evidence for.
"""

from core.records import STATUS, Spec, chinese, from_model, to_record

from .models import Benchmark

BENCHMARK = from_model(
    Benchmark,
    {
        "slug": Spec("slug", "Identifier.", required=True),
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        "measures": Spec("text", "What a high score shows."),
        **chinese("measures", "What it measures."),
        "url": Spec("url", "Its home page or paper (may be empty)."),
        "version": Spec("str", "The version or subset results refer to."),
        "metric": Spec("str", "What a score counts, with its unit.", required=True),
        "higher_is_better": Spec("bool", "Whether a higher score is better.", default=True),
        "language": Spec("str", "ISO 639-1 code of its items' language; empty when several."),
        "tasks": Spec(
            "refs", "Slugs of the guidance tasks it is evidence for.", default=[], ref="tasks"
        ),
    },
)

SECTIONS = {"benchmarks": BENCHMARK}
SECTION_SINCE = {"benchmarks": 3}


def export_sections() -> dict[str, list]:
    """The benchmarks as records, by slug. Two queries."""
    benchmarks = Benchmark.objects.order_by("slug").prefetch_related("tasks")
    return {"benchmarks": [to_record(b, BENCHMARK) for b in benchmarks]}
