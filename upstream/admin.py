"""The mapping editors extend, and the review queue where they accept or reject proposals."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ChangedRecentlyFilter, CuratedAdmin

from .models import Mapping, Proposal, ProposalState, Snapshot
from .review import ReviewError, accept, reject


@admin.register(Mapping)
class MappingAdmin(CuratedAdmin):
    list_display = (
        "upstream_id",
        "dataset",
        "model",
        "offering",
        "model_facts",
    )
    list_filter = ("dataset", "service", "model_facts", ChangedRecentlyFilter)
    list_select_related = ("model", "provider")
    search_fields = ("upstream_id", "model__name", "model__slug", "provider_model_id")
    autocomplete_fields = ("model", "provider")
    fieldsets = (
        (None, {"fields": ("dataset", "upstream_id", "model")}),
        (
            _("Offering (for prices, limits, shutdown)"),
            {"fields": ("provider", ("service", "provider_model_id"), "model_facts")},
        ),
        (_("Why"), {"fields": ("note",)}),
    )

    @admin.display(description=_("offering"), ordering="service")
    def offering(self, obj):
        return obj.offering_key or "—"


class StateFilter(admin.SimpleListFilter):
    """Open proposals unless asked otherwise: the queue is what waits."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*ProposalState.choices, ("all", _("all"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or ProposalState.OPEN) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or ProposalState.OPEN
        return queryset if value == "all" else queryset.filter(state=value)


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    """The review queue: what each dataset says, beside what the catalog holds."""

    list_display = (
        "model",
        "target",
        "current",
        "upstream",
        "dataset",
        "snapshot_on",
        "source",
        "state",
    )
    list_filter = (StateFilter, "dataset", "field", "snapshot_on")
    list_select_related = ("model", "provider", "decided_by")
    search_fields = ("model__name", "model__slug", "upstream_id", "provider_model_id")
    actions = ("accept_selected", "reject_selected")
    fieldsets = (
        (None, {"fields": ("model", "target", "current", "upstream", "state")}),
        (
            _("Where it comes from"),
            {
                "fields": (
                    "dataset",
                    "upstream_id",
                    "upstream_key",
                    "snapshot_on",
                    "upstream_source",
                    "upstream_note",
                )
            },
        ),
        (_("Decision"), {"fields": ("decided_by", "decided_on")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [
            name
            for fieldset in self.fieldsets
            for names in (fieldset[1]["fields"])
            for name in (names if isinstance(names, tuple) else (names,))
        ]

    def has_add_permission(self, request):
        return False  # proposals come from the sync

    @admin.display(description=_("target"), ordering="field")
    def target(self, obj):
        return obj.target

    @admin.display(description=_("in the catalog"))
    def current(self, obj):
        return obj.show(obj.current_value)

    @admin.display(description=_("upstream says"))
    def upstream(self, obj):
        return obj.show(obj.upstream_value)

    @admin.display(description=_("source"))
    def source(self, obj):
        return format_html('<a href="{}" rel="noreferrer">{}</a>', obj.upstream_source, _("source"))

    @admin.action(description=_("Accept the selected proposals"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide(request, queryset, accept, _("accepted"))

    @admin.action(description=_("Reject the selected proposals"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, reject, _("rejected"))

    def _decide(self, request, queryset, decide, done) -> None:
        decided = set()
        for proposal in queryset.filter(state=ProposalState.OPEN).select_related("model"):
            if proposal.pk in decided:
                continue  # accepted already, with a twin
            try:
                decision = decide(proposal, request.user)
            except ReviewError as error:
                messages.error(request, f"{proposal.model}: {proposal.target}: {error}")
                continue
            decided |= {proposal.pk, *(twin.pk for twin in decision.also)}
        if decided:
            count = len(decided)
            messages.success(
                request,
                ngettext("%(count)d proposal %(done)s.", "%(count)d proposals %(done)s.", count)
                % {"count": count, "done": done},
            )


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """The copies the sync has read: when, from where, and what came of them."""

    list_display = ("dataset", "taken_on", "source", "read_at", "new", "unchanged", "unmatched")
    list_filter = ("dataset",)
    search_fields = ("source",)
    date_hierarchy = "read_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
