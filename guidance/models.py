"""Task guidance: when to use an LLM and when a fine-tuned model, why, and the decision flow.

A Guideline is one use or no-use case of a Task, with its evidence (papers, each with a note)
and example models from the catalog. The decision flow is data: ordered yes/no Questions whose
Answers lead to another question or to an outcome.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import LanguageModel, Paper
from core.history import AtlasHistoricalRecords
from core.models import (
    NOTE_LIMIT,
    SUMMARY_LIMIT,
    Timestamped,
    UniquelyNamed,
    long_text,
    slug_validator,
    unique_name,
)
from core.publishing import PublishableQuerySet, status_field, status_valid
from core.text import words_match
from core.translation import translation_of
from core.validators import validate_text


class Verdict(models.TextChoices):
    """What a guideline recommends for its task."""

    USE_LLM = "use-llm", gettext_lazy("Use an LLM")
    USE_FINE_TUNED = "use-fine-tuned", gettext_lazy("Use a fine-tuned model")
    DEPENDS = "depends", gettext_lazy("It depends")

    @property
    def short(self) -> str:
        """The word shown in the matrix cells and badges."""
        return {"use-llm": _("LLM"), "use-fine-tuned": _("Fine-tuned"), "depends": _("Depends")}[
            self
        ]

    @property
    def symbol(self) -> str:
        """A shape per verdict, so that colour is never the only signal."""
        return {"use-llm": "●", "use-fine-tuned": "■", "depends": "◆"}[self]

    @property
    def column_heading(self) -> str:
        return {
            "use-llm": _("Use an LLM when…"),
            "use-fine-tuned": _("Use a fine-tuned model when…"),
            "depends": _("It depends…"),
        }[self]


class Outcome(models.TextChoices):
    """Where the decision flow can end; the figure's red, green and yellow pills."""

    LLM = "llm", gettext_lazy("Use an LLM")
    FINE_TUNED = "fine-tuned", gettext_lazy("Use a fine-tuned model")
    UNCERTAIN = "uncertain", gettext_lazy("No clear answer")

    @property
    def verdict(self) -> Verdict:
        """The guideline verdict with the same meaning (for colours and symbols)."""
        return {
            "llm": Verdict.USE_LLM,
            "fine-tuned": Verdict.USE_FINE_TUNED,
            "uncertain": Verdict.DEPENDS,
        }[self]

    @property
    def short(self) -> str:
        return {"llm": _("LLM"), "fine-tuned": _("Fine-tuned"), "uncertain": _("Uncertain")}[self]

    def catalog_query(self) -> str:
        """The /models/ filters (catalog/filters.py) that list candidates for this outcome."""
        if self == self.LLM:
            return "?branch=decoder-only&sort=-release_date"
        if self == self.FINE_TUNED:
            return "?access=open&branch=encoder-only&branch=encoder-decoder"
        return "?branch=decoder-only&branch=encoder-decoder&branch=encoder-only"

    @property
    def catalog_label(self) -> str:
        if self == self.LLM:
            return _("Browse decoder-only models, newest first")
        if self == self.FINE_TUNED:
            return _("Browse open encoder-only and encoder-decoder models to fine-tune")
        return _("Compare candidates of every transformer branch")


class Answer(models.TextChoices):
    """The two answers to a flow question; each has one letter in the /decide/ URL."""

    YES = "yes", gettext_lazy("Yes")
    NO = "no", gettext_lazy("No")

    @property
    def letter(self) -> str:
        return self.value[0]

    @classmethod
    def from_letter(cls, letter: str) -> "Answer | None":
        return {"y": cls.YES, "n": cls.NO}.get(letter)


