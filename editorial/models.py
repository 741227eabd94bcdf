"""What editing adds to the data: each editor's own preferences."""

from django.conf import settings
from django.db import models


class EditorPreference(models.Model):
    """An editor's choices about how their edits appear to the public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_preference"
    )
    show_name_on_changes = models.BooleanField(
        "show my name on public changes",
        default=False,
        help_text="When ticked, /changes/ and its feed name you as the author of your edits.",
    )
    public_name = models.CharField(
        max_length=100, blank=True, help_text="The name shown; empty uses your username."
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = "my editing preference"

    def __str__(self):
        return f"Preferences of {self.user}"

    @property
    def display_name(self) -> str:
        return self.public_name or self.user.get_username()
