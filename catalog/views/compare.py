"""/compare/?models=a,b,c: up to four models side by side, every fact in one row, the rows
where they differ marked, and their lineages drawn together on one small tree.

`models` takes slugs, comma-separated or repeated (the checkboxes of /models/ repeat it);
`add` takes one more model by slug or name (the "Compare with…" box of a model page);
`show=differences` keeps only the rows that differ. Unknown slugs, drafts, a fifth model and
malformed values are named in a notice and left out; nothing here can give a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from core import dates
from core.publishing import is_published
from core.translation import shown

from .. import tree
from ..lineage import LineageGraph, ModelLineage, model_lineage
from ..models import (
    LanguageModel,
    Modality,
    OfferingStatus,
    Relation,
)
from ..templatetags.prices import usd

MAX_MODELS = 4
MAX_VALUES = 40  # slugs read from one request; the rest are ignored with a notice
MAX_SLUG = 100  # LanguageModel.slug's max_length
SHOWN_TEXT = 60  # how much of a bad value a notice repeats
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}\Z")  # what a slug can be (core.models)


@dataclass
class Cell:
    """One model's value for one fact: linked items (text, url; url may be empty), a muted
    note, and a CSS class for marks (commercial use). `key` is what the row compares."""

    items: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    mark: str = ""
    model: str = ""  # the model's name, which a narrow screen shows beside the value
    source: object = None  # the model whose citations back the value (set by `_named`)
    facts: tuple[str, ...] = ()  # the record keys it shows, each marked with its sources

    @property
    def key(self):
        return (tuple(text for text, _url in self.items), self.note)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    remark: str = ""  # said beside the label, e.g. that the models were tested differently

    @property
    def differs(self) -> bool:
        return len({cell.key for cell in self.cells}) > 1


@dataclass
class Section:
    title: str
    rows: list[Row]


def _text(value, note: str = "") -> Cell:
    return Cell([(str(value), "")] if value not in (None, "") else [], note)


def _linked(objects) -> Cell:
    return Cell([(str(obj), obj.get_absolute_url()) for obj in objects])


def _modalities(values) -> Cell:
    labels = dict(Modality.choices)
    return _text(", ".join(str(labels.get(v, v)) for v in values))


def _shown(value: str) -> str:
    """A bad value as a notice repeats it: control characters escaped, length capped."""
    text = value.encode("unicode_escape").decode("ascii", "replace")
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


def requested_slugs(query) -> tuple[list[str], list[str]]:
    """The slugs asked for in order, duplicates dropped, and notices about the request."""
    slugs, notices = [], []
    values = [part.strip() for value in query.getlist("models") for part in value.split(",")]
    values = [v for v in values if v]
    if len(values) > MAX_VALUES:
        notices.append(
            _("Only the first %(count)d values of models= were read.") % {"count": MAX_VALUES}
        )
        values = values[:MAX_VALUES]
    for value in values:
        if value not in slugs:
            slugs.append(value)
    return slugs, notices


class CompareView(TemplateView):
    template_name = "catalog/compare.html"

    def get(self, request, *args, **kwargs):
        """A model added by name leads to the comparison's own address (`models=a,b`), so
        what the reader shares names the models; anything left out is shown, not redirected."""
        self.choice = self.chosen(request.GET)
        models, notices, _suggestions = self.choice
        if "add" in request.GET and not notices:
            extra = {"show": "differences"} if request.GET.get("show") == "differences" else {}
            return redirect(self.url_for(models, **extra))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        models, notices, suggestions = self.choice
        only_differences = query.get("show") == "differences"
        kept = {"show": "differences"} if only_differences else {}
        comparing = len(models) > 1
        sections = self.sections(models) if comparing else []
        differences = sum(row.differs for section in sections for row in section.rows)
        if only_differences:
            sections = [
                Section(section.title, [row for row in section.rows if row.differs])
                for section in sections
            ]
            sections = [section for section in sections if section.rows]
        context.update(
            models=models,
            comparing=comparing,
            notices=notices,
            suggestions=[(m, self.url_for([*models, m])) for m in suggestions],
            sections=sections,
            differences=differences,
            only_differences=only_differences,
            all_url=self.url_for(models),
            differences_url=self.url_for(models, show="differences"),
            columns=[
                (model, self.url_for([m for m in models if m != model], **kept)) for model in models
            ],
            figure=self.figure(models) if comparing else None,
            lineages=[(model, model.lineage.up()) for model in models] if comparing else [],
            can_add=len(models) < MAX_MODELS,
            slugs=",".join(m.slug for m in models),
        )
        return context

    def chosen(self, query) -> tuple[list[LanguageModel], list[str], list[LanguageModel]]:
        """The models asked for (at most MAX_MODELS, in order), notices about the rest, and
        models whose name contains an `add` that matched nothing. Two to four queries."""
        slugs, notices = requested_slugs(query)
        possible = [s for s in slugs if SLUG.match(s)]  # the rest cannot match: no query
        found = {m.slug: m for m in self.models_queryset().filter(slug__in=possible)}
        unknown = [s for s in slugs if s not in found]
        models = [found[s] for s in slugs if s in found]
        suggestions = []
        added = query.get("add", "").strip()[:MAX_SLUG]
        if added and "\x00" in added:  # no database stores it, PostgreSQL refuses it
            unknown.append(added)
        elif added:
            model = self.find(added, models)
            if model is None:
                unknown.append(added)
                suggestions = self.suggest(added, models)
            elif model not in models:
                models.append(model)
        if unknown:
            names = ", ".join(f"“{_shown(s)}”" for s in unknown)
            notices.append(
                ngettext(
                    "No published model has the slug or name %(names)s; it is left out.",
                    "No published model has the slug or name %(names)s; they are left out.",
                    len(unknown),
                )
                % {"names": names}
            )
        if len(models) > MAX_MODELS:
            dropped = models[MAX_MODELS:]
            notices.append(
                ngettext(
                    "At most %(max)d models can be compared at once: %(names)s is left out.",
                    "At most %(max)d models can be compared at once: %(names)s are left out.",
                    len(dropped),
                )
                % {"max": MAX_MODELS, "names": ", ".join(m.name for m in dropped)}
            )
            models = models[:MAX_MODELS]
        return models, notices, suggestions if len(models) < MAX_MODELS else []

    @staticmethod
    def url_for(models, **extra) -> str:
        params = {"models": ",".join(m.slug for m in models), **extra}
        return f"{reverse('catalog:compare')}?{urlencode(params, safe=',')}"

    @staticmethod
    def models_queryset():
        """Published models with every published relation a row shows: ten queries."""
        return LanguageModel.objects.published().for_page()

    def find(self, text: str, models):
        """A published model by slug, else by name (any case): one or two queries."""
        if any(m.slug == text for m in models):
            return next(m for m in models if m.slug == text)
        published = self.models_queryset()
        return published.filter(slug=text).first() or published.filter(name__iexact=text).first()

    @staticmethod
    def suggest(text: str, models) -> list[LanguageModel]:
        """Up to five published models whose name contains the text: one query."""
        return list(
            LanguageModel.objects.published()
            .filter(name__icontains=text)
            .exclude(pk__in=[m.pk for m in models])
            .order_by("name")[:5]
        )

    def sections(self, models) -> list[Section]:
        """The facts, one row each, in sections. Reads the lineage once (one query) and each
        model's inherited terms (two queries a model)."""
        graph = LineageGraph.from_database()
        for model in models:
            model.lineage = model_lineage(model, graph)
            family = model.family
            model.public_family = family if family is not None and is_published(family) else None
        rows = {
            _("What it is"): [
                (_("Organisations"), lambda m: _linked(m.organizations.all()), "organizations"),
                (
                    _("Family"),
                    lambda m: _linked([m.public_family] if m.public_family else []),
                    "family",
                ),
                (_("Branch"), lambda m: _text(m.get_branch_display(), m.branch_note), "branch"),
                (
                    _("Architecture"),
                    lambda m: _text(m.get_architecture_display()),
                    "architecture",
                ),
                (_("Released"), lambda m: _text(m.release_display), "release_date"),
                (_("Status"), _lifecycle, "lifecycle retired_on"),
                (_("Also known as"), lambda m: _text(", ".join(m.aliases)), ""),
            ],
            _("Size"): [
                (_("Parameters (total)"), _parameters, "parameters_billions"),
                (
                    _("Active per token"),
                    lambda m: _text(m.active_display),
                    "parameters_active_billions",
                ),
                (_("Sizes"), lambda m: _text(", ".join(s.label for s in m.sizes.all())), "sizes"),
                (
                    _("Context (tokens)"),
                    lambda m: _text(m.context_display),
                    "context_length_tokens",
                ),
                (_("Training tokens"), _training, "training_tokens_trillions"),
            ],
            _("What it does"): [
                (_("Reads"), lambda m: _modalities(m.input_modalities), "input_modalities"),
                (_("Writes"), lambda m: _modalities(m.output_modalities), "output_modalities"),
                (_("Reasoning"), lambda m: _text(m.get_reasoning_display()), "reasoning"),
                (_("Made for"), lambda m: _text(", ".join(m.purpose_labels)), "purposes"),
                (_("Languages"), _languages, "languages"),
                (_("Knowledge cutoff"), lambda m: _text(m.cutoff_display), "knowledge_cutoff"),
                (
                    _("Longest answer (tokens)"),
                    lambda m: _text(f"{m.max_output_tokens:,}" if m.max_output_tokens else ""),
                    "max_output_tokens",
                ),
                (_("Tool calling"), lambda m: _support(m.tool_use), "tool_use"),
                (
                    _("Structured output"),
                    lambda m: _support(m.structured_output),
                    "structured_output",
                ),
            ],
            _("Where to use it"): [
                (_("Offerings"), _offerings, "offerings"),
                (_("Price now (USD per 1M tokens)"), _prices, "offerings"),
                (_("Earlier prices"), _price_history, "offerings"),
            ],
            _("Access and terms"): [
                (_("Open or closed"), lambda m: _text(m.get_access_display()), "access"),
                (_("Weights"), _weights, "weights"),
                (_("Licence"), _licence, "license"),
                (_("Commercial use"), _commercial, ""),
                (
                    _("Restrictions"),
                    lambda m: _text(shown(m.license, "restrictions") if m.license else ""),
                    "",
                ),
                (_("Earlier licences"), _past, "past_licenses"),
                (_("Terms from its lineage"), _inherited, ""),
                (_("Data terms"), lambda m: _text(m.data_license), "data_license"),
            ],
            _("Data, papers, lineage"): [
                (_("Training data"), lambda m: _linked(m.datasets.all()), "datasets"),
                (_("Papers"), lambda m: _linked(m.papers.all()), "papers"),
                (_("Parents"), _parents, "parents"),
            ],
        }
        sections = [
            Section(
                title,
                [
                    Row(label, [_named(cell(m), m, facts) for m in models])
                    for label, cell, facts in rows
                ],
            )
            for title, rows in rows.items()
        ]
        benchmarks = _benchmark_rows(models)
        if benchmarks:
            sections.insert(
                3, Section(_("How well it does (best score each maker reported)"), benchmarks)
            )
        return sections

    @staticmethod
    def figure(models):
        """One small tree: the models and their ancestors up to three links away, the
        compared ones in full colour, the others faded."""
        facts, edges = {}, set()
        for model in models:
            lineage: ModelLineage = model.lineage
            for pk in {lineage.model.pk, *lineage.ancestors}:
                facts[pk] = lineage.facts[pk]
            edges.update(edge for edge in lineage.edges if edge[0] in facts and edge[1] in facts)
        nodes = [tree.Node.of(f) for f in facts.values()]
        links = [
            tree.Link(facts[child].slug, facts[parent].slug, relation)
            for child, parent, relation in sorted(edges)
        ]
        names = {slug: name for f in facts.values() for slug, name in f.organizations}
        base = reverse("catalog:model_detail", args=["-slug-"])
        return tree.draw(
            tree.Catalog(nodes, links, names),
            tree.Options(
                matching={m.slug for m in models},
                expand=True,
                model_url=lambda slug: base.replace("-slug-", slug),
                title=_("Lineages of %(names)s") % {"names": ", ".join(m.name for m in models)},
                id_prefix="compare",
                spacing=50,
                legend=False,
            ),
        ).figure


