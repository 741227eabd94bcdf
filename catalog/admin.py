import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from core.admin import ChangedRecentlyFilter, CuratedAdmin, VersionedForm
from core.citations import Citation
from core.locks import lock_lineage
from core.validators import LANGUAGE_RE

from .models import (
    Dataset,
    Family,
    LanguageModel,
    License,
    Lineage,
    Modality,
    ModelSize,
    Organization,
    Paper,
    PastLicense,
    Purpose,
    Topic,
    find_cycle,
)
from .offerings import Offering, OfferingPrice, refresh_lifecycle
from .records import LINK_FIELDS


def warn_about_late_parents(request, links) -> None:
    """A parent released after its child is possible but usually a wrong date or direction."""
    late = links.filter(parent__release_date__gt=F("child__release_date"))
    for link in late.select_related("child", "parent"):
        messages.warning(
            request,
            f"Please check: {link.parent} (released {link.parent.release_display}) is a parent "
            f"of {link.child}, released earlier ({link.child.release_display}). Saved anyway; "
            "fix a date or the direction of the link if one is wrong.",
        )


SOURCES = ("Sources", {"fields": ("source_url", "source_note"), "classes": ("collapse",)})


class ReleaseYearFilter(admin.SimpleListFilter):
    title = "release year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            LanguageModel.objects.annotate(year=ExtractYear("release_date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(release_date__year=int(value))
        return queryset


