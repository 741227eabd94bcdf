from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from catalog import languages
from catalog.models import LanguageModel
from catalog.views.listing import LenientPaginationMixin
from core import downloads
from evidence.leaders import leaders

from . import picks
from .diagram import layout
from .filters import TaskFilterSet
from .flow import BadAnswers, Flow
from .memory import MEMORY_OVERHEAD
from .models import Evidence, Guideline, Task, TaskCategory, Verdict
from .records import guideline_record
from .shortlist import (
    BITS,
    COMMERCIAL,
    CONTEXT_CHOICES,
    GPU_CHOICES,
    INPUTS,
    LANGUAGE_CHOICES,
    OUTCOME_BRANCHES,
    PURPOSES,
    REASONING,
    RUN,
    default_needs,
    load_candidates,
    make_shortlist,
    parse_needs,
)


class TaskListView(LenientPaginationMixin, ListView):
    """Categories with their tasks and a verdict matrix; `q`, `category` and `verdict` filter.

    `format=csv` (one row per guideline) or `format=json` (tasks with their guidelines in
    interchange form) export every matching task with the same filters.
    """

    template_name = "guidance/task_list.html"
    context_object_name = "tasks"
    paginate_by = 100
    FORMATS = ("csv", "json")
    CSV_COLUMNS = [
        "category",
        "task",
        "task_name",
        "guideline",
        "verdict",
        "title",
        "conditions",
        "evidence",
        "example_models",
        "url",
    ]

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in self.FORMATS:
            tasks = list(self.get_queryset(export=True))
            rows = self.guideline_rows(tasks) if fmt == "csv" else self.task_rows(tasks)
            return downloads.export_response(fmt, rows, len(tasks), self.CSV_COLUMNS, "tasks")
        return super().get(request, *args, **kwargs)

    def get_queryset(self, export=False):
        self.all_categories = list(TaskCategory.objects.published().order_by("order", "name"))
        self.filterset = TaskFilterSet(self.request.GET, categories=self.all_categories)
        verdicts = [v.value for v in self.filterset.verdicts]
        guidelines = Guideline.objects.published().filter(verdict__in=verdicts).order_by("title")
        if export:
            guidelines = guidelines.prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.published().select_related("paper")),
                Prefetch(
                    "example_models", queryset=LanguageModel.objects.published().order_by("slug")
                ),
            )
        return (
            self.filterset.qs.select_related("category")
            .prefetch_related(
                Prefetch("guidelines", queryset=guidelines, to_attr="matrix_guidelines")
            )
            .order_by("category__order", "category__name", "order", "name")
        )

    def task_rows(self, tasks):
        """JSON: each task with its guidelines in interchange form."""
        for task in tasks:
            yield {
                "slug": task.slug,
                "name": task.name,
                "category": task.category.slug,
                "description": task.description,
                "url": self.request.build_absolute_uri(task.get_absolute_url()),
                "guidelines": [guideline_record(g) for g in task.matrix_guidelines],
            }

    def guideline_rows(self, tasks):
        """CSV: one row per guideline."""
        for task in tasks:
            for g in task.matrix_guidelines:
                record = guideline_record(g)
                yield {
                    "category": task.category.slug,
                    "task": task.slug,
                    "task_name": task.name,
                    "guideline": g.slug,
                    "verdict": g.verdict,
                    "title": g.title,
                    "conditions": g.conditions,
                    "evidence": [e["paper"] for e in record["evidence"]],
                    "example_models": record["example_models"],
                    "url": self.request.build_absolute_uri(f"{task.get_absolute_url()}#{g.slug}"),
                }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = self.filterset.verdicts
        counts = self.filterset.facet_counts()
        for task in context["tasks"]:
            task.cells = [
                [g for g in task.matrix_guidelines if g.verdict == verdict] for verdict in columns
            ]
        selected_verdicts = self.filterset.chosen_verdicts
        context.update(
            filter=self.filterset,
            columns=columns,
            verdict_options=[
                (verdict, counts["verdict"].get(verdict.value, 0), verdict in selected_verdicts)
                for verdict in Verdict
            ],
            category_options=[
                (
                    category,
                    counts["category"].get(category.slug, 0),
                    category.slug in self.filterset.categories,
                )
                for category in self.all_categories
            ],
            query=self.filterset.query,
            notices=self.filterset.notices() + ([self.page_notice] if self.page_notice else []),
            filtered=bool(self.request.GET.get("q") or self.request.GET.getlist("category"))
            or bool(self.request.GET.getlist("verdict")),
        )
        return context


