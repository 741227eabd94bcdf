"""Papers: the curated list filtered by topic, year and words, with BibTeX for each."""

from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from .. import bibtex
from ..browse_filters import PaperFilterSet
from ..filters import quote_value
from ..models import LanguageModel, Paper, Topic
from .listing import FilteredListView

PAPER_COLUMNS = ["slug", "title", "authors", "year", "venue", "url", "topics", "models"]


def with_topics_and_models(queryset):
    """Published topics and models of each paper, in two queries whatever the number of papers."""
    return queryset.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.published().order_by("order", "name")),
        Prefetch("models", queryset=LanguageModel.objects.published().order_by("name")),
    )


def meta(paper) -> str:
    """“Authors · year · venue”, the year left out when the venue already says it."""
    year = str(paper.year) if paper.year else ""
    parts = [paper.authors]
    if year and year not in paper.venue:
        parts.append(year)
    parts.append(paper.venue or ("" if year else _("undated")))
    return " · ".join(part for part in parts if part)


def bib_response(chunks, filename: str, streaming=True):
    response_class = StreamingHttpResponse if streaming else HttpResponse
    response = response_class(chunks, content_type=bibtex.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.bib"'
    return response


class PaperListView(FilteredListView):
    template_name = "catalog/paper_list.html"
    context_object_name = "papers"
    filterset_class = PaperFilterSet
    export_columns = PAPER_COLUMNS
    export_name = "llm-atlas-papers"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "bib":
            papers = PaperFilterSet(request.GET).ordered()
            return bib_response(bibtex.entries(papers.iterator(chunk_size=500)), self.export_name)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return with_topics_and_models(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for paper in context["papers"]:
            paper.bibtex = bibtex.entry(paper)
            paper.meta = meta(paper)
        return context

    def export_row(self, paper):
        return {
            "slug": paper.slug,
            "title": paper.title,
            "authors": paper.authors,
            "year": paper.year,
            "venue": paper.venue,
            "url": paper.url,
            "topics": [t.slug for t in paper.topics.all()],
            "models": [m.slug for m in paper.models.all()],
        }

    def format_notice(self) -> list[str]:
        fmt = self.request.GET.get("format", "")
        if fmt and fmt not in ("csv", "json", "bib"):
            return [
                _("Ignored format=%(value)s: downloads are format=csv, format=json or format=bib.")
                % {"value": quote_value(fmt)}
            ]
        return []


class PaperDetailView(DetailView):
    """A paper: its facts, topics, models and BibTeX; `?format=bib` downloads the entry."""

    template_name = "catalog/paper_detail.html"
    context_object_name = "paper"

    def get_queryset(self):
        return with_topics_and_models(Paper.objects.published())

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "bib":
            paper = self.get_object(Paper.objects.published())
            return bib_response(bibtex.entry(paper), paper.slug, streaming=False)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paper = self.object
        context["bibtex"] = bibtex.entry(paper)
        context["reference"] = reference(paper)
        return context


def reference(paper) -> str:
    """“Title, authors (year)”: how the page's description names the paper."""
    text = paper.title
    if paper.authors:
        text += f", {paper.authors}"
    if paper.year:
        text += f" ({paper.year})"
    return text
