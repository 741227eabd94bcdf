"""What every browse page shares: downloads of the same rows as CSV or JSON."""

from django.utils.translation import gettext as _

from core import downloads

from ..filters import quote_value

EXPORT_FORMATS = ("csv", "json")


class BrowseMixin:
    """A list page that is also a download: `?format=csv` or `?format=json`, same filters.

    Subclasses give `export_columns`, `export_name` and `export_row(obj)`; the rows exported
    are `export_queryset()` (by default the page's queryset, unpaginated). A subclass with a
    faster way to build rows overrides `export_rows()` instead.
    """

    export_columns: list[str] = []
    export_name = "export"

    def export_queryset(self):
        return self.get_queryset()

    def export_row(self, obj) -> dict:
        raise NotImplementedError

    def export_rows(self):
        """(rows, count): the rows to download and how many there are."""
        queryset = self.export_queryset()
        return downloads.object_rows(queryset, self.export_row), queryset.count()

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt in EXPORT_FORMATS:
            rows, count = self.export_rows()
            return downloads.export_response(
                fmt, rows, count, self.export_columns, self.export_name
            )
        return super().get(request, *args, **kwargs)

    def format_notice(self) -> list[str]:
        fmt = self.request.GET.get("format", "")
        if fmt and fmt not in EXPORT_FORMATS:
            message = _("Ignored format=%(value)s: downloads are format=csv or format=json.")
            return [message % {"value": quote_value(fmt)}]
        return []
