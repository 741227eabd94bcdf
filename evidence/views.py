"""Benchmark pages: every benchmark with its leader, and each benchmark's results with plots of
score against release date and against price."""

from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from catalog.offerings import lowest_price
from core.publishing import published_q

from . import plots
from .models import MAKER, Benchmark, Result

LIST_SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "results": ("result_count", "name"),
    "-results": ("-result_count", "name"),
}

# Detail sorts: the key each row is sorted by, and whether missing values go last.
DETAIL_SORTS = {
    "score": gettext_lazy("score, lowest first"),
    "-score": gettext_lazy("score, highest first"),
    "model": gettext_lazy("model name"),
    "release": gettext_lazy("release date, oldest first"),
    "-release": gettext_lazy("release date, newest first"),
    "price": gettext_lazy("output price, cheapest first"),
    "-price": gettext_lazy("output price, dearest first"),
}


def _sort(request, allowed, default):
    """The `sort` asked for, or the default with a notice naming the bad value."""
    raw = request.GET.get("sort", "")
    if not raw:
        return default, []
    if raw in allowed:
        return raw, []
    shown = raw[:40]
    notice = _("Ignored sort=%(value)s: use one of %(allowed)s.") % {
        "value": shown,
        "allowed": ", ".join(allowed),
    }
    return default, [notice]


def published_results():
    """Results readers may see: of published models on published benchmarks."""
    return Result.objects.published()


class BenchmarkListView(TemplateView):
    """Every published benchmark: what it measures, how many results, and who leads it."""

    template_name = "evidence/benchmark_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort, notices = _sort(self.request, LIST_SORTS, "name")
        visible = published_q(Result, "results__")
        top = published_results().filter(benchmark=OuterRef("pk"), reported_by=MAKER)
        benchmarks = (
            Benchmark.objects.published()
            .annotate(
                result_count=Count("results", filter=visible),
                model_count=Count("results__model", filter=visible, distinct=True),
                top_high=Subquery(top.order_by("-score", "model__name").values("pk")[:1]),
                top_low=Subquery(top.order_by("score", "model__name").values("pk")[:1]),
            )
            .order_by(*LIST_SORTS[sort])
        )
        benchmarks = list(benchmarks)
        leaders = Result.objects.select_related("model").in_bulk(
            [b.top_high if b.higher_is_better else b.top_low for b in benchmarks]
        )
        for benchmark in benchmarks:
            benchmark.leader = leaders.get(
                benchmark.top_high if benchmark.higher_is_better else benchmark.top_low
            )
        context.update(benchmarks=benchmarks, sort=sort, notices=notices, sorts=LIST_SORTS)
        return context


class BenchmarkDetailView(TemplateView):
    """One benchmark: its results as a sortable table, and two plots of the best score each
    model reached, against release date and against output price."""

    template_name = "evidence/benchmark_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        benchmark = (
            Benchmark.objects.published()
            .prefetch_related("tasks")
            .filter(slug=self.kwargs["slug"])
            .first()
        )
        if benchmark is None:
            raise Http404("No such benchmark.")
        default = "-score" if benchmark.higher_is_better else "score"
        sort, notices = _sort(self.request, DETAIL_SORTS, default)
        results = list(
            published_results()
            .filter(benchmark=benchmark)
            .select_related("model")
            .annotate(
                price_in=lowest_price("price_input_usd_per_mtok", "model_id"),
                price_out=lowest_price("price_output_usd_per_mtok", "model_id"),
            )
        )
        results.sort(key=_sort_key(sort))
        best = {}
        for result in sorted(results, key=_sort_key(default)):
            best.setdefault(result.model_id, result)
        points = [
            {
                "name": r.model.name,
                "url": r.model.get_absolute_url(),
                "score": r.score,
                "date": r.model.release_date,
                "price": r.price_out,
                "by_maker": r.reported_by == MAKER,
            }
            for r in best.values()
        ]
        score_label = f"{benchmark.name}, {benchmark.metric}"
        context.update(
            benchmark=benchmark,
            results=results,
            sort=sort,
            sorts=DETAIL_SORTS,
            notices=notices,
            model_count=len(best),
            third_party=any(r.reported_by != MAKER for r in results),
            by_date=plots.by_date(points, _("Release date"), score_label),
            by_price=plots.by_price(
                points, _("Output price, USD per 1M tokens (log scale)"), score_label
            ),
        )
        return context


def _sort_key(sort: str):
    """A key for Python's sort: missing values (no price) always last."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")

    def value(result):
        if name == "score":
            return result.score
        if name == "model":
            return result.model.name.lower()
        if name == "release":
            return result.model.release_date.toordinal()
        return result.price_out

    def key(result):
        v = value(result)
        if v is None:
            return (1, 0, result.model.name.lower())
        if isinstance(v, str):
            return (0, v, "")
        return (0, -v if descending else v, result.model.name.lower())

    return key
