"""What each endpoint answers, field by field: these classes render it and document it.

Field names and values are those of the interchange format `llm-atlas/3`
(docs/interchange.md): objects refer to each other by slug, choices are the lower-case
hyphenated words, dates are ISO. The serializers of the interchange records are derived from
their declarations (`catalog/records.py`, `guidance/records.py`) by `record_serializer`;
models, guidelines and the decision flow are built by the records' own functions and rendered
through these, the other resources are read from their rows. A few fields the format has no
place for are marked "API only".
"""

import copy

from rest_framework import serializers

from catalog import records as catalog_records
from catalog.models import Relation
from core.records import Spec, interchange_specs
from evidence import records as evidence_records
from guidance import records as guidance_records

# Small field makers (underscored: several field names would shadow them in class bodies).


def _ref(help_text: str, **kwargs):
    return serializers.CharField(help_text=help_text, **kwargs)


def _choice(choices, help_text: str, **kwargs):
    return serializers.ChoiceField(choices=choices.choices, help_text=help_text, **kwargs)


def _slugs(help_text: str, **kwargs):
    return serializers.ListField(child=serializers.CharField(), help_text=help_text, **kwargs)


# --- Derived from the record declarations ----------------------------------------------------

# Nested records get a serializer (and a schema component) of their own, by these names.
NESTED_NAMES = {
    id(catalog_records.PARENT_LINK): "ParentLinkSerializer",
    id(catalog_records.SIZE): "ModelSizeSerializer",
    id(catalog_records.PAST_LICENSE): "PastLicenseSerializer",
    id(catalog_records.CITATION): "CitationSerializer",
    id(catalog_records.OFFERING): "OfferingSerializer",
    id(catalog_records.PAST_PRICE): "PastPriceSerializer",
    id(catalog_records.RESULT): "ResultSerializer",
    id(guidance_records.EVIDENCE): "EvidenceSerializer",
    id(guidance_records.ANSWER): "FlowAnswerSerializer",
}

# Derived keys a nested record carries in the API and downloads (not in the format).
NESTED_EXTRA = {
    "ResultSerializer": {
        "metric": serializers.CharField(help_text="The benchmark's metric, with its unit.")
    }
}


def field_for(spec: Spec, source: str | None = None):
    """The serializer field that renders and documents one declared key."""
    extra = {"source": source} if source else {}
    kind = spec.kind
    if kind == "slug" or (kind == "str" and spec.required):
        return serializers.CharField(help_text=spec.help, **extra)
    if kind in {"str", "text", "url", "country"}:
        return serializers.CharField(allow_blank=True, help_text=spec.help, **extra)
    if kind == "ref":
        return _ref(spec.help, allow_null=not spec.required, **extra)
    if kind == "bool":
        return serializers.BooleanField(help_text=spec.help, **extra)
    if kind in {"refs", "strings", "languages"}:
        return _slugs(spec.help, **extra)
    if kind == "choices":
        child = serializers.ChoiceField(choices=spec.choices.choices)
        return serializers.ListField(child=child, help_text=spec.help, **extra)
    if kind == "choice":
        if spec.empty:
            extra["allow_blank"] = True
        return _choice(spec.choices, spec.help, allow_null=spec.nullable, **extra)
    if kind == "date":
        if not spec.required:
            extra["allow_null"] = True
        return serializers.DateField(help_text=spec.help, **extra)
    if kind == "number":
        return serializers.FloatField(allow_null=True, help_text=spec.help, **extra)
    if kind == "year":
        return serializers.IntegerField(allow_null=True, help_text=spec.help, **extra)
    if kind == "int":
        if spec.nullable:
            extra["allow_null"] = True
        return serializers.IntegerField(help_text=spec.help, **extra)
    name = NESTED_NAMES[id(spec.fields)]
    nested = record_serializer(name, spec.fields, extra=NESTED_EXTRA.get(name))
    return nested(many=kind != "object", help_text=spec.help, **extra)


_made: dict[str, type] = {}


def record_serializer(name: str, specs: dict, sources=None, extra=None) -> type:
    """A Serializer class named `name` with a field per key of a declared record (its status
    left out: the API shows published objects only), then the `extra` API-only fields.
    `sources` names the attribute a key is read from when the row's differs."""
    if name not in _made:
        sources = sources or {}
        fields = {
            key: field_for(spec, sources.get(key))
            for key, spec in interchange_specs(specs).items()
            if spec.kind != "status"
        }
        # A copy is a new field, numbered after the record's: DRF orders fields by creation.
        fields |= {key: copy.deepcopy(field) for key, field in (extra or {}).items()}
        _made[name] = type(name, (serializers.Serializer,), fields)
    return _made[name]


# --- Catalog -------------------------------------------------------------------------------

ParentLinkSerializer = record_serializer("ParentLinkSerializer", catalog_records.PARENT_LINK)
LanguageModelSerializer = record_serializer("LanguageModelSerializer", catalog_records.MODEL)
OrganizationSerializer = record_serializer(
    "OrganizationSerializer",
    catalog_records.ORGANIZATION,
    extra={"model_count": serializers.IntegerField(help_text="API only: number of its models.")},
)
LicenseSerializer = record_serializer(
    "LicenseSerializer",
    catalog_records.LICENSE,
    extra={
        "models": _slugs(
            "API only: slugs of its models that match the filters, by slug.",
            source="matching_models",
        )
    },
)
DatasetSerializer = record_serializer(
    "DatasetSerializer",
    catalog_records.DATASET,
    extra={
        "model_count": serializers.IntegerField(
            help_text="API only: number of models trained on it."
        )
    },
)
PaperSerializer = record_serializer(
    "PaperSerializer", catalog_records.PAPER, sources={"topics": "topic_slugs"}
)


class LineageNodeSerializer(serializers.Serializer):
    model = _ref("Slug of the related model.")
    name = serializers.CharField(help_text="Its name.")
    depth = serializers.IntegerField(help_text="Number of lineage links from the model.")
    relation = _choice(Relation, "Relation of the last link on the shortest path to it.")
    via = _ref("Slug of the model one link nearer on that path.")


class LineageEdgeSerializer(serializers.Serializer):
    child = _ref("Slug of the derived model.")
    parent = _ref("Slug of the model it was derived from.")
    relation = _choice(Relation, "How the child was derived from the parent.")


class LineageSerializer(serializers.Serializer):
    model = _ref("Slug of the model.")
    ancestors = LineageNodeSerializer(
        many=True, help_text="Models it descends from, nearest first (then by slug)."
    )
    descendants = LineageNodeSerializer(
        many=True, help_text="Models descending from it, nearest first (then by slug)."
    )
    edges = LineageEdgeSerializer(
        many=True,
        help_text="Every link between the model, its ancestors and its descendants listed.",
    )


# --- Evidence ------------------------------------------------------------------------------

BenchmarkSerializer = record_serializer(
    "BenchmarkSerializer",
    evidence_records.BENCHMARK,
    sources={"tasks": "task_slugs"},
    extra={
        "result_count": serializers.IntegerField(
            help_text="API only: number of published results on it (in each model's `results`)."
        )
    },
)


# --- Guidance ------------------------------------------------------------------------------

TaskSerializer = record_serializer(
    "TaskSerializer",
    guidance_records.TASK,
    sources={"category": "category.slug"},
    extra={
        "guidelines": _slugs(
            "API only: slugs of its guidelines with the verdicts asked for (all by default), "
            "by title.",
            source="guideline_slugs",
        )
    },
)
EvidenceSerializer = record_serializer("EvidenceSerializer", guidance_records.EVIDENCE)
GuidelineSerializer = record_serializer("GuidelineSerializer", guidance_records.GUIDELINE)
FlowAnswerSerializer = record_serializer("FlowAnswerSerializer", guidance_records.ANSWER)
QuestionSerializer = record_serializer("QuestionSerializer", guidance_records.QUESTION)


class DecisionFlowSerializer(serializers.Serializer):
    start = _ref("Slug of the first question; null when the flow is empty.", allow_null=True)
    questions = QuestionSerializer(many=True, help_text="Every question, in flow order.")


# --- Root ----------------------------------------------------------------------------------


class DataLicenseSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="SPDX identifier of the data's licence: CC-BY-4.0.")
    name = serializers.CharField(help_text="Its name.")
    url = serializers.URLField(help_text="Its text.")
    attribution = serializers.CharField(help_text="Whom to credit when reusing the data.")


class RootSerializer(serializers.Serializer):
    models = serializers.URLField(help_text="Models, filtered like /models/.")
    organizations = serializers.URLField(help_text="Organisations, like /organizations/.")
    licenses = serializers.URLField(help_text="Licences of the models, like /licenses/.")
    datasets = serializers.URLField(help_text="Training corpora, like /datasets/.")
    papers = serializers.URLField(help_text="Papers, like /papers/.")
    benchmarks = serializers.URLField(help_text="Benchmarks, like /benchmarks/.")
    tasks = serializers.URLField(help_text="Tasks, like /tasks/.")
    guidelines = serializers.URLField(help_text="Guidelines, as the /tasks/ matrix shows them.")
    decision_flow = serializers.URLField(help_text="The decision flow of /decide/.")
    schema = serializers.URLField(help_text="This API's OpenAPI 3 schema.")
    docs = serializers.URLField(help_text="Browsable documentation of the schema.")
    license = DataLicenseSerializer(help_text="The licence the data is published under.")
