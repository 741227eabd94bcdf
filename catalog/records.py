"""The catalog's sections of the interchange format, each declared once.

Validation and writing (`atlas/interchange.py`), export, downloads and the API's serializers
(`api/serializers.py`) are derived from these declarations (`core/records.py` explains how).
Adding a field to a record is one entry here plus its model field and migration.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from core.citations import Citation, CitationMethod
from core.publishing import published_q
from core.records import (
    STATUS,
    Spec,
    chinese,
    csv_columns,
    from_model,
    interchange_specs,
    to_record,
)

from .models import (
    Architecture,
    Branch,
    CommercialUse,
    Dataset,
    DatasetAccess,
    DatePrecision,
    Family,
    LanguageModel,
    License,
    Lifecycle,
    Lineage,
    Modality,
    ModelAccess,
    ModelSize,
    Offering,
    OfferingPrice,
    OfferingStatus,
    Organization,
    OrganizationKind,
    Paper,
    PastLicense,
    Purpose,
    Reasoning,
    Relation,
    Support,
    Topic,
    Weights,
)

IDENTIFIER = Spec("slug", "Identifier.", required=True)

CITATION = from_model(
    Citation,
    {
        "field": Spec("str", "The record key the source backs.", required=True),
        "item": Spec(
            "str",
            "For a list key: the item (size label, licence or parent slug, "
            "service/model_id); empty for all.",
        ),
        "source_url": Spec("url", "The source, https.", required=True),
        "retrieved_on": Spec("date", "The day it was read.", required=True),
        "method": Spec(
            "choice",
            "stated, third-party, measured, estimated or inferred.",
            required=True,
            choices=CitationMethod,
        ),
        "note": Spec(
            "str", "Where in the source and what it says; for an inference, why.", required=True
        ),
    },
)

# The sources of a record's facts (core/citations.py): by record key, and item for list keys.
CITATIONS = Spec(
    "objects",
    "The source of each fact: by record key, and item for list keys.",
    default=[],
    fields=CITATION,
    attr="citations",
    since=3,
    ordered=True,
    csv=False,
)


ALIASES_HELP = "Other names: short names, and the maker's own Chinese name (cite it)."

ORGANIZATION = from_model(
    Organization,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        "kind": Spec("choice", "Kind of organisation.", required=True, choices=OrganizationKind),
        "country": Spec("country", "ISO 3166-1 alpha-2 code, e.g. US; empty when unknown."),
        "url": Spec("url", "Web site (may be empty)."),
        "aliases": Spec("strings", ALIASES_HELP, default=[], since=3, csv=False),
        "citations": CITATIONS,
    },
)

LICENSE = from_model(
    License,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        **chinese("name", "A name of the atlas' own (not a maker's).", kind="str"),
        "version": Spec("str", "The licence's own version; empty if none.", since=2),
        "url": Spec("url", "Text of the licence (may be empty)."),
        "commercial_use": Spec(
            "choice", "Whether commercial use is allowed.", required=True, choices=CommercialUse
        ),
        "restrictions": Spec("text", "Notable restrictions, in plain words."),
        **chinese("restrictions", "The restrictions."),
        "source_url": Spec("url", "Where the terms were read (may be empty)."),
        "source_note": Spec("str", "What is uncertain about the terms."),
    },
)

DATASET = from_model(
    Dataset,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        "description": Spec("text", "What the corpus holds."),
        **chinese("description", "The description."),
        "access": Spec(
            "choice",
            "Whether the corpus can be obtained.",
            choices=DatasetAccess,
            default="unknown",
        ),
        "url": Spec("url", "Where to find it (may be empty)."),
    },
)

TOPIC = from_model(
    Topic,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        **chinese("name", "The name.", kind="str"),
        "order": Spec("int", "Position in the curated list.", default=0),
    },
)

PAPER = from_model(
    Paper,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "title": Spec("str", "Title.", required=True),
        "authors": Spec("str", "Authors, as cited."),
        "year": Spec("year", "Year; null when undated.", default=None),
        "venue": Spec("str", "Venue (may be empty)."),
        "url": Spec("url", "Where to read it (may be empty)."),
        "topics": Spec(
            "refs",
            "Slugs of the sections of the curated list it belongs to.",
            default=[],
            ref="topics",
        ),
    },
)

FAMILY = from_model(
    Family,
    {
        "slug": IDENTIFIER,
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        "organizations": Spec(
            "refs", "Slugs of the organisations behind it.", default=[], ref="organizations"
        ),
        "aliases": Spec("strings", ALIASES_HELP, default=[], since=3, csv=False),
        "summary": Spec("text", "One or two sentences, Markdown."),
        **chinese("summary", "The summary."),
        "citations": CITATIONS,
    },
)

SIZE = from_model(
    ModelSize,
    {
        "label": Spec("str", "As the maker names it, e.g. 70B or 8x7B.", required=True),
        "parameters_billions": Spec(
            "number", "Parameters in billions; null if unpublished.", default=None
        ),
        "parameters_active_billions": Spec(
            "number", "Mixture-of-experts: parameters used per token, in billions.", default=None
        ),
    },
)

PAST_LICENSE = from_model(
    PastLicense,
    {
        "license": Spec("ref", "Slug of the licence.", required=True, ref="licenses"),
        "until": Spec("date", "The day the next licence took over.", required=True),
        "source_url": Spec("url", "Where the change is documented (may be empty)."),
    },
)

PARENT_LINK = from_model(
    Lineage,
    {
        "model": Spec(
            "ref", "Slug of the parent model.", required=True, ref="models", attr="parent"
        ),
        "relation": Spec(
            "choice", "How the model was derived from the parent.", required=True, choices=Relation
        ),
        "note": Spec("str", "A short note on the link."),
        "source_url": Spec("url", "Where the link is documented (may be empty)."),
        "source_note": Spec("str", "What the source says, or what is uncertain."),
    },
)
# What a lineage link carries besides its two ends.
LINK_FIELDS = tuple(key for key in PARENT_LINK if key != "model")

PRICES = {
    "price_input_usd_per_mtok": Spec(
        "number",
        "USD per million input tokens; null if not published.",
        default=None,
        unit="US dollars",
    ),
    "price_cached_input_usd_per_mtok": Spec(
        "number",
        "USD per million cached input tokens; null if none.",
        default=None,
        unit="US dollars",
    ),
    "price_output_usd_per_mtok": Spec(
        "number",
        "USD per million output tokens; null if not published.",
        default=None,
        unit="US dollars",
    ),
}

PAST_PRICE = from_model(
    OfferingPrice,
    {
        "until": Spec("date", "The day the next price took effect.", required=True),
        **PRICES,
        "source_url": Spec("url", "Where the earlier price is documented (may be empty)."),
    },
)

OFFERING = from_model(
    Offering,
    {
        "provider": Spec(
            "ref", "Slug of the organisation serving it.", required=True, ref="organizations"
        ),
        "service": Spec(
            "slug", "The platform: openai-api, claude-api, vertex-ai, bedrock ...", required=True
        ),
        "model_id": Spec(
            "str", "The id the service answers to.", required=True, attr="provider_model_id"
        ),
        "status": Spec(
            "choice",
            "preview, active, deprecated (shutdown announced) or retired.",
            required=True,
            choices=OfferingStatus,
            attr="availability",
        ),
        "deprecated_on": Spec("date", "When the shutdown was announced.", default=None),
        "retires_on": Spec("date", "The shutdown date, announced or past.", default=None),
        **PRICES,
        "price_note": Spec("str", "How prices are tiered, when they are."),
        "context_tokens": Spec(
            "int", "Context window there, in tokens.", default=None, nullable=True, maximum=10**9
        ),
        "max_output_tokens": Spec(
            "int", "Longest answer there, in tokens.", default=None, nullable=True, maximum=10**9
        ),
        "url": Spec("url", "The service's page for it (may be empty)."),
        "price_history": Spec(
            "objects",
            "Earlier prices, oldest first.",
            default=[],
            fields=PAST_PRICE,
            key="until",
            noun="earlier price",
            ordered=True,
        ),
    },
)


# A model's benchmark results belong to the evidence app (`evidence/models.py`), above the
# catalog: found by name, not imported, so the model record can carry them.
Result = apps.get_model("evidence", "Result")

RESULT = from_model(
    Result,
    {
        "benchmark": Spec("ref", "Slug of the benchmark.", required=True, ref="benchmarks"),
        "score": Spec(
            "number",
            "The score, in the benchmark's metric.",
            required=True,
            unit="points of the benchmark's metric",
        ),
        "metric": Spec(
            "str",
            "The benchmark's metric (from the benchmark).",
            interchange=False,
            source="benchmark__metric",
        ),
        "setting": Spec("str", "How it was run: shots, thinking, tools, harness, version."),
        "reported_by": Spec(
            "str", "maker, or the named third party that measured it.", default="maker"
        ),
        "source_url": Spec("url", "Where the score is published, https.", required=True),
        "date": Spec("date", "The date of the source.", required=True),
        "note": Spec("str", "Where in the source; anything to know about the figure."),
    },
)

MODEL = from_model(
    LanguageModel,
    {
        "slug": Spec("slug", "Identifier, used in URLs and references.", required=True),
        "status": STATUS,
        "name": Spec("str", "Name.", required=True),
        "aliases": Spec("strings", ALIASES_HELP, default=[], csv=False),
        "family": Spec(
            "ref",
            "Slug of the line of releases it belongs to; null if none.",
            default=None,
            ref="families",
            since=2,
        ),
        "branch": Spec(
            "choice", "Architecture branch of the evolutionary tree.", required=True, choices=Branch
        ),
        "branch_note": Spec(
            "str",
            "Why the tree draws it in this branch when its design says otherwise.",
            since=2,
            csv=False,
        ),
        "architecture": Spec(
            "choice",
            "How the network is built; empty when unknown.",
            choices=Architecture,
            since=2,
            empty=True,
        ),
        "organizations": Spec(
            "refs", "Slugs of the organisations that made it.", required=True, ref="organizations"
        ),
        "access": Spec(
            "choice",
            "open: weights downloadable; closed: not released.",
            required=True,
            choices=ModelAccess,
        ),
        "weights": Spec(
            "choice",
            "How released weights are obtained; empty when closed or unknown.",
            choices=Weights,
            since=2,
            empty=True,
        ),
        "release_date": Spec(
            "date",
            "First public release; finer parts are 01 below day precision.",
            required=True,
        ),
        "release_date_precision": Spec(
            "choice", "How much of `release_date` is known.", choices=DatePrecision, default="month"
        ),
        "parameters_billions": Spec(
            "number",
            "Largest published size in billions (total); null if unpublished.",
            default=None,
        ),
        "parameters_active_billions": Spec(
            "number",
            "Mixture-of-experts: parameters used per token for the largest size, billions.",
            default=None,
            since=2,
        ),
        "sizes": Spec(
            "objects",
            "The released sizes, smallest first.",
            default=[],
            fields=SIZE,
            key="label",
            noun="size",
            attr="sizes",
            since=2,
            ordered=True,
            csv=False,
        ),
        "parameters_note": Spec("str", "Sizes of the family, in words."),
        "context_length_tokens": Spec(
            "int",
            "Longest input it accepts, in tokens; null if unknown.",
            default=None,
            nullable=True,
            maximum=10**9,
            since=2,
        ),
        "training_tokens_trillions": Spec(
            "number",
            "Pre-training data seen, in trillions of tokens; null if unknown.",
            default=None,
            unit="trillions of tokens",
            since=2,
        ),
        "input_modalities": Spec(
            "choices", "What it reads.", default=[], choices=Modality, since=2
        ),
        "output_modalities": Spec(
            "choices", "What it writes.", default=[], choices=Modality, since=2
        ),
        "reasoning": Spec(
            "choice",
            "yes: trained to think before answering.",
            choices=Reasoning,
            default="no",
            since=2,
        ),
        "knowledge_cutoff": Spec(
            "date",
            "The last date its training data covers, as the maker states it; null if unsaid.",
            default=None,
            since=3,
        ),
        "knowledge_cutoff_precision": Spec(
            "choice",
            "How much of `knowledge_cutoff` is known.",
            choices=DatePrecision,
            default="month",
            since=3,
        ),
        "max_output_tokens": Spec(
            "int",
            "The model's own longest answer, in tokens; null if unsaid.",
            default=None,
            nullable=True,
            maximum=10**9,
            since=3,
        ),
        "languages": Spec(
            "languages",
            "ISO 639-1 codes of the languages its maker lists.",
            default=[],
            since=3,
        ),
        "languages_unlisted": Spec(
            "bool",
            "The maker says it handles many languages without listing them all.",
            default=False,
            since=3,
        ),
        "purposes": Spec(
            "choices", "What it is made and offered for.", default=[], choices=Purpose, since=3
        ),
        "tool_use": Spec(
            "choice",
            "yes: the maker documents function or tool calling; empty: not said.",
            choices=Support,
            since=3,
            empty=True,
        ),
        "structured_output": Spec(
            "choice",
            "yes: the maker documents JSON or schema-constrained output; empty: not said.",
            choices=Support,
            since=3,
            empty=True,
        ),
        "lifecycle": Spec(
            "choice", "Whether it is still served.", choices=Lifecycle, default="active", since=2
        ),
        "retired_on": Spec(
            "date", "When it stopped being served; null unless retired.", default=None, since=2
        ),
        "license": Spec(
            "ref",
            "Slug of the current licence of the weights; null if never released.",
            default=None,
            ref="licenses",
        ),
        "commercial_use": Spec(
            "choice",
            "Commercial use under the model's licence.",
            choices=CommercialUse,
            interchange=False,
            source="license__commercial_use",
        ),
        "past_licenses": Spec(
            "objects",
            "Licences it carried before, oldest first.",
            default=[],
            fields=PAST_LICENSE,
            key="license",
            noun="licence",
            attr="past_licenses",
            since=2,
            ordered=True,
            csv=False,
        ),
        "data_license": Spec("str", "Terms of the training data, in short."),
        "datasets": Spec("refs", "Slugs of the training corpora.", default=[], ref="datasets"),
        "papers": Spec(
            "refs", "Slugs of the papers that introduce or describe it.", default=[], ref="papers"
        ),
        "summary": Spec("text", "Two or three sentences, Markdown.", csv=False),
        **chinese("summary", "The summary."),
        "url": Spec("url", "Home page (may be empty)."),
        "source_url": Spec("url", "Where the facts come from (may be empty)."),
        "source_note": Spec("str", "What is uncertain about the facts.", csv=False),
        "citations": CITATIONS,
        "offerings": Spec(
            "objects",
            "Where it is served by API, at what price, until when.",
            default=[],
            fields=OFFERING,
            key=("service", "model_id"),
            noun="offering",
            attr="offerings",
            since=3,
            ordered=True,
            csv=False,
        ),
        "results": Spec(
            "objects",
            "Benchmark scores, with who reported them, how and where.",
            default=[],
            fields=RESULT,
            key=("benchmark", "reported_by", "setting"),
            noun="result",
            attr="results",
            since=3,
            csv=False,
        ),
        "parents": Spec(
            "parents",
            "What it was derived from, and how.",
            default=[],
            fields=PARENT_LINK,
            key="model",
            noun="parent",
            attr="parent_links",
        ),
    },
)

# The facts of a model record that a citation can back (`Citation.field`), and for list keys
# what names one item (`Citation.item`). Names, summary and the sources themselves are not facts.
FACT_KEYS = (
    "family",
    "branch",
    "architecture",
    "organizations",
    "access",
    "weights",
    "release_date",
    "parameters_billions",
    "parameters_active_billions",
    "sizes",
    "context_length_tokens",
    "training_tokens_trillions",
    "input_modalities",
    "output_modalities",
    "reasoning",
    "knowledge_cutoff",
    "max_output_tokens",
    "languages",
    "purposes",
    "tool_use",
    "structured_output",
    "lifecycle",
    "retired_on",
    "license",
    "past_licenses",
    "data_license",
    "datasets",
    "papers",
    "offerings",
    "parents",
)
ITEM_KEYS = {key: MODEL[key] for key in ("sizes", "past_licenses", "offerings", "parents")}
# The keys a model's citations can back: its facts, and its aliases (a maker's Chinese name is
# cited; the citation report does not count names as facts).
CITABLE_KEYS = ("aliases", *FACT_KEYS)
# The keys an organisation's or a family's citations can back.
ORGANIZATION_FACT_KEYS = ("kind", "country", "url", "aliases")
FAMILY_FACT_KEYS = ("organizations", "aliases")

SECTIONS = {
    "organizations": ORGANIZATION,
    "licenses": LICENSE,
    "families": FAMILY,
    "datasets": DATASET,
    "topics": TOPIC,
    "papers": PAPER,
    "models": MODEL,
}
# Sections a format version introduced after the first.
SECTION_SINCE = {"families": 2}

MODEL_CSV_COLUMNS = csv_columns(MODEL)


def model_records(queryset, chunk: int = 1000):
    """Models as records for downloads and the API, fast: plain rows, no objects.

    The interchange record (without status) plus the derived keys (commercial use), in
    declaration order. Each chunk of `chunk` models costs ten queries: the models with their
    licence and family, then organisations, datasets, papers, sizes, past licences, citations,
    offerings and their earlier prices, and parents (and once per process the content type
    citations are found by).
    Keeps the queryset's order. Links to drafts are left out (the queryset itself should hold
    published models).
    """
    specs = {key: spec for key, spec in MODEL.items() if spec.kind != "status"}
    fields = ["pk"]
    for key, spec in specs.items():
        if spec.kind == "ref":
            fields.append(f"{key}__slug")
        elif spec.source:
            fields.append(spec.source)
        elif spec.kind not in {"refs", "parents", "objects"}:
            fields.append(key)
    batch = []
    for row in queryset.values(*fields).iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            yield from _records(batch, specs)
            batch = []
    if batch:
        yield from _records(batch, specs)


def _records(rows, specs):
    ids = [row["pk"] for row in rows]
    related = {}
    for key, spec in specs.items():
        if spec.kind == "refs":
            related[key] = _related_slugs(ids, getattr(LanguageModel, key))
        elif spec.kind == "objects":
            related[key] = CHILD_READERS.get(key, _child_records)(ids, spec)
    parents = {}
    link_keys = list(interchange_specs(PARENT_LINK))
    links = (
        Lineage.objects.published()
        .filter(child_id__in=ids)
        .order_by("parent__slug")
        .values_list("child_id", "parent__slug", *LINK_FIELDS)
    )
    for child_id, *values in links:
        parents.setdefault(child_id, []).append(dict(zip(link_keys, values, strict=True)))
    for row in rows:
        pk = row["pk"]
        record = {}
        for key, spec in specs.items():
            if spec.kind in {"refs", "objects"}:
                record[key] = related[key].get(pk, [])
            elif spec.kind == "parents":
                record[key] = parents.get(pk, [])
            elif spec.kind == "ref":
                record[key] = row[f"{key}__slug"]
            elif spec.kind == "date":
                record[key] = row[key].isoformat() if row[key] is not None else None
            else:
                record[key] = row[spec.source or key]
        yield record


def _child_records(ids, spec) -> dict[int, list[dict]]:
    """The published rows of a one-to-many key (sizes, past licences, results) of each model,
    in their own order, as records; derived keys (a result's metric) read from their `source`.
    One query."""
    relation = LanguageModel._meta.get_field(spec.attr)
    owner = relation.field.name
    columns = {
        key: field.source or (f"{key}__slug" if field.kind == "ref" else key)
        for key, field in spec.fields.items()
    }
    rows = relation.related_model.objects.published().filter(**{f"{owner}_id__in": ids})
    found = {}
    for row in rows.values(f"{owner}_id", *columns.values()):
        record = {}
        for key, field in spec.fields.items():
            value = row[columns[key]]
            record[key] = value.isoformat() if field.kind == "date" else value
        found.setdefault(row[f"{owner}_id"], []).append(record)
    return found


def _citation_records(ids, spec) -> dict[int, list[dict]]:
    """The citations of each model, in their own order, as records. One query."""
    rows = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(LanguageModel), object_id__in=ids
    )
    found = {}
    for row in rows.values("object_id", *spec.fields):
        record = {key: row[key] for key in spec.fields}
        record["retrieved_on"] = record["retrieved_on"].isoformat()
        found.setdefault(row["object_id"], []).append(record)
    return found


def _offering_records(ids, spec) -> dict[int, list[dict]]:
    """The published offerings of each model with their earlier prices, as records. Two
    queries."""
    offerings = Offering.objects.published().filter(model_id__in=ids).select_related("provider")
    offerings = offerings.prefetch_related("price_history")
    found = {}
    for offering in offerings:
        found.setdefault(offering.model_id, []).append(to_record(offering, spec.fields))
    return found


CHILD_READERS = {"citations": _citation_records, "offerings": _offering_records}


def _related_slugs(ids, descriptor) -> dict[int, list[str]]:
    """Slugs of the published rows linked to each model through a many-to-many field."""
    through = descriptor.through
    column = descriptor.field.m2m_reverse_field_name()
    public = published_q(descriptor.field.related_model, f"{column}__")
    pairs = through.objects.filter(public, languagemodel_id__in=ids).values_list(
        "languagemodel_id", f"{column}__slug"
    )
    found = {}
    for model_id, slug in pairs.order_by(f"{column}__slug"):
        found.setdefault(model_id, []).append(slug)
    return found


def export_sections() -> dict[str, list]:
    """The catalog's sections as records, every list sorted by slug. Ten queries."""
    return {
        "organizations": [
            to_record(o, ORGANIZATION)
            for o in Organization.objects.order_by("slug").prefetch_related("citations")
        ],
        "licenses": [to_record(lic, LICENSE) for lic in License.objects.order_by("slug")],
        "families": [
            to_record(f, FAMILY)
            for f in Family.objects.order_by("slug").prefetch_related("organizations", "citations")
        ],
        "datasets": [to_record(d, DATASET) for d in Dataset.objects.order_by("slug")],
        "topics": [to_record(t, TOPIC) for t in Topic.objects.order_by("slug")],
        "papers": [
            to_record(p, PAPER) for p in Paper.objects.order_by("slug").prefetch_related("topics")
        ],
        "models": [model_record(m) for m in LanguageModel.objects.for_export().order_by("slug")],
    }


def model_record(m: LanguageModel) -> dict:
    """One model in interchange form; expects `LanguageModel.objects.for_export()`."""
    return to_record(m, MODEL)
