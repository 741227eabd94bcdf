"""Organisations: who made the models, with counts, and each organisation's page."""

from itertools import groupby

from django.db.models import Q
from django.views.generic import DetailView

from core.publishing import published_q

from ..browse_filters import BRANCH_COUNTS, OrganizationFilterSet, with_model_counts
from ..models import LanguageModel, Lineage, Organization
from .listing import FilteredListView

ORGANIZATION_COLUMNS = [
    "slug",
    "name",
    "kind",
    "country",
    "url",
    "models",
    "open",
    "closed",
    *(branch.value for branch in LanguageModel.Branch),
]


class OrganizationListView(FilteredListView):
    """Every organisation with its open, closed and per-branch model counts."""

    template_name = "catalog/organization_list.html"
    context_object_name = "organizations"
    filterset_class = OrganizationFilterSet
    export_columns = ORGANIZATION_COLUMNS
    export_name = "llm-atlas-organizations"

    def export_row(self, org):
        return {
            "slug": org.slug,
            "name": org.name,
            "kind": org.kind,
            "country": org.country,
            "url": org.url,
            "models": org.model_count,
            "open": org.open_count,
            "closed": org.closed_count,
            **{branch.value: getattr(org, name) for branch, name in BRANCH_COUNTS.items()},
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for org in context["organizations"]:
            org.branch_counts = branch_counts(org)
        return context


def branch_counts(org) -> list[tuple[LanguageModel.Branch, int]]:
    """(branch, count) for the branches an annotated organisation has models in."""
    pairs = [(branch, getattr(org, name)) for branch, name in BRANCH_COUNTS.items()]
    return [(branch, n) for branch, n in pairs if n]


class OrganizationDetailView(DetailView):
    """An organisation, its models by year and its lineage links to other organisations."""

    template_name = "catalog/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return with_model_counts(Organization.objects.published()).prefetch_related("citations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        org.branch_counts = branch_counts(org)
        models = list(org.models.published().for_listing().order_by("-release_date", "name"))
        context["years"] = [
            (year, list(group)) for year, group in groupby(models, lambda m: m.release_date.year)
        ]
        context["built_on_others"], context["built_on_ours"] = cross_lineage(
            org, {m.pk for m in models}
        )
        return context


def cross_lineage(org, mine: set[int]) -> tuple[list[Lineage], list[Lineage]]:
    """Lineage links between this organisation's models and other organisations' (2 queries).

    Returns (links whose child is ours and parent is not, links whose parent is ours and
    child is not); the other side's model carries `other_organizations`.
    """
    through = LanguageModel.organizations.through
    ours = through.objects.filter(organization=org).values("languagemodel_id")
    links = [
        link
        for link in Lineage.objects.published()
        .filter(Q(child__in=ours) | Q(parent__in=ours))
        .select_related("child", "parent")
        .order_by("-child__release_date", "child__name", "parent__name")
        if (link.child_id in mine) != (link.parent_id in mine)
    ]
    others = {link.parent_id if link.child_id in mine else link.child_id for link in links}
    makers: dict[int, list[Organization]] = {pk: [] for pk in others}
    rows = (
        through.objects.filter(
            published_q(Organization, "organization__"), languagemodel_id__in=others
        )
        .select_related("organization")
        .order_by("organization__name")
    )
    for row in rows if others else []:
        makers[row.languagemodel_id].append(row.organization)
    for link in links:
        other = link.parent if link.child_id in mine else link.child
        other.other_organizations = makers[other.pk]
    return (
        [link for link in links if link.child_id in mine],
        [link for link in links if link.parent_id in mine],
    )