def _named(cell: Cell, model, facts: str) -> Cell:
    """`cell` as a column of `model` shows it, its value marked with the sources of `facts`
    (record keys, space-separated) when it has one."""
    cell.model = model.name
    cell.source = model
    cell.facts = tuple(facts.split()) if cell.items else ()
    return cell


def _languages(model) -> Cell:
    names = model.languages_short
    note = _("and many more, not listed") if model.languages_unlisted else ""
    return _text(names, note) if names else Cell([], note)


def _support(value: str) -> Cell:
    return _text({"yes": _("yes, documented"), "no": _("no")}.get(value, ""))


def _benchmark_rows(models) -> list[Row]:
    """One row per benchmark that two or more of the models have a maker's score on: each
    model's best such score, linked to its source, with its setting; the row says when the
    settings differ, since the scores are then not like for like."""
    best = []
    for model in models:
        found = {}
        for result in model.results.all():
            if result.reported_by != "maker":
                continue
            benchmark = result.benchmark
            kept = found.get(benchmark.pk)
            better = kept is None or (
                result.score > kept.score
                if benchmark.higher_is_better
                else result.score < kept.score
            )
            if better:
                found[benchmark.pk] = result
        best.append(found)
    shared = {}
    for found in best:
        for result in found.values():
            shared.setdefault(result.benchmark.pk, [result.benchmark, 0])[1] += 1
    rows = []
    for benchmark, count in sorted(shared.values(), key=lambda item: (-item[1], item[0].name)):
        if count < 2:
            continue
        cells = []
        for model, found in zip(models, best, strict=True):
            result = found.get(benchmark.pk)
            cell = (
                Cell([(f"{result.score:g}", result.source_url)], result.setting)
                if result
                else Cell()
            )
            cell.model = model.name
            cells.append(cell)
        settings = {cell.note for cell in cells if cell.items}
        remark = _("settings differ: compare with care") if len(settings) > 1 else ""
        rows.append(Row(f"{benchmark.name} ({benchmark.metric})", cells, remark))
    return rows


