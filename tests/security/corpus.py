"""Every curated text field of every curated model filled with XSS vectors, the objects linked
so that each one appears on every page that can show it, and the list of those pages.

`build_corpus()` needs a database; `FIELDS` names each filled field with the marker its values
start with, so a test can tell which page shows which field.
"""

import datetime
from dataclasses import dataclass, field

from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic
from guidance.models import (
    Evidence,
    FlowAnswer,
    Guideline,
    Outcome,
    Question,
    Task,
    TaskCategory,
    Verdict,
)

from .xss_vectors import FORMULA_VECTORS, URL_VECTORS, VECTORS

COPIES = 3  # objects per model: each field gets a different run of vectors in each
SEARCH_WORD = "xsscanary"  # in every text value, so /search/ finds every object

# (model, field): the curated text fields. URL fields get URL_VECTORS, the rest VECTORS.
TEXT_FIELDS = [
    (Organization, "name"),
    (Organization, "country"),
    (License, "name"),
    (License, "restrictions"),
    (License, "source_note"),
    (Dataset, "name"),
    (Dataset, "description"),
    (Topic, "name"),
    (Paper, "title"),
    (Paper, "authors"),
    (Paper, "venue"),
    (LanguageModel, "name"),
    (LanguageModel, "aliases"),
    (LanguageModel, "parameters_note"),
    (LanguageModel, "data_license"),
    (LanguageModel, "summary"),
    (LanguageModel, "source_note"),
    (Lineage, "note"),
    (Lineage, "source_note"),
    (TaskCategory, "name"),
    (TaskCategory, "description"),
    (Task, "name"),
    (Task, "description"),
    (Guideline, "title"),
    (Guideline, "conditions"),
    (Guideline, "rationale"),
    (Evidence, "note"),
    (Question, "label"),
    (Question, "text"),
    (Question, "explanation"),
    (FlowAnswer, "explanation"),
]
URL_FIELDS = [
    (Organization, "url"),
    (License, "url"),
    (License, "source_url"),
    (Dataset, "url"),
    (Paper, "url"),
    (LanguageModel, "url"),
    (LanguageModel, "source_url"),
    (Lineage, "source_url"),
]


def field_key(model, name) -> str:
    return f"{model.__name__}.{name}"


def marker(model, name, copy) -> str:
    """A word that survives escaping and Markdown: `xq` + model + field + copy number."""
    return f"xq{model.__name__.lower()}{name.replace('_', '')}{copy}"


# Every marker, by field: `Organization.name` -> {xqorganizationname0, ...}.
FIELDS = {
    field_key(model, name): [marker(model, name, copy) for copy in range(COPIES)]
    for model, name in TEXT_FIELDS
}


def text_value(model, name, copy) -> str:
    """The marker, the search word and as many vectors as fit the field, each copy and field
    starting at a different vector. The second copy starts with a spreadsheet formula."""
    index = TEXT_FIELDS.index((model, name))
    max_length = model._meta.get_field(name).max_length
    if max_length is not None and max_length < 20:  # Organization.country: two characters
        return ['"<', "'>", "<s"][copy][:max_length]
    head = f"{marker(model, name, copy)} {SEARCH_WORD}"
    if copy == 1:
        head = f"{FORMULA_VECTORS[index % len(FORMULA_VECTORS)]} {head}"
    if max_length is None:  # TextField: the whole corpus, as Markdown paragraphs
        return "\n\n".join([head, *rotated(index * 7 + copy * 17)])
    pieces, length = [head], len(head)
    for vector in rotated(index * 7 + copy * 17):
        if length + 1 + len(vector) <= max_length:
            pieces.append(vector)
            length += 1 + len(vector)
    return " ".join(pieces)


def rotated(start: int) -> list[str]:
    start %= len(VECTORS)
    return VECTORS[start:] + VECTORS[:start]


def url_value(model, name, copy) -> str:
    return URL_VECTORS[(URL_FIELDS.index((model, name)) + copy) % len(URL_VECTORS)]


def values(model, copy, **fixed) -> dict:
    """The fields of one `model` object: its curated text and URL fields, then `fixed`."""
    data = {name: text_value(model, name, copy) for m, name in TEXT_FIELDS if m is model}
    data |= {name: url_value(model, name, copy) for m, name in URL_FIELDS if m is model}
    return data | fixed