class AliasesField(forms.CharField):
    """Aliases, one per line (stored as a JSON list of names)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 40})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in super().to_python(value).splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(data) != (initial or [])


class CitationInline(GenericTabularInline):
    """The source of each fact: `field` is the record key (release_date, parents ...), `item`
    one item of a list (a size label, a parent's slug, service/model id)."""

    model = Citation
    extra = 0
    fields = ("field", "item", "method", "source_url", "retrieved_on", "note")
    verbose_name_plural = "citations (the source of each fact)"


class NamedForm(VersionedForm):
    """An organisation's or a family's form: aliases one per line (the maker's Chinese name
    among them, cited below)."""

    aliases = AliasesField(
        required=False,
        help_text="Other names, one per line; a Chinese name as the maker writes it, cited.",
    )


@admin.register(Organization)
class OrganizationAdmin(CuratedAdmin):
    form = NamedForm
    list_display = ("name", "kind", "country", "model_count")
    list_filter = ("kind", "country", ChangedRecentlyFilter)
    search_fields = ("name", "slug", "aliases")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "aliases", "kind", "country", "url")
    inlines = (CitationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(License)
class LicenseAdmin(CuratedAdmin):
    list_display = ("name", "commercial_use", "model_count")
    list_filter = ("commercial_use", ChangedRecentlyFilter)
    search_fields = ("name", "slug", "restrictions")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": (("name", "name_zh_hans"), "slug", "version", "url", "commercial_use")}),
        (
            "Terms, in English and in Chinese",
            {"fields": (("restrictions", "restrictions_zh_hans"),)},
        ),
        SOURCES,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(Family)
class FamilyAdmin(CuratedAdmin):
    form = NamedForm
    list_display = ("name", "organization_names", "model_count")
    list_filter = ("organizations", ChangedRecentlyFilter)
    search_fields = ("name", "slug", "aliases", "summary", "summary_zh_hans")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organizations",)
    fields = ("name", "slug", "aliases", "organizations", ("summary", "summary_zh_hans"))
    inlines = (CitationInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(model_count=Count("models", distinct=True))
            .prefetch_related("organizations")
        )

    @admin.display(description="organisations")
    def organization_names(self, obj):
        return ", ".join(o.name for o in obj.organizations.all())

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(Dataset)
class DatasetAdmin(CuratedAdmin):
    list_display = ("name", "access", "model_count")
    list_filter = ("access", ChangedRecentlyFilter)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(Topic)
class TopicAdmin(CuratedAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    list_filter = (ChangedRecentlyFilter,)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Paper)
class PaperAdmin(CuratedAdmin):
    list_display = ("title", "authors", "year", "venue")
    list_filter = ("topics", "year", ChangedRecentlyFilter)
    search_fields = ("title", "authors", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topics",)


class SizeInline(admin.TabularInline):
    """The sizes a release ships (8B, 70B, 405B)."""

    model = ModelSize
    extra = 1
    fields = ("label", "parameters_billions", "parameters_active_billions")
    verbose_name = "released size"


class PastLicenseInline(admin.TabularInline):
    """Licences the model carried before its current one."""

    model = PastLicense
    extra = 0
    autocomplete_fields = ("license",)
    fields = ("license", "until", "source_url")
    verbose_name = "earlier licence"
    verbose_name_plural = "earlier licences (the current one is above)"


class OfferingInline(admin.StackedInline):
    """Where the model is served, at what price, until when. A closed model's lifecycle follows
    these when the model is saved; earlier prices are kept on each offering's own page."""

    model = Offering
    extra = 0
    autocomplete_fields = ("provider",)
    show_change_link = True
    fields = (
        ("provider", "service", "provider_model_id"),
        ("availability", "deprecated_on", "retires_on"),
        (
            "price_input_usd_per_mtok",
            "price_cached_input_usd_per_mtok",
            "price_output_usd_per_mtok",
        ),
        "price_note",
        ("context_tokens", "max_output_tokens"),
        "url",
    )


class ResultInline(admin.TabularInline):
    """Benchmark scores of the model (evidence/models.py, above the catalog: found by name).
    Who reported each: `maker`, or the third party that measured it."""

    model = apps.get_model("evidence", "Result")
    extra = 0
    autocomplete_fields = ("benchmark",)
    fields = ("benchmark", "score", "setting", "reported_by", "source_url", "date", "note")
    verbose_name = "benchmark result"


class ParentInline(admin.TabularInline):
    """The models this one derives from ("parents"), with the kind of derivation."""

    model = Lineage
    fk_name = "child"
    extra = 1
    autocomplete_fields = ("parent",)
    fields = ("parent", "relation", "note", "source_url", "source_note")
    verbose_name = "parent"
    verbose_name_plural = "derived from (parents)"

    class Media:
        css = {"all": ("css/admin.css",)}


SAVE_MOMENT = datetime.timedelta(seconds=2)


def version_done(record):
    """When the save that wrote history `record` was done.

    One admin save writes several history rows within moments (the fields, then each
    many-to-many field, then the parent links): those belong to the same version.
    """
    later = LanguageModel.history.filter(id=record.id, history_date__gt=record.history_date)
    last = record.history_date
    for date in later.order_by("history_date").values_list("history_date", flat=True):
        if date - last > SAVE_MOMENT:
            break
        last = date
    return last + SAVE_MOMENT


def parent_links_at(record) -> dict:
    """{lineage id: its history row}: the parent links the model had in version `record`."""
    rows = Lineage.history.filter(child_id=record.id, history_date__lte=version_done(record))
    latest = {}
    for row in rows.order_by("-history_date", "-history_id"):
        latest.setdefault(row.id, row)
    return {pk: row for pk, row in latest.items() if row.history_type != "-"}


def restore_parent_links(request, record) -> None:
    """Make the model's parent links those of version `record`, as far as history knows them.

    Links added since are removed, changed ones get their values back, removed ones come back
    (unless their parent is gone). Links with no history at all are left alone. If the result
    would close a loop in the lineage nothing changes, and the editor is told.
    """
    lock_lineage()
    model_pk = record.id
    then = parent_links_at(record)
    tracked = set(Lineage.history.filter(child_id=model_pk).values_list("id", flat=True))
    current = {link.pk: link for link in Lineage.objects.filter(child_id=model_pk)}
    parents = set(
        LanguageModel.objects.filter(pk__in=[r.parent_id for r in then.values()]).values_list(
            "pk", flat=True
        )
    )
    remove = [link for pk, link in current.items() if pk in tracked and pk not in then]
    kept = {link.parent_id for link in current.values() if link not in remove}
    back = [
        row
        for pk, row in then.items()
        if pk not in current and row.parent_id in parents and row.parent_id not in kept
    ]
    edges = list(Lineage.objects.exclude(child_id=model_pk).values_list("child_id", "parent_id"))
    edges += [(model_pk, parent) for parent in kept | {row.parent_id for row in back}]
    cycle = find_cycle(edges)
    if cycle:
        names = dict(LanguageModel.objects.filter(pk__in=cycle).values_list("pk", "name"))
        messages.warning(
            request,
            "The parent links were left as they are: those of that version would now close a "
            f"loop in the lineage ({' → '.join(names[pk] for pk in cycle)}).",
        )
        return
    for link in remove:
        link.delete()
    changed = len(remove)
    for pk, row in then.items():
        link = current.get(pk)
        if link is not None and any(getattr(link, f) != getattr(row, f) for f in LINK_FIELDS):
            for name in LINK_FIELDS:
                setattr(link, name, getattr(row, name))
            link.save()
            changed += 1
    for row in back:
        Lineage.objects.create(
            child_id=model_pk, parent_id=row.parent_id, **{f: getattr(row, f) for f in LINK_FIELDS}
        )
        changed += 1
    if changed:
        messages.info(request, "Its parent links were restored as they were in that version.")


class ChoicesListField(forms.MultipleChoiceField):
    """A list of choice values as checkboxes, stored as a JSON list in the choices' order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, choices, **kwargs):
        self.values = choices.values
        super().__init__(choices=choices.choices, required=False, **kwargs)

    def clean(self, value):
        chosen = set(super().clean(value))
        return [choice for choice in self.values if choice in chosen]


class LanguagesField(forms.CharField):
    """ISO 639-1 codes separated by spaces or commas, stored as a sorted JSON list."""

    def prepare_value(self, value):
        return " ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        codes = (super().to_python(value) or "").replace(",", " ").split()
        bad = [code for code in codes if not LANGUAGE_RE.match(code)]
        if bad:
            raise forms.ValidationError(
                f"Not ISO 639-1 codes: {', '.join(bad[:5])}. Use two lower-case letters, "
                "such as en or zh."
            )
        return sorted(set(codes))

    def has_changed(self, initial, data):
        return self.to_python(data) != (initial or [])


class LanguageModelForm(VersionedForm):
    aliases = AliasesField(
        required=False, help_text="Other names readers search for, one per line."
    )
    input_modalities = ChoicesListField(Modality, label="Input", help_text="What it reads.")
    output_modalities = ChoicesListField(Modality, label="Output", help_text="What it writes.")
    purposes = ChoicesListField(
        Purpose, label="Made for", help_text="What its maker offers it for."
    )
    languages = LanguagesField(
        required=False,
        max_length=2000,
        help_text="ISO 639-1 codes of the languages its maker lists, e.g. en zh fr.",
    )


@admin.register(LanguageModel)
class LanguageModelAdmin(CuratedAdmin):
    form = LanguageModelForm
    list_display = (
        "name",
        "branch",
        "organization_names",
        "access",
        "release_display",
        "parameters_display",
        "license",
    )
    list_filter = (
        "branch",
        "architecture",
        "access",
        "weights",
        "reasoning",
        "lifecycle",
        ReleaseYearFilter,
        "family",
        "organizations",
        "license__commercial_use",
        "license",
        ChangedRecentlyFilter,
    )
    list_select_related = ("license",)
    search_fields = ("name", "slug", "aliases", "summary", "organizations__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organizations", "license", "datasets", "papers", "family")
    date_hierarchy = "release_date"
    inlines = (
        SizeInline,
        PastLicenseInline,
        ParentInline,
        OfferingInline,
        ResultInline,
        CitationInline,
    )
    locks_lineage = True
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "aliases",
                    "family",
                    "organizations",
                    ("access", "weights"),
                    "url",
                )
            },
        ),
        (
            "Design",
            {
                "fields": (
                    ("branch", "architecture"),
                    "branch_note",
                    ("input_modalities", "output_modalities"),
                    "reasoning",
                )
            },
        ),
        (
            "For choosing",
            {
                "fields": (
                    "purposes",
                    ("languages", "languages_unlisted"),
                    ("knowledge_cutoff", "knowledge_cutoff_precision"),
                    "max_output_tokens",
                    ("tool_use", "structured_output"),
                )
            },
        ),
        (
            "Release and size",
            {
                "fields": (
                    ("release_date", "release_date_precision"),
                    ("lifecycle", "retired_on"),
                    ("parameters_billions", "parameters_active_billions"),
                    "parameters_note",
                    ("context_length_tokens", "training_tokens_trillions"),
                )
            },
        ),
        ("Terms and data", {"fields": ("license", "data_license", "datasets", "papers")}),
        ("Description, in English and in Chinese", {"fields": (("summary", "summary_zh_hans"),)}),
        SOURCES,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organizations")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if refresh_lifecycle(obj):
            messages.info(
                request, f"Its lifecycle now follows its offerings: {obj.get_lifecycle_display()}."
            )
        warn_about_late_parents(request, Lineage.objects.filter(Q(child=obj) | Q(parent=obj)))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = LanguageModel.history.filter(history_id=version_id, id=object_id).first()
        if request.method == "GET" and record is not None:
            links = parent_links_at(record).values()
            names = dict(
                LanguageModel.objects.filter(pk__in=[r.parent_id for r in links]).values_list(
                    "pk", "name"
                )
            )
            listed = "; ".join(
                f"{Lineage.Relation(r.relation).label} {names.get(r.parent_id, '(deleted)')}"
                for r in links
            )
            messages.info(
                request,
                "Reverting also brings back this version's parent links: "
                + (listed or "none")
                + ".",
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def reverted(self, request, record):
        restore_parent_links(request, record)

    @admin.display(description="organisations")
    def organization_names(self, obj):
        return ", ".join(o.name for o in obj.organizations.all())

    @admin.display(description="released", ordering="release_date")
    def release_display(self, obj):
        return obj.release_display

    @admin.display(description="parameters", ordering="parameters_billions")
    def parameters_display(self, obj):
        return obj.parameters_display


@admin.register(Lineage)
class LineageAdmin(CuratedAdmin):
    locks_lineage = True
    list_display = ("child", "relation", "parent", "note")
    list_filter = ("relation", ChangedRecentlyFilter)
    list_select_related = ("child", "parent")
    search_fields = ("child__name", "parent__name", "note")
    autocomplete_fields = ("child", "parent")
    fieldsets = ((None, {"fields": ("child", "relation", "parent", "note")}), SOURCES)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_about_late_parents(request, Lineage.objects.filter(pk=obj.pk))


class OfferingPriceInline(admin.TabularInline):
    model = OfferingPrice
    extra = 0
    fields = (
        "until",
        "price_input_usd_per_mtok",
        "price_cached_input_usd_per_mtok",
        "price_output_usd_per_mtok",
        "source_url",
    )
    verbose_name_plural = "earlier prices (each until the day the next took effect)"


@admin.register(Offering)
class OfferingAdmin(CuratedAdmin):
    list_display = (
        "provider_model_id",
        "service",
        "model",
        "availability",
        "retires_on",
        "price_input_usd_per_mtok",
        "price_output_usd_per_mtok",
    )
    list_filter = ("availability", "service", ChangedRecentlyFilter)
    list_select_related = ("model", "provider")
    search_fields = ("provider_model_id", "model__name", "service")
    autocomplete_fields = ("model", "provider")
    inlines = (OfferingPriceInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if refresh_lifecycle(form.instance.model):
            messages.info(request, "The model's lifecycle now follows its offerings.")