def _lifecycle(model) -> Cell:
    note = _("since %(date)s") % {"date": dates.shown(model.retired_on)} if model.retired_on else ""
    return _text(model.get_lifecycle_display(), note)


def _parameters(model) -> Cell:
    if model.parameters_billions is None:
        return Cell(note=_("not published"))
    return _text(model.parameters_display, model.parameters_note)


def _training(model) -> Cell:
    tokens = model.training_tokens_trillions
    return _text("" if tokens is None else _("%(count)s trillion") % {"count": f"{tokens:g}"})


def _weights(model) -> Cell:
    if model.access != LanguageModel.Access.OPEN:
        return Cell(note=_("not released"))
    return _text(model.get_weights_display())


def _licence(model) -> Cell:
    lic = model.license
    if lic is None:
        return Cell(
            note=_("none: weights never released") if model.access == "closed" else _("none")
        )
    return Cell([(shown(lic, "name"), lic.get_absolute_url())])


def _commercial(model) -> Cell:
    lic = model.license
    if lic is None:
        return Cell()
    return Cell([(lic.get_commercial_use_display(), "")], mark=f"commercial-{lic.commercial_use}")


def _past(model) -> Cell:
    return Cell(
        [
            (
                _("%(licence)s, until %(date)s")
                % {"licence": shown(p.license, "name"), "date": dates.shown(p.until)},
                "",
            )
            for p in model.past_licenses.all()
        ]
    )


