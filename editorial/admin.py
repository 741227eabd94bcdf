"""Admin for editing itself: each editor's own preferences."""

from django.contrib import admin

from .models import EditorPreference


@admin.register(EditorPreference)
class EditorPreferenceAdmin(admin.ModelAdmin):
    """Each editor sees and edits only their own row; superusers see everyone's."""

    list_display = ("user", "show_name_on_changes", "public_name")
    list_select_related = ("user",)
    search_fields = ("user__username", "public_name")
    fields = ("show_name_on_changes", "public_name")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_add_permission(self, request):
        own = EditorPreference.objects.filter(user=request.user).exists()
        return super().has_add_permission(request) and not own

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
        super().save_model(request, obj, form, change)
