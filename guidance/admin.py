from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from core.admin import ChangedRecentlyFilter, CuratedAdmin
from core.graph import find_cycle

from .flow import Flow, check_structure
from .models import Answer, Evidence, FlowAnswer, Guideline, Question, Task, TaskCategory


@admin.register(TaskCategory)
class TaskCategoryAdmin(CuratedAdmin):
    list_display = ("name", "order", "task_count")
    list_editable = ("order",)
    list_filter = (ChangedRecentlyFilter,)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = (("name", "name_zh_hans"), "slug", "order", ("description", "description_zh_hans"))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_count=Count("tasks"))

    @admin.display(description="tasks", ordering="task_count")
    def task_count(self, obj):
        return obj.task_count


class GuidelineInline(admin.TabularInline):
    """The task's cases at a glance; each is edited on its own page (evidence, models)."""

    model = Guideline
    fields = ("title", "verdict", "slug")
    extra = 0
    show_change_link = True
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Task)
class TaskAdmin(CuratedAdmin):
    list_display = ("name", "category", "order", "guideline_count")
    list_filter = ("category", ChangedRecentlyFilter)
    list_select_related = ("category",)
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("category", "benchmarks")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        ("name", "name_zh_hans"),
        "slug",
        "category",
        "order",
        ("description", "description_zh_hans"),
        "benchmarks",
    )
    inlines = (GuidelineInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(guideline_count=Count("guidelines"))

    @admin.display(description="guidelines", ordering="guideline_count")
    def guideline_count(self, obj):
        return obj.guideline_count


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("paper", "note", "note_zh_hans")
    autocomplete_fields = ("paper",)
    extra = 1
    verbose_name = "evidence paper"
    verbose_name_plural = "evidence (papers, with what each shows)"


@admin.register(Guideline)
class GuidelineAdmin(CuratedAdmin):
    list_display = ("title", "task", "verdict", "evidence_count", "model_count")
    list_filter = ("verdict", "task__category", ChangedRecentlyFilter)
    list_select_related = ("task",)
    search_fields = ("title", "slug", "conditions", "rationale", "task__name")
    autocomplete_fields = ("task", "example_models")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("task", ("title", "title_zh_hans"), "slug", "verdict")}),
        (
            "When and why, in English and in Chinese",
            {"fields": (("conditions", "conditions_zh_hans"), ("rationale", "rationale_zh_hans"))},
        ),
        ("Examples from the catalog", {"fields": ("example_models",)}),
    )
    inlines = (EvidenceInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                evidence_count=Count("evidence", distinct=True),
                model_count=Count("example_models", distinct=True),
            )
        )

    @admin.display(description="evidence", ordering="evidence_count")
    def evidence_count(self, obj):
        return obj.evidence_count

    @admin.display(description="example models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


class AnswerForm(forms.ModelForm):
    class Meta:
        model = FlowAnswer
        fields = (
            "answer",
            "next_question",
            "outcome",
            "explanation",
            "explanation_zh_hans",
            "guidelines",
        )
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 3, "cols": 40}),
            "explanation_zh_hans": forms.Textarea(attrs={"rows": 3, "cols": 40}),
        }


class AnswerFormSet(BaseInlineFormSet):
    """Exactly one Yes and one No; and the flow with these answers must have no loop."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if sorted(data["answer"] for data in kept) != sorted(Answer.values):
            raise ValidationError("A question needs exactly one Yes answer and one No answer.")
        own = self.instance.pk
        edges = [
            (question, target)
            for question, target in FlowAnswer.objects.exclude(question_id=own)
            .filter(next_question__isnull=False)
            .values_list("question_id", "next_question_id")
        ]
        edges += [(own, data["next_question"].pk) for data in kept if data["next_question"]]
        cycle = find_cycle(edges) if own else None
        if cycle:
            labels = dict(Question.objects.filter(pk__in=cycle).values_list("pk", "label"))
            path = " → ".join(labels[pk] for pk in cycle)
            raise ValidationError(f"These answers would make a loop in the flow: {path}.")


class AnswerInline(admin.TabularInline):
    model = FlowAnswer
    fk_name = "question"
    form = AnswerForm
    formset = AnswerFormSet
    min_num = max_num = 2
    extra = 0
    can_delete = False
    autocomplete_fields = ("next_question", "guidelines")
    verbose_name = "answer"
    verbose_name_plural = "answers (each leads to the next question or to an outcome)"


@admin.register(Question)
class QuestionAdmin(CuratedAdmin):
    list_display = ("label", "order", "yes_leads_to", "no_leads_to")
    list_editable = ("order",)
    list_filter = (ChangedRecentlyFilter,)
    ordering = ("order", "slug")
    search_fields = ("label", "text", "slug")
    prepopulated_fields = {"slug": ("label",)}
    fieldsets = (
        (None, {"fields": (("label", "label_zh_hans"), "slug", "order")}),
        (
            "What the reader sees, in English and in Chinese",
            {"fields": (("text", "text_zh_hans"), ("explanation", "explanation_zh_hans"))},
        ),
    )
    inlines = (AnswerInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("answers__next_question")

    def _leads_to(self, obj, answer):
        for a in obj.answers.all():
            if a.answer == answer:
                return a.next_question.label if a.next_question else f"⇒ {a.get_outcome_display()}"
        return "—"

    @admin.display(description="yes leads to")
    def yes_leads_to(self, obj):
        return self._leads_to(obj, Answer.YES)

    @admin.display(description="no leads to")
    def no_leads_to(self, obj):
        return self._leads_to(obj, Answer.NO)

    def changelist_view(self, request, extra_context=None):
        """Say so above the list when the flow as a whole is not sound."""
        if request.method == "GET":
            for problem in check_structure(Flow.load().nodes()):
                messages.warning(request, f"Flow problem: {problem}")
        return super().changelist_view(request, extra_context)
