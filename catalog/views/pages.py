"""Pages that are not lists: the home page and the glossary."""

from django.db.models import Count
from django.views.generic import TemplateView

from ..lineage import RELATION_MEANINGS, WEIGHT_RELATIONS
from ..models import (
    Dataset,
    Family,
    LanguageModel,
    License,
    Lineage,
    Organization,
    Paper,
    Relation,
)


class HomeView(TemplateView):
    """What the atlas holds (each figure links to its list), the tree as a picture, a way
    into the decision helper, the families and the newest releases."""

    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = {
            "models": LanguageModel.objects.published().count(),
            "organizations": Organization.objects.published().count(),
            "licenses": License.objects.published().count(),
            "datasets": Dataset.objects.published().count(),
            "papers": Paper.objects.published().count(),
            "lineage": Lineage.objects.published().count(),
        }
        context["branches"] = [
            (LanguageModel.Branch(row["branch"]), row["n"])
            for row in LanguageModel.objects.published()
            .values("branch")
            .annotate(n=Count("pk"))
            .order_by()
        ]
        context["branches"].sort(key=lambda pair: list(LanguageModel.Branch).index(pair[0]))
        context["latest"] = (
            LanguageModel.objects.published().for_listing().order_by("-release_date", "name")[:8]
        )
        context["families"] = Family.objects.published().only("name", "slug")
        return context


class GlossaryView(TemplateView):
    template_name = "catalog/glossary.html"

    def get_context_data(self, **kwargs):
        """The lineage relations with what they mean and whether they pass licence terms."""
        context = super().get_context_data(**kwargs)
        context["relations"] = [
            (relation, RELATION_MEANINGS[relation], relation in WEIGHT_RELATIONS)
            for relation in Relation
        ]
        return context