class TaskDetailView(DetailView):
    """A task's use and no-use cases side by side, with evidence and example models."""

    template_name = "guidance/task_detail.html"
    context_object_name = "task"

    def get_queryset(self):
        """Published tasks only (a draft's URL is a 404), with their published guidelines."""
        return (
            Task.objects.published()
            .select_related("category")
            .prefetch_related(
                Prefetch(
                    "guidelines",
                    queryset=Guideline.objects.published()
                    .order_by("title")
                    .prefetch_related(
                        Prefetch(
                            "evidence",
                            queryset=Evidence.objects.published()
                            .select_related("paper")
                            .order_by("paper__year", "paper__title"),
                        ),
                        Prefetch(
                            "example_models",
                            queryset=LanguageModel.objects.published().order_by(
                                "release_date", "name"
                            ),
                        ),
                    ),
                    to_attr="all_guidelines",
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context["benchmarks"] = leaders(task.benchmarks.published().order_by("name"))
        context["columns"] = [
            (verdict, [g for g in task.all_guidelines if g.verdict == verdict])
            for verdict in Verdict
        ]
        context["siblings"] = list(
            Task.objects.published()
            .filter(category=task.category_id)
            .exclude(pk=task.pk)
            .order_by("order", "name")
        )
        return context


class DecideView(TemplateView):
    """The decision helper: one question at a time, the answers in the URL.

    URL scheme: `/decide/?answers=<letters>`, one letter per answer given so far, in order,
    starting from the first question: `y` for Yes, `n` for No. `/decide/` (or `answers=`
    empty) is the first question; `/decide/?answers=nny` answered No, No, Yes. The page is
    stateless: the answers fully define the step, so a link can be shared or reloaded. The
    answer buttons are a GET form whose buttons submit `answers` with one more letter; Back
    drops the last letter; Start over drops them all.

    Tampered strings (longer than any path, a letter other than y or n, answers left after an
    outcome) get a 400 page that says what was wrong and links back to the last valid step.

    After "Use an LLM" or "Use a fine-tuned model" a form asks the practical constraints
    (guidance/shortlist.py: `commercial`, `run`, `gpu_gb`, `bits`, `context`, `input`,
    `reasoning`, `purpose`, `language`, and for the cost estimate `monthly_in` and
    `monthly_out` in millions of tokens), sent as more GET parameters beside `answers`; with
    any of them present the page ends at a shortlist of catalog models that meet them, ranked,
    the top three as picks (guidance/picks.py). Values it does not know are ignored with a
    notice.
    """

    template_name = "guidance/decide.html"

    def get(self, request, *args, **kwargs):
        flow = Flow.load()
        answers = request.GET.get("answers", "")
        context = self.get_context_data(flow=flow)
        if not flow:
            context["empty"] = True
            return self.render_to_response(context)
        try:
            walk = flow.walk(answers)
        except BadAnswers as bad:
            context.update(error=bad.message, valid=bad.valid, diagram=layout(flow, None))
            return self.render_to_response(context, status=400)
        context.update(walk=walk, diagram=layout(flow, walk))
        if walk.outcome:
            context["catalog_url"] = reverse("catalog:model_list") + walk.outcome.catalog_query()
            context["also_relevant"] = walk.guidelines_along_the_way()
            if walk.outcome in OUTCOME_BRANCHES:
                context.update(self.shortlist_context(walk))
        return self.render_to_response(context)

    def shortlist_context(self, walk) -> dict:
        """The constraints form, and the shortlist once the form has been sent."""
        needs, notices = parse_needs(walk.outcome, self.request.GET)
        context = {
            "needs": needs or default_needs(walk.outcome),
            "notices": notices,
            "choices": {
                "commercial": COMMERCIAL,
                "run": RUN,
                "bits": BITS,
                "reasoning": REASONING,
                "input": INPUTS,
                "purpose": PURPOSES,
                "language": [
                    (code, languages.name(code) if code else _("Any")) for code in LANGUAGE_CHOICES
                ],
            },
            "overhead_percent": round((MEMORY_OVERHEAD - 1) * 100),
            "language_codes": LANGUAGE_CHOICES,
        }
        shown = needs or context["needs"]
        context["gpu_options"] = sorted({*GPU_CHOICES, shown.gpu_gb})
        context["context_options"] = [
            (
                tokens,
                _("At least %(tokens)s tokens") % {"tokens": f"{tokens:,}"}
                if tokens
                else _("Any length"),
            )
            for tokens in sorted({*CONTEXT_CHOICES, shown.context})
        ]
        if needs is None:
            return context
        shortlist = make_shortlist(needs, load_candidates())
        base = reverse("guidance:decide")
        compared = [v.candidate.slug for v in shortlist.fits[: picks.COMPARED]]
        context.update(
            shortlist=shortlist,
            compare_url=(
                reverse("catalog:compare") + "?" + urlencode({"models": ",".join(compared)})
                if len(compared) > 1
                else ""
            ),
            models_url=reverse("catalog:model_list") + needs.catalog_query(),
            relaxations=[
                (r, f"{base}?{urlencode({'answers': walk.answers, **r.needs.query()}, True)}")
                for r in shortlist.relaxations
            ],
        )
        return context
