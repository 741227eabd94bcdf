"""The read-only API: each list runs its page's FilterSet, strictly.

A GET goes through the same steps everywhere (`AtlasView.get`):

1. the query string is checked against the parameters the endpoint publishes, and a list's
   FilterSet validates the values (api/params.py): any problem is a 400 naming the
   parameter;
2. the validators (ETag, Last-Modified) are computed from the state of the atlas
   (api/caching.py) and a request that still holds them gets a 304, before any listing
   query runs (an answer kept in the cache for this URL and state skips step 1 too: the
   query was valid);
3. the rows are read, from `public.py` querysets only, and rendered by the serializers.

Only GET, HEAD and OPTIONS are allowed: anything else is a 405 with `Allow`.
"""

from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from catalog.browse_filters import DatasetFilterSet, OrganizationFilterSet, PaperFilterSet
from catalog.browse_filters import UsageFilterSet as LicenseUsageFilterSet
from catalog.filters import ModelFilterSet
from catalog.lineage import LineageGraph
from catalog.models import Lineage, Topic
from catalog.records import model_records
from core import data_license
from core.models import slug_validator
from core.publishing import published_q
from core.translation import localized
from evidence.models import Benchmark, Result
from guidance.filters import TaskFilterSet
from guidance.models import Evidence, FlowAnswer
from guidance.records import guideline_record, question_record

from . import public, serializers
from .caching import KeptAnswer, Validators
from .pagination import AtlasPagination
from .params import (
    BadQuery,
    Param,
    check_query,
    filterset_errors,
    filterset_params,
    language_param,
    pagination_params,
    quote,
)

MAX_DEPTH = 100
IN_CHUNK = 500  # primary keys per IN (...) list


def exception_handler(exc, context):
    """DRF's responses, with `errors` by parameter where the exception carries them."""
    response = drf_exception_handler(exc, context)
    if response is not None and getattr(exc, "errors", None):
        response.data = {"detail": str(exc.detail), "errors": exc.errors}
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Anything under /api/ that is not an endpoint: a JSON 404, whatever the method."""
    return JsonResponse({"detail": "Not found: see /api/ for the endpoints."}, status=404)


class AtlasView(GenericAPIView):
    """A read-only endpoint: strict parameters, conditional GET, public rows only."""

    http_method_names = ["get", "head", "options"]
    pagination_class = None

    def query_params(self) -> list[Param]:
        """The query parameters this endpoint takes (published in the schema)."""
        return []

    def value_errors(self) -> dict[str, list[str]]:
        """Problems with the values of the parameters, by name (a list's FilterSet says)."""
        return {}

    def get(self, request, *args, **kwargs):
        validators = Validators(request)
        kept = KeptAnswer(request, validators)
        data = kept.get()
        if data is None:  # else this query was answered, so valid, in this very state
            self.check_query()
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        if data is None:
            data = localized(self.body(*args, **kwargs), request.GET.get("lang"))
            kept.keep(data)
        return validators.apply(Response(data))

    def check_query(self) -> None:
        """Raises BadQuery naming every problem with the query string."""
        errors = check_query(self.request.GET, [*self.query_params(), language_param()])
        for name, problems in self.value_errors().items():
            errors.setdefault(name, problems)  # a malformed value is reported once
        if errors:
            raise BadQuery(errors)

    def body(self, *args, **kwargs):
        raise NotImplementedError


class AtlasListView(ListModelMixin, AtlasView):
    """A list filtered by its page's FilterSet (same class, same parameter names), paginated."""

    pagination_class = AtlasPagination
    filterset_class = None

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = self.filterset_class(
                self.request.GET, queryset=self.get_queryset(), **self.filterset_kwargs()
            )
        return self._filterset

    def filterset_kwargs(self) -> dict:
        return {}

    def query_params(self):
        return filterset_params(self.get_filterset()) + pagination_params()

    def value_errors(self):
        filterset = self.get_filterset()
        notices = filterset.notices  # a method on the catalog's FilterSets, a property on tasks'
        return filterset_errors(filterset, notices() if callable(notices) else notices)

    def ordered(self):
        """The filtered rows in the page's order."""
        return self.get_filterset().ordered()

    def rows(self, page) -> list:
        """The page's rows, ready for the serializer."""
        return list(page)

    def body(self, *args, **kwargs):
        page = self.paginate_queryset(self.ordered())
        data = self.get_serializer(self.rows(page), many=True).data
        return self.paginator.get_paginated_response(data).data


# --- Catalog ---------------------------------------------------------------------------------


class ModelList(AtlasListView):
    """Models, filtered and sorted as on /models/; each in interchange form.

    Five queries for the page's rows, whatever their number.
    """

    serializer_class = serializers.LanguageModelSerializer
    filterset_class = ModelFilterSet

    def get_queryset(self):
        return public.models()

    def rows(self, page):
        return list(model_records(page))


class ModelDetail(AtlasView):
    """One model, in interchange form."""

    serializer_class = serializers.LanguageModelSerializer

    def get_queryset(self):
        return public.models()

    def get_object(self):
        slug = self.kwargs["slug"]
        found = None
        if slug_validator.regex.match(slug) and len(slug) <= 100:
            found = next(model_records(self.get_queryset().filter(slug=slug)), None)
        if found is None:
            raise NotFound(f"No model has the slug {quote(slug)}.")
        return found

    def body(self, *args, **kwargs):
        return self.get_serializer(self.get_object()).data


class ModelLineage(AtlasView):
    """A model's ancestors and descendants, with the relation and depth of each.

    Walks the public lineage breadth-first, so each relative comes with its shortest
    distance and the link it was reached by; `edges` lists every link among them.
    """

    serializer_class = serializers.LineageSerializer

    def get_queryset(self):
        return public.models()

    def query_params(self):
        return [
            Param(
                "depth",
                "integer",
                "Follow at most this many links each way (default: all).",
                minimum=1,
                maximum=MAX_DEPTH,
            ),
            Param(
                "relation",
                "choices",
                "Follow only links of these relations (repeatable; default: all).",
                choices=list(Lineage.Relation.values),
            ),
        ]

    def body(self, *args, **kwargs):
        slug = self.kwargs["slug"]
        model = None
        if slug_validator.regex.match(slug) and len(slug) <= 100:
            model = self.get_queryset().filter(slug=slug).values("pk", "slug").first()
        if model is None:
            raise NotFound(f"No model has the slug {quote(slug)}.")
        depth = self.request.GET.get("depth")
        depth = int(depth) if depth else None
        relations = set(self.request.GET.getlist("relation")) or None
        graph = LineageGraph(
            public.lineage().order_by().values_list("child_id", "parent_id", "relation")
        )
        ancestors = graph.ancestors(model["pk"], depth, relations)
        descendants = graph.descendants(model["pk"], depth, relations)
        nodes = {model["pk"], *ancestors, *descendants}
        names = self._slugs_and_names(nodes)

        def relatives(reached):
            found = [
                {
                    "model": names[pk][0],
                    "name": names[pk][1],
                    "depth": reach.depth,
                    "relation": reach.relation,
                    "via": names[reach.via][0],
                }
                for pk, reach in reached.items()
                if pk in names
            ]
            return sorted(found, key=lambda item: (item["depth"], item["model"]))

        edges = [
            {"child": names[child][0], "parent": names[parent][0], "relation": relation}
            for child, parent, relation in graph.edges_within(set(names))
            if relations is None or relation in relations
        ]
        edges.sort(key=lambda edge: (edge["child"], edge["parent"]))
        data = {
            "model": model["slug"],
            "ancestors": relatives(ancestors),
            "descendants": relatives(descendants),
            "edges": edges,
        }
        return self.get_serializer(data).data

    def _slugs_and_names(self, pks: set) -> dict:
        """{pk: (slug, name)} of the public models among `pks`, one query per 500."""
        ordered = sorted(pks)
        found = {}
        for start in range(0, len(ordered), IN_CHUNK):
            rows = self.get_queryset().filter(pk__in=ordered[start : start + IN_CHUNK])
            found.update(
                (pk, (slug, name)) for pk, slug, name in rows.values_list("pk", "slug", "name")
            )
        return found


class OrganizationList(AtlasListView):
    """Organisations, filtered and sorted as on /organizations/."""

    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilterSet

    def get_queryset(self):
        return public.organizations()


class LicenseList(AtlasListView):
    """Licences of the models that /licenses/ lists for the same filters, by name.

    /licenses/ lists models with their terms; here each licence comes once, with the slugs
    of its models that match the filters in `models`. A licence none of whose models match
    is left out (so, with no filters, a licence no model uses).
    """

    serializer_class = serializers.LicenseSerializer
    filterset_class = LicenseUsageFilterSet

    def get_queryset(self):
        return public.models().filter(license__isnull=False)

    def ordered(self):
        matching = self.get_filterset().qs
        return (
            public.licenses()
            .filter(pk__in=matching.values("license_id"))
            .prefetch_related(
                Prefetch(
                    "models",
                    queryset=matching.order_by("slug").only("slug", "license_id"),
                    to_attr="matching_model_rows",
                )
            )
            .order_by("name", "pk")
        )

    def rows(self, page):
        licences = list(page)
        for licence in licences:
            licence.matching_models = [model.slug for model in licence.matching_model_rows]
        return licences


class DatasetList(AtlasListView):
    """Training corpora, filtered and sorted as on /datasets/."""

    serializer_class = serializers.DatasetSerializer
    filterset_class = DatasetFilterSet

    def get_queryset(self):
        return public.datasets()


class PaperList(AtlasListView):
    """Papers, filtered and sorted as on /papers/."""

    serializer_class = serializers.PaperSerializer
    filterset_class = PaperFilterSet

    def get_queryset(self):
        return public.papers()

    def ordered(self):
        topics = Topic.objects.published().order_by("slug").only("slug")
        return (
            super()
            .ordered()
            .prefetch_related(Prefetch("topics", queryset=topics, to_attr="topic_rows"))
        )

    def rows(self, page):
        papers = list(page)
        for paper in papers:
            paper.topic_slugs = [topic.slug for topic in paper.topic_rows]
        return papers


# --- Guidance --------------------------------------------------------------------------------

TASK_ORDER = ("category__order", "category__name", "order", "name", "pk")


# --- Evidence --------------------------------------------------------------------------------


class BenchmarkList(ListModelMixin, AtlasView):
    """Benchmarks, by name, with the tasks each is evidence for; results are on the models."""

    serializer_class = serializers.BenchmarkSerializer
    pagination_class = AtlasPagination

    def query_params(self):
        return pagination_params()

    def body(self, *args, **kwargs):
        tasks = public.tasks().order_by("slug").only("slug")
        benchmarks = (
            Benchmark.objects.published()
            .annotate(result_count=Count("results", filter=published_q(Result, "results__")))
            .prefetch_related(Prefetch("tasks", queryset=tasks))
            .order_by("name", "slug")
        )
        page = self.paginate_queryset(benchmarks)
        for benchmark in page:
            benchmark.task_slugs = [task.slug for task in benchmark.tasks.all()]
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data).data


