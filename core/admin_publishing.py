"""Drafts and review in the admin: who may publish, and how.

Every object added in the admin starts as a draft (an inline's new rows too), whoever adds
it. Publishers (the `publish_<model>` permission) publish or unpublish with the change form's
buttons or the list's actions; for everyone else the status is read-only, and a request to
publish anyway is refused (403, logged by editorial/security.py). Publishing and
unpublishing are recorded in the history like any edit.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from .publishing import Status, has_status, is_published, publish_codename

PUBLISH, UNPUBLISH = "_publish", "_unpublish"
STATUS_FIELD = "status"


def change_reason(status: Status) -> str:
    """What the history records as the reason of a change of status."""
    return "published" if status == Status.PUBLISHED else "unpublished"


class PublishingAdmin(admin.ModelAdmin):
    change_form_template = "admin/curated/change_form.html"

    @property
    def publishable(self) -> bool:
        return has_status(self.model)

    def has_publish_permission(self, request) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.{publish_codename(opts.model_name)}")

    # --- list ------------------------------------------------------------------------------

    def get_list_display(self, request):
        shown = tuple(super().get_list_display(request))
        return (*shown, STATUS_FIELD) if self.publishable else shown

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        return (STATUS_FIELD, *filters) if self.publishable else filters

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.publishable:
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    @admin.action(
        description="Publish the selected %(verbose_name_plural)s", permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED)

    @admin.action(
        description="Unpublish the selected %(verbose_name_plural)s (back to draft)",
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT)

    actions = ("publish_selected", "unpublish_selected")

    def _set_status(self, request, queryset, status) -> None:
        """Change each object's status through its own checks; say what changed and what not."""
        changed, refused = [], []
        for obj in queryset.exclude(status=status):
            obj.status = status
            try:
                obj.clean()
            except ValidationError as error:
                refused.append(f"{obj}: {' '.join(error.messages)}")
                continue
            obj._change_reason = change_reason(status)
            obj.save()
            changed.append(str(obj))
        done = "published" if status == Status.PUBLISHED else "back to draft"
        if changed:
            more = f" and {len(changed) - 10} more" if len(changed) > 10 else ""
            messages.success(request, f"{len(changed)} {done}: {', '.join(changed[:10])}{more}.")
        elif not refused:
            messages.info(request, f"Nothing to change: the selected ones were already {done}.")
        for reason in refused:
            messages.error(request, f"Not changed: {reason}")

    # --- change form -----------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, STATUS_FIELD) if self.publishable else fields

    def stored_status(self, obj):
        """The status saved in the database (None for an object not saved, or deleted)."""
        if obj is None or obj.pk is None:
            return None
        rows = self.model._default_manager.filter(pk=obj.pk).values_list(STATUS_FIELD, flat=True)
        return rows.first()

    def requested_status(self, request, obj) -> Status:
        """The status a save gives the object: what a button asked, else the stored one.

        A new object is a draft. Reverting never brings back a version's status, and an
        object restored after deletion comes back as a draft, to be published again.
        """
        if request.method == "POST" and PUBLISH in request.POST:
            return Status.PUBLISHED
        if request.method == "POST" and UNPUBLISH in request.POST:
            return Status.DRAFT
        return self.stored_status(obj) or Status.DRAFT

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self.publishable:
            return form
        wanted = self.requested_status(request, obj)

        class StatusForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # Before validation, so the model's checks see the status it will have.
                self.instance.status = wanted

        return StatusForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        asked = request.method == "POST" and (PUBLISH in request.POST or UNPUBLISH in request.POST)
        if asked and not (self.publishable and self.has_publish_permission(request)):
            raise PermissionDenied("Only publishers may publish or unpublish.")  # logged as 403
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.publishable:
            # A form shown again after a refused save still says what is stored, not what the
            # button asked for.
            instance = context["adminform"].form.instance
            instance.status = self.stored_status(instance) or Status.DRAFT
            context["publishing"] = {
                "can": self.has_publish_permission(request),
                "published": instance.status == Status.PUBLISHED,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        before = self.stored_status(obj) if self.publishable else None
        if before and before != obj.status:
            obj._change_reason = change_reason(obj.status)
        super().save_model(request, obj, form, change)
        if not self.publishable:
            return
        if obj.status == Status.DRAFT and before != Status.DRAFT:
            messages.info(
                request,
                f"“{obj}” is a draft: readers will see it once a publisher publishes it.",
            )
        elif obj.status == Status.PUBLISHED and not is_published(obj):
            messages.warning(
                request, f"“{obj}” is published but still hidden: what it belongs to is a draft."
            )

    def save_formset(self, request, form, formset, change):
        """New rows of an inline start as drafts too."""
        if has_status(formset.model):
            for inline_form in formset.forms:
                if inline_form.instance.pk is None and inline_form.has_changed():
                    inline_form.instance.status = Status.DRAFT
        super().save_formset(request, form, formset, change)

    def view_on_site(self, obj):
        """The public page, for what readers can see; drafts have none (their URL is a 404)."""
        if not hasattr(obj, "get_absolute_url") or not is_published(obj):
            return None
        return obj.get_absolute_url()