class TaskCategory(UniquelyNamed, Timestamped):
    """A group of tasks, e.g. traditional NLU; shown in `order`."""

    name = models.CharField(max_length=100, validators=[validate_text])
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    name_zh_hans = translation_of(name)
    order = models.PositiveSmallIntegerField(default=0, help_text="Smaller comes first.")
    description = long_text(NOTE_LIMIT, help_text="One or two sentences, plain text.")
    description_zh_hans = translation_of(description)

    objects = PublishableQuerySet.as_manager()

    history = AtlasHistoricalRecords()
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "task categories"
        constraints = [
            unique_name("taskcategory", "A task category"),
            status_valid("taskcategory"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('guidance:task_list')}?category={self.slug}"


class TaskQuerySet(PublishableQuerySet):
    def search(self, q: str):
        """Tasks whose name or description holds every word of `q` (case-insensitive)."""
        return self.filter(
            _words_query(
                q,
                ("name", "description", "category__name"),
                ("name_zh_hans", "description_zh_hans", "category__name_zh_hans"),
            )
        )


class Task(UniquelyNamed, Timestamped):
    name = models.CharField(max_length=100, validators=[validate_text])
    name_zh_hans = translation_of(name)
    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    category = models.ForeignKey(TaskCategory, on_delete=models.PROTECT, related_name="tasks")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position within its category; smaller comes first."
    )
    description = long_text(NOTE_LIMIT, help_text="What the task is, plain text.")
    description_zh_hans = translation_of(description)
    # The benchmarks that measure it (declared here: guidance sits above evidence). In the
    # interchange format a benchmark lists its tasks.
    benchmarks = models.ManyToManyField("evidence.Benchmark", blank=True, related_name="tasks")

    published_with = ("category",)  # public only in a published category
    objects = TaskQuerySet.as_manager()

    history = AtlasHistoricalRecords(m2m_fields=[benchmarks])
    page_from_own_row = True  # /changes/ links to its page without another query

    class Meta:
        ordering = ["category__order", "order", "name"]
        constraints = [unique_name("task", "A task"), status_valid("task")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:task_detail", args=[self.slug])


class GuidelineQuerySet(PublishableQuerySet):
    def search(self, q: str):
        """Guidelines whose title, conditions or rationale hold every word of `q`."""
        return self.filter(
            _words_query(
                q,
                ("title", "conditions", "rationale", "task__name"),
                ("title_zh_hans", "conditions_zh_hans", "rationale_zh_hans", "task__name_zh_hans"),
            )
        )

    def naming(self, model):
        """Guidelines that give `model` as an example, with their task, in one query."""
        return self.filter(example_models=model).select_related("task").order_by("title")

    def citing(self, paper):
        """Guidelines citing `paper`, each with the evidence `note`, in one query."""
        return (
            self.filter(evidence__paper=paper)
            .annotate(note=F("evidence__note"), note_zh_hans=F("evidence__note_zh_hans"))
            .select_related("task")
            .order_by("title")
        )


class Guideline(Timestamped):
    """A use or no-use case: under these conditions, for this task, prefer this."""

    Verdict = Verdict

    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    status = status_field()
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="guidelines")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    title = models.CharField(
        max_length=200, validators=[validate_text], help_text="The case in a few words."
    )
    title_zh_hans = translation_of(title)
    conditions = long_text(
        NOTE_LIMIT, help_text="When this applies, in plain words (data, constraints, inputs)."
    )
    conditions_zh_hans = translation_of(conditions)
    rationale = long_text(SUMMARY_LIMIT, help_text="Why, in our own words. Markdown.")
    rationale_zh_hans = translation_of(rationale)
    papers = models.ManyToManyField(
        Paper, through="Evidence", related_name="guidelines", blank=True
    )
    example_models = models.ManyToManyField(
        LanguageModel, blank=True, related_name="guidelines", help_text="Models that fit the case."
    )

    published_with = ("task",)
    objects = GuidelineQuerySet.as_manager()

    history = AtlasHistoricalRecords(m2m_fields=[example_models])

    class Meta:
        ordering = ["task__category__order", "task__order", "task__name", "title"]
        constraints = [
            status_valid("guideline"),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="guideline_verdict_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The guideline's place on its task page; runs a query unless `task` is loaded."""
        return f"{self.task.get_absolute_url()}#{self.slug}"

    @property
    def verdict_choice(self) -> Verdict:
        return Verdict(self.verdict)


class Evidence(Timestamped):
    """A paper supporting a guideline, with what it shows in a few words."""

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="evidence")
    # Deleting a paper removes what it supported here (the admin lists it before deleting).
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="evidence")
    note = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_text],
        help_text="What the paper shows, e.g. “fine-tuned ~2× F1”.",
    )
    note_zh_hans = translation_of(note)

    objects = PublishableQuerySet.as_manager()
    # No status of its own: public when its guideline and its paper are.
    published_with = ("guideline", "paper")

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["paper__year", "paper__title"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "paper"],
                name="evidence_unique_paper",
                violation_error_message="This paper is already cited by this guideline.",
            ),
        ]

    def __str__(self):
        return f"{self.paper} for {self.guideline}"


