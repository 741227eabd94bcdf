"""Plain-word matching, shared by every search box that is not full-text search."""

from django.db.models import Q


def words_match(fields, words) -> Q:
    """Every word appears (case-insensitively) in at least one of `fields`."""
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition
