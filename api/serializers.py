"""What each endpoint answers, field by field: these classes render it and document it.

Field names and values are those of the interchange format `llm-atlas/1`
(docs/interchange.md): objects refer to each other by slug, choices are the lower-case
hyphenated words, dates are ISO. Models, guidelines and the decision flow are built by the
interchange's own record functions and rendered through these; the other resources are read
from their rows. A few fields the format has no place for are marked "API only".
"""

from rest_framework import serializers

from catalog.models import (
    Branch,
    CommercialUse,
    DatasetAccess,
    DatePrecision,
    ModelAccess,
    OrganizationKind,
    Relation,
)
from guidance.models import Outcome, Verdict

# Small field makers (underscored: several field names would shadow them in class bodies).


def _ref(help_text: str, **kwargs):
    return serializers.CharField(help_text=help_text, **kwargs)


def _refs(help_text: str):
    return serializers.ListField(child=serializers.CharField(), help_text=help_text)


def _text(help_text: str):
    return serializers.CharField(allow_blank=True, help_text=help_text)


def _choice(choices, help_text: str, **kwargs):
    return serializers.ChoiceField(choices=choices.choices, help_text=help_text, **kwargs)


# --- Catalog -------------------------------------------------------------------------------


class ParentLinkSerializer(serializers.Serializer):
    model = _ref("Slug of the parent model.")
    relation = _choice(Relation, "How the model was derived from the parent.")
    note = _text("A short note on the link.")
    source_url = _text("Where the link is documented (may be empty).")
    source_note = _text("What the source says, or what is uncertain.")


class LanguageModelSerializer(serializers.Serializer):
    slug = _ref("Identifier, used in URLs and references.")
    name = serializers.CharField(help_text="Name.")
    aliases = _refs("Other names the model is known by.")
    branch = _choice(Branch, "Architecture branch of the evolutionary tree.")
    organizations = _refs("Slugs of the organisations that made it.")
    access = _choice(ModelAccess, "open: weights downloadable; closed: not released.")
    release_date = serializers.DateField(
        help_text="First public release; finer parts are 01 below day precision."
    )
    release_date_precision = _choice(DatePrecision, "How much of `release_date` is known.")
    parameters_billions = serializers.FloatField(
        allow_null=True, help_text="Largest published size in billions; null if unpublished."
    )
    parameters_note = _text("Sizes of the family, in words.")
    license = _ref("Slug of the licence of the weights; null if never released.", allow_null=True)
    data_license = _text("Terms of the training data, in short.")
    datasets = _refs("Slugs of the training corpora.")
    papers = _refs("Slugs of the papers that introduce or describe it.")
    summary = _text("Two or three sentences, Markdown.")
    url = _text("Home page (may be empty).")
    source_url = _text("Where the facts come from (may be empty).")
    source_note = _text("What is uncertain about the facts.")
    parents = ParentLinkSerializer(many=True, help_text="What it was derived from, and how.")


class OrganizationSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    name = serializers.CharField(help_text="Name.")
    kind = _choice(OrganizationKind, "Kind of organisation.")
    country = _text("ISO 3166-1 alpha-2 code, e.g. US; empty when unknown.")
    url = _text("Web site (may be empty).")
    model_count = serializers.IntegerField(help_text="API only: number of its models.")


class LicenseSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    name = serializers.CharField(help_text="Name.")
    url = _text("Text of the licence (may be empty).")
    commercial_use = _choice(CommercialUse, "Whether commercial use is allowed.")
    restrictions = _text("Notable restrictions, in plain words.")
    source_url = _text("Where the terms were read (may be empty).")
    source_note = _text("What is uncertain about the terms.")
    models = serializers.ListField(
        child=serializers.CharField(),
        source="matching_models",
        help_text="API only: slugs of its models that match the filters, by slug.",
    )


class DatasetSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    name = serializers.CharField(help_text="Name.")
    description = _text("What the corpus holds.")
    access = _choice(DatasetAccess, "Whether the corpus can be obtained.")
    url = _text("Where to find it (may be empty).")
    model_count = serializers.IntegerField(help_text="API only: number of models trained on it.")


class PaperSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    title = serializers.CharField(help_text="Title.")
    authors = _text("Authors, as cited.")
    year = serializers.IntegerField(allow_null=True, help_text="Year; null when undated.")
    venue = _text("Venue (may be empty).")
    url = _text("Where to read it (may be empty).")
    topics = serializers.ListField(
        child=serializers.CharField(),
        source="topic_slugs",
        help_text="Slugs of the sections of the curated list it belongs to.",
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


# --- Guidance ------------------------------------------------------------------------------


class TaskSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    name = serializers.CharField(help_text="Name.")
    category = _ref("Slug of its task category.", source="category.slug")
    order = serializers.IntegerField(help_text="Position within its category.")
    description = _text("What the task is.")
    guidelines = serializers.ListField(
        child=serializers.CharField(),
        source="guideline_slugs",
        help_text=(
            "API only: slugs of its guidelines with the verdicts asked for (all by default), "
            "by title."
        ),
    )


class EvidenceSerializer(serializers.Serializer):
    paper = _ref("Slug of the paper.")
    note = _text("What the paper shows.")


class GuidelineSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    task = _ref("Slug of its task.")
    verdict = _choice(Verdict, "What the guideline recommends.")
    title = serializers.CharField(help_text="The case in a few words.")
    conditions = _text("When it applies.")
    rationale = _text("Why, Markdown.")
    evidence = EvidenceSerializer(many=True, help_text="Papers supporting it, by paper slug.")
    example_models = _refs("Slugs of models that fit the case.")


class FlowAnswerSerializer(serializers.Serializer):
    next = _ref("Slug of the next question; null when the answer ends the flow.", allow_null=True)
    outcome = _choice(
        Outcome, "Where the flow ends; null when a question follows.", allow_null=True
    )
    explanation = _text("Why the answer leads there, Markdown.")
    guidelines = _refs("Slugs of guidelines worth reading on this answer.")


class QuestionSerializer(serializers.Serializer):
    slug = _ref("Identifier.")
    order = serializers.IntegerField(help_text="Position in the flow; the lowest starts it.")
    label = serializers.CharField(help_text="A few words, for diagrams.")
    text = serializers.CharField(help_text="The question.")
    explanation = _text("Help in answering it, Markdown.")
    yes = FlowAnswerSerializer(help_text="Where Yes leads.")
    no = FlowAnswerSerializer(help_text="Where No leads.")


class DecisionFlowSerializer(serializers.Serializer):
    start = _ref("Slug of the first question; null when the flow is empty.", allow_null=True)
    questions = QuestionSerializer(many=True, help_text="Every question, in flow order.")


# --- Root ----------------------------------------------------------------------------------


class RootSerializer(serializers.Serializer):
    models = serializers.URLField(help_text="Models, filtered like /models/.")
    organizations = serializers.URLField(help_text="Organisations, like /organizations/.")
    licenses = serializers.URLField(help_text="Licences of the models, like /licenses/.")
    datasets = serializers.URLField(help_text="Training corpora, like /datasets/.")
    papers = serializers.URLField(help_text="Papers, like /papers/.")
    tasks = serializers.URLField(help_text="Tasks, like /tasks/.")
    guidelines = serializers.URLField(help_text="Guidelines, as the /tasks/ matrix shows them.")
    decision_flow = serializers.URLField(help_text="The decision flow of /decide/.")
    schema = serializers.URLField(help_text="This API's OpenAPI 3 schema.")
    docs = serializers.URLField(help_text="Browsable documentation of the schema.")