# --- Guidance --------------------------------------------------------------------------------


class TaskList(AtlasListView):
    """Tasks, filtered as on /tasks/ (`verdict` also picks which guidelines are listed)."""

    serializer_class = serializers.TaskSerializer
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return public.tasks()

    def filterset_kwargs(self):
        return {"categories": list(public.task_categories().order_by("order", "name"))}

    def chosen_guidelines(self):
        verdicts = [verdict.value for verdict in self.get_filterset().verdicts]
        return public.guidelines().filter(verdict__in=verdicts)

    def ordered(self):
        guidelines = self.chosen_guidelines().order_by("title", "pk").only("slug", "task_id")
        return (
            self.get_filterset()
            .qs.select_related("category")
            .prefetch_related(Prefetch("guidelines", queryset=guidelines, to_attr="chosen"))
            .order_by(*TASK_ORDER)
        )

    def rows(self, page):
        tasks = list(page)
        for task in tasks:
            task.guideline_slugs = [guideline.slug for guideline in task.chosen]
        return tasks


class GuidelineList(TaskList):
    """Guidelines, as the /tasks/ matrix shows them for the same filters.

    Those of the tasks that match `q` and `category`, with a verdict in `verdict` (all by
    default); in task order, then by title. Each in interchange form.
    """

    serializer_class = serializers.GuidelineSerializer

    def ordered(self):
        tasks = self.get_filterset().qs
        return (
            self.chosen_guidelines()
            .filter(task__in=tasks)
            .select_related("task")
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.filter(paper__in=public.papers()).select_related(
                        "paper"
                    ),
                ),
                Prefetch("example_models", queryset=public.models().order_by("slug").only("slug")),
            )
            .order_by(*(f"task__{field}" for field in TASK_ORDER), "title", "pk")
        )

    def rows(self, page):
        return [guideline_record(guideline) for guideline in page]


class DecisionFlow(AtlasView):
    """The decision flow of /decide/: every question and where each answer leads.

    Start at `start`; each answer leads to the `next` question or ends with an `outcome`.
    """

    serializer_class = serializers.DecisionFlowSerializer

    def get_queryset(self):
        return public.questions()

    def body(self, *args, **kwargs):
        guidelines = public.guidelines().order_by("slug").only("slug")
        answers = FlowAnswer.objects.select_related("next_question").prefetch_related(
            Prefetch("guidelines", queryset=guidelines)
        )
        questions = list(
            self.get_queryset()
            .order_by("order", "slug")
            .prefetch_related(Prefetch("answers", queryset=answers))
        )
        data = {
            "start": questions[0].slug if questions else None,
            "questions": [question_record(question) for question in questions],
        }
        return self.get_serializer(data).data


class Root(AtlasView):
    """The endpoints of the API."""

    serializer_class = serializers.RootSerializer

    def body(self, *args, **kwargs):
        names = {
            "models": "api:model-list",
            "organizations": "api:organization-list",
            "licenses": "api:license-list",
            "datasets": "api:dataset-list",
            "papers": "api:paper-list",
            "benchmarks": "api:benchmark-list",
            "tasks": "api:task-list",
            "guidelines": "api:guideline-list",
            "decision_flow": "api:decision-flow",
            "schema": "api:schema",
            "docs": "api:docs",
        }
        links = {key: self.request.build_absolute_uri(reverse(name)) for key, name in names.items()}
        links["license"] = {
            "id": data_license.SPDX,
            "name": data_license.NAME,
            "url": data_license.URL,
            "attribution": data_license.ATTRIBUTION,
        }
        return self.get_serializer(links).data


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: JSON by default, YAML on `Accept: application/vnd.oai.openapi`.

    Conditional like the endpoints, since its enums come from the data.
    """

    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        validators = Validators(request)
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        return validators.apply(super().get(request, *args, **kwargs))