def _inherited(model) -> Cell:
    """The licences of the models it was built from (they bind it), with any conflict."""
    lineage = model.lineage
    items = [
        (_inherited_text(term.ancestor), term.ancestor.get_absolute_url())
        for term in lineage.binding
    ]
    if lineage.conflicts:
        note = _("its own licence allows more than these")
    elif not items:
        note = _("none: not built from another catalogued model's weights")
    else:
        note = ""
    return Cell(items, note, mark="terms-conflict" if lineage.conflicts else "")


def _inherited_text(ancestor) -> str:
    """“Llama 2: Llama 2 Community License (conditional)”: an ancestor's licence and terms."""
    licence = ancestor.license_name or _("no licence recorded")
    if not ancestor.commercial_use:
        return _("%(model)s: %(licence)s") % {"model": ancestor.name, "licence": licence}
    return _("%(model)s: %(licence)s (%(terms)s)") % {
        "model": ancestor.name,
        "licence": licence,
        "terms": str(ancestor.commercial_display).lower(),
    }


def _offerings(model) -> Cell:
    return Cell(
        [
            (
                f"{o.provider.name} {o.provider_model_id} ({o.get_availability_display().lower()})",
                "",
            )
            for o in model.offerings.all()
        ]
    )


def _prices(model) -> Cell:
    """Input / output prices of each offering still served."""
    return Cell(
        [
            (
                _("%(model_id)s: %(input)s in, %(output)s out")
                % {
                    "model_id": o.provider_model_id,
                    "input": usd(o.price_input_usd_per_mtok),
                    "output": usd(o.price_output_usd_per_mtok),
                },
                "",
            )
            for o in model.offerings.all()
            if OfferingStatus(o.availability).is_live
            and (o.price_input_usd_per_mtok is not None or o.price_output_usd_per_mtok is not None)
        ]
    )


def _price_history(model) -> Cell:
    return Cell(
        [
            (
                _("%(model_id)s until %(date)s: %(input)s in, %(output)s out")
                % {
                    "model_id": o.provider_model_id,
                    "date": dates.shown(p.until, long=False),
                    "input": usd(p.price_input_usd_per_mtok),
                    "output": usd(p.price_output_usd_per_mtok),
                },
                "",
            )
            for o in model.offerings.all()
            for p in o.price_history.all()
        ]
    )


def _parents(model) -> Cell:
    return Cell(
        [
            (
                f"{capfirst(Relation(link.relation).label)} {link.parent.name}",
                link.parent.get_absolute_url(),
            )
            for link in model.parent_links.all()
        ]
    )