@dataclass
class Corpus:
    models: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    datasets: list = field(default_factory=list)
    papers: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def build_corpus() -> Corpus:
    """COPIES objects of every curated model, all fields hostile, linked to one another."""
    c = Corpus()
    copies = range(COPIES)
    c.organizations = [
        Organization.objects.create(
            **values(Organization, i, slug=f"xss-org-{i}", kind=Organization.Kind.COMPANY)
        )
        for i in copies
    ]
    commercial = list(License.CommercialUse)
    licenses = [
        License.objects.create(
            **values(License, i, slug=f"xss-license-{i}", commercial_use=commercial[i])
        )
        for i in copies
    ]
    c.datasets = [
        Dataset.objects.create(**values(Dataset, i, slug=f"xss-dataset-{i}")) for i in copies
    ]
    topics = [Topic.objects.create(**values(Topic, i, slug=f"xss-topic-{i}")) for i in copies]
    c.papers = [
        Paper.objects.create(**values(Paper, i, slug=f"xss-paper-{i}", year=2020 + i))
        for i in copies
    ]
    branches = [
        LanguageModel.Branch.ENCODER_ONLY,
        LanguageModel.Branch.DECODER_ONLY,
        LanguageModel.Branch.DECODER_ONLY,
    ]
    for i in copies:
        model = LanguageModel.objects.create(
            **values(
                LanguageModel,
                i,
                slug=f"xss-model-{i}",
                branch=branches[i],
                access=list(LanguageModel.Access)[i % 2],
                release_date=datetime.date(2020 + i, 1 + i, 1),
                parameters_billions=1.5 * (i + 1),
                license=licenses[i],
                aliases=[
                    text_value(LanguageModel, "aliases", i)[:100],
                    f"{FORMULA_VECTORS[i]} alias",
                    VECTORS[i * 5 % len(VECTORS)],
                ],
            )
        )
        model.organizations.set([c.organizations[i], c.organizations[(i + 1) % COPIES]])
        model.datasets.set(c.datasets)
        model.papers.set(c.papers)
        c.models.append(model)
    for paper in c.papers:
        paper.topics.set(topics)
    m0, m1, m2 = c.models
    relations = [Lineage.Relation.FINE_TUNED_FROM, Lineage.Relation.INSTRUCTION_TUNED_FROM]
    for i, (child, parent) in enumerate([(m1, m0), (m2, m1), (m2, m0)]):
        relation = relations[i % 2] if i < 2 else Lineage.Relation.DISTILLED_FROM
        Lineage.objects.create(**values(Lineage, i, child=child, parent=parent, relation=relation))

    categories = [
        TaskCategory.objects.create(**values(TaskCategory, i, slug=f"xss-category-{i}", order=i))
        for i in copies
    ]
    c.tasks = [
        Task.objects.create(**values(Task, i, slug=f"xss-task-{i}", category=categories[i]))
        for i in copies
    ]
    verdicts = list(Verdict)
    guidelines = []
    for i in copies:
        guideline = Guideline.objects.create(
            **values(Guideline, i, slug=f"xss-guideline-{i}", task=c.tasks[i], verdict=verdicts[i])
        )
        guideline.example_models.set(c.models)
        guidelines.append(guideline)
    for i, guideline in enumerate(guidelines):
        for j, paper in enumerate(c.papers):
            # Each note gets its copy's vectors; the marker copy cycles over the three.
            Evidence.objects.create(
                **values(Evidence, (i + j) % COPIES, guideline=guideline, paper=paper)
            )
    questions = [
        Question.objects.create(**values(Question, i, slug=f"xss-question-{i}", order=i))
        for i in copies
    ]
    # Yes ends the flow (LLM, fine-tuned, uncertain); No goes on, and the last No ends in LLM.
    outcomes = [Outcome.LLM, Outcome.FINE_TUNED, Outcome.UNCERTAIN]
    for i, question in enumerate(questions):
        nxt = questions[i + 1] if i + 1 < COPIES else None
        for answer, target in (("yes", {"outcome": outcomes[i]}), ("no", {})):
            if answer == "no":
                target = {"next_question": nxt} if nxt else {"outcome": Outcome.LLM}
            row = FlowAnswer.objects.create(
                **values(FlowAnswer, i, question=question, answer=answer, **target)
            )
            row.guidelines.set(guidelines)
    return c


