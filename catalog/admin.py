from django import forms
from django.contrib import admin, messages
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from editorial.admin_tools import ChangedRecentlyFilter, CuratedAdmin, VersionedForm

from .models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic


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


@admin.register(Organization)
class OrganizationAdmin(CuratedAdmin):
    list_display = ("name", "kind", "country", "model_count")
    list_filter = ("kind", "country", ChangedRecentlyFilter)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

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
        (None, {"fields": ("name", "slug", "url", "commercial_use", "restrictions")}),
        SOURCES,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

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


class AliasesField(forms.CharField):
    """A model's aliases, one per line (stored as a JSON list of names)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 40})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in super().to_python(value).splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(data) != (initial or [])


class LanguageModelForm(VersionedForm):
    aliases = AliasesField(
        required=False, help_text="Other names readers search for, one per line."
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
        "access",
        ReleaseYearFilter,
        "organizations",
        "license__commercial_use",
        "license",
        ChangedRecentlyFilter,
    )
    list_select_related = ("license",)
    search_fields = ("name", "slug", "summary", "organizations__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organizations", "license", "datasets", "papers")
    date_hierarchy = "release_date"
    inlines = (ParentInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "aliases", "branch", "organizations", "access", "url")}),
        (
            "Release and size",
            {
                "fields": (
                    "release_date",
                    "release_date_precision",
                    "parameters_billions",
                    "parameters_note",
                )
            },
        ),
        ("Terms and data", {"fields": ("license", "data_license", "datasets", "papers")}),
        ("Description", {"fields": ("summary",)}),
        SOURCES,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organizations")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        warn_about_late_parents(request, Lineage.objects.filter(Q(child=obj) | Q(parent=obj)))

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
    list_display = ("child", "relation", "parent", "note")
    list_filter = ("relation", ChangedRecentlyFilter)
    list_select_related = ("child", "parent")
    search_fields = ("child__name", "parent__name", "note")
    autocomplete_fields = ("child", "parent")
    fieldsets = ((None, {"fields": ("child", "relation", "parent", "note")}), SOURCES)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_about_late_parents(request, Lineage.objects.filter(pk=obj.pk))
