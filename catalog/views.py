from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.views.generic import DetailView, ListView, TemplateView

from . import interchange
from .models import Dataset, LanguageModel, License, Lineage, Organization, Paper


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = {
            "models": LanguageModel.objects.count(),
            "organizations": Organization.objects.count(),
            "licenses": License.objects.count(),
            "datasets": Dataset.objects.count(),
            "papers": Paper.objects.count(),
            "lineage": Lineage.objects.count(),
        }
        context["branches"] = [
            (LanguageModel.Branch(row["branch"]), row["n"])
            for row in LanguageModel.objects.values("branch").annotate(n=Count("pk")).order_by()
        ]
        context["branches"].sort(key=lambda pair: list(LanguageModel.Branch).index(pair[0]))
        context["latest"] = LanguageModel.objects.for_listing().order_by("-release_date", "name")[
            :8
        ]
        return context


class ModelListView(ListView):
    """All models, newest first; `?format=json` gives every row in interchange form."""

    template_name = "catalog/model_list.html"
    context_object_name = "models"

    def get_queryset(self):
        return LanguageModel.objects.for_listing().order_by("-release_date", "name")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            rows = [
                interchange.model_record(m)
                for m in LanguageModel.objects.for_export().order_by("-release_date", "name")
            ]
            return JsonResponse({"count": len(rows), "results": rows})
        return super().get(request, *args, **kwargs)


class ModelDetailView(DetailView):
    template_name = "catalog/model_detail.html"
    context_object_name = "model"

    def get_queryset(self):
        return LanguageModel.objects.select_related("license").prefetch_related(
            "organizations",
            "datasets",
            Prefetch("papers", queryset=Paper.objects.order_by("year", "title")),
            Prefetch(
                "parent_links",
                queryset=Lineage.objects.select_related("parent").order_by("parent__release_date"),
            ),
            Prefetch(
                "child_links",
                queryset=Lineage.objects.select_related("child").order_by("child__release_date"),
            ),
        )