def _detail(name: str, view: str, slug: str) -> list:
    return [(f"{name}-{i}", view, (f"xss-{slug}-{i}",), "") for i in range(COPIES)]


# (id, view name, args, query): every HTML page that shows curated text.
HTML_PAGES = [
    ("home", "catalog:home", (), ""),
    ("models", "catalog:model_list", (), ""),
    ("models-search", "catalog:model_list", (), f"?q={SEARCH_WORD}"),
    *_detail("model", "catalog:model_detail", "model"),
    ("organizations", "catalog:organization_list", (), ""),
    *_detail("organization", "catalog:organization_detail", "org"),
    ("licenses", "catalog:license_list", (), ""),
    *_detail("license", "catalog:license_detail", "license"),
    ("compare", "catalog:compare", (), "?models=xss-model-0,xss-model-1,xss-model-2"),
    ("datasets", "catalog:dataset_list", (), ""),
    *_detail("dataset", "catalog:dataset_detail", "dataset"),
    ("papers", "catalog:paper_list", (), ""),
    ("papers-topic", "catalog:paper_list", (), "?topic=xss-topic-0"),
    *_detail("paper", "catalog:paper_detail", "paper"),
    ("search", "atlas:search", (), f"?q={SEARCH_WORD}"),
    ("tree", "catalog:tree", (), ""),
    ("tree-highlight", "catalog:tree", (), "?highlight=xss-model-1&q=xsscanary"),
    ("tree-folded", "catalog:tree", (), "?expand=none"),
    ("tasks", "guidance:task_list", (), ""),
    ("tasks-search", "guidance:task_list", (), f"?q={SEARCH_WORD}"),
    *_detail("task", "guidance:task_detail", "task"),
    *[
        (f"decide-{answers or 'start'}", "guidance:decide", (), f"?answers={answers}")
        for answers in ("", "y", "n", "ny", "nn", "nny", "nnn")
    ],
    ("changes", "editorial:changes", (), ""),
    ("changes-2", "editorial:changes", (), "?page=2"),
]
# Pages that echo the query string: each vector sent as a parameter value.
REFLECTING_PAGES = [
    ("models", "catalog:model_list", ("q", "org", "year_min", "sort", "page")),
    ("papers", "catalog:paper_list", ("q", "topic", "format")),
    ("datasets", "catalog:dataset_list", ("q", "access")),
    ("organizations", "catalog:organization_list", ("kind", "country")),
    ("licenses", "catalog:license_list", ("commercial", "branch")),
    ("compare", "catalog:compare", ("models", "add", "show")),
    ("search", "atlas:search", ("q",)),
    ("tree", "catalog:tree", ("highlight", "q", "unfold")),
    ("tasks", "guidance:task_list", ("q", "category", "verdict")),
    ("decide", "guidance:decide", ("answers",)),
]
SVG_PAGES = [
    ("tree.svg", "catalog:tree_svg", (), ""),
    ("tree.svg-highlight", "catalog:tree_svg", (), "?highlight=xss-model-2&expand=none"),
]
CSV_PAGES = [
    ("models", "catalog:model_list"),
    ("organizations", "catalog:organization_list"),
    ("licenses", "catalog:license_list"),
    ("datasets", "catalog:dataset_list"),
    ("papers", "catalog:paper_list"),
    ("tasks", "guidance:task_list"),
]
API_PAGES = [
    ("root", "api:root", ()),
    ("models", "api:model-list", ()),
    *[(f"model-{i}", "api:model-detail", (f"xss-model-{i}",)) for i in range(COPIES)],
    ("lineage", "api:model-lineage", ("xss-model-2",)),
    ("organizations", "api:organization-list", ()),
    ("licenses", "api:license-list", ()),
    ("datasets", "api:dataset-list", ()),
    ("papers", "api:paper-list", ()),
    ("tasks", "api:task-list", ()),
    ("guidelines", "api:guideline-list", ()),
    ("decision-flow", "api:decision-flow", ()),
    ("schema", "api:schema", ()),
]
