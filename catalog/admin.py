from django.contrib import admin
from django.db.models import Count
from django.db.models.functions import ExtractYear

from .models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic

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
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "model_count")
    list_filter = ("kind", "country")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(License)
class LicenseAdmin(admin.ModelAdmin):
    list_display = ("name", "commercial_use", "model_count")
    list_filter = ("commercial_use",)
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
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("name", "access", "model_count")
    list_filter = ("access",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("models"))

    @admin.display(description="models", ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("title", "authors", "year", "venue")
    list_filter = ("topics", "year")
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


@admin.register(LanguageModel)
class LanguageModelAdmin(admin.ModelAdmin):
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
class LineageAdmin(admin.ModelAdmin):
    list_display = ("child", "relation", "parent", "note")
    list_filter = ("relation",)
    list_select_related = ("child", "parent")
    search_fields = ("child__name", "parent__name", "note")
    autocomplete_fields = ("child", "parent")
    fieldsets = ((None, {"fields": ("child", "relation", "parent", "note")}), SOURCES)