class QuestionQuerySet(models.QuerySet):
    def for_flow(self):
        """Every question with its answers, their targets and published guidelines: three
        queries."""
        return self.order_by("order", "slug").prefetch_related(
            models.Prefetch(
                "answers",
                queryset=FlowAnswer.objects.order_by("-answer").prefetch_related(
                    models.Prefetch(
                        "guidelines",
                        queryset=Guideline.objects.published()
                        .select_related("task")
                        .order_by("title"),
                    )
                ),
            )
        )


class Question(Timestamped):
    """One yes/no question of the decision flow; the first is the one with the lowest order."""

    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the flow and the diagram; the smallest starts it."
    )
    label = models.CharField(
        max_length=80,
        validators=[validate_text],
        help_text="A few words for the diagram, e.g. “Mimicking a human?”.",
    )
    label_zh_hans = translation_of(label)
    text = models.CharField(
        max_length=300, validators=[validate_text], help_text="The question as the reader sees it."
    )
    text_zh_hans = translation_of(text)
    explanation = long_text(
        NOTE_LIMIT, help_text="A short explanation helping the reader answer. Markdown."
    )
    explanation_zh_hans = translation_of(explanation)

    objects = QuestionQuerySet.as_manager()

    history = AtlasHistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = "flow question"

    def __str__(self):
        return self.label


class FlowAnswer(Timestamped):
    """Yes or no to a question: leads to the next question or to an outcome, never both."""

    Answer = Answer
    Outcome = Outcome

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(max_length=3, choices=Answer.choices)
    next_question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming",
        help_text="Leave empty when this answer ends the flow with an outcome.",
    )
    outcome = models.CharField(
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text="Leave empty when this answer leads to another question.",
    )
    explanation = long_text(NOTE_LIMIT, help_text="Why this answer leads where it does. Markdown.")
    explanation_zh_hans = translation_of(explanation)
    guidelines = models.ManyToManyField(
        Guideline,
        blank=True,
        related_name="flow_answers",
        help_text="Guidelines a reader giving this answer should read.",
    )

    history = AtlasHistoricalRecords(m2m_fields=[guidelines])

    class Meta:
        # "yes" sorts after "no": descending puts Yes first, as in the figure.
        ordering = ["question__order", "question__slug", "-answer"]
        verbose_name = "answer"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "answer"],
                name="flowanswer_unique_answer",
                violation_error_message="This question already has this answer.",
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="flowanswer_answer_valid"
            ),
            models.CheckConstraint(
                condition=Q(next_question__isnull=False, outcome="")
                | Q(next_question__isnull=True, outcome__in=Outcome.values),
                name="flowanswer_leads_to_question_or_outcome",
                violation_error_message=(
                    "An answer leads either to another question or to an outcome: "
                    "set exactly one of the two."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(next_question=F("question")),
                name="flowanswer_no_self_loop",
                violation_error_message="An answer cannot lead back to its own question.",
            ),
        ]

    def __str__(self):
        target = self.next_question or self.get_outcome_display()
        return f"{self.question}: {self.get_answer_display()} → {target}"

    @property
    def answer_choice(self) -> Answer:
        return Answer(self.answer)

    @property
    def outcome_choice(self) -> Outcome | None:
        return Outcome(self.outcome) if self.outcome else None

    def clean(self):
        super().clean()
        if bool(self.next_question_id) == bool(self.outcome):
            message = "Choose either the next question or an outcome (exactly one)."
            raise ValidationError({"next_question": message, "outcome": message})
        if self.next_question_id and self.next_question_id == self.question_id:
            raise ValidationError({"next_question": "An answer cannot lead to its own question."})


def _words_query(q: str, fields: tuple[str, ...], chinese_fields: tuple[str, ...]) -> Q:
    """Every word of `q` must appear (icontains) in one of `fields`, a Chinese one in one of
    `chinese_fields` or through its terms (core/search_terms.py); no words matches nothing."""
    words = (q or "").split()[:MAX_SEARCH_WORDS]
    if not words:
        return Q(pk__in=[])
    return words_match(fields, words, chinese_fields)


MAX_SEARCH_WORDS = 8
