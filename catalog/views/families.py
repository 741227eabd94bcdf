"""A family's page: its line of releases, oldest first, and how each descends from the last."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from ..models import Family, LanguageModel, Lineage, Organization


class FamilyDetailView(DetailView):
    template_name = "catalog/family_detail.html"
    context_object_name = "family"

    def get_queryset(self):
        """Published families (a draft's URL is a 404) with their published organisations."""
        return Family.objects.published().prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.published().order_by("name")),
            "citations",
        )

    def get_context_data(self, **kwargs):
        """The releases with their links inside the family: four queries."""
        context = super().get_context_data(**kwargs)
        models = list(
            LanguageModel.objects.published()
            .filter(family=self.object)
            .for_listing()
            .prefetch_related(
                Prefetch(
                    "parent_links",
                    queryset=Lineage.objects.published()
                    .filter(parent__family=self.object)
                    .select_related("parent"),
                    to_attr="family_parents",
                )
            )
            .order_by("release_date", "name")
        )
        context.update(
            models=models, first=models[0] if models else None, last=models[-1] if models else None
        )
        return context
