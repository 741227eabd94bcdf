"""Plain-word matching, shared by every search box that is not full-text search."""

from django.db.models import Q

from .search_terms import chinese_word, has_chinese

NOTHING = Q(pk__in=[])


def words_match(fields, words, chinese_fields=()) -> Q:
    """Every word appears (case-insensitively) in at least one of `fields`; a word in
    Chinese in one of `chinese_fields`, or as the English of its terms (core/search_terms.py)."""
    condition = Q()
    for word in words:
        any_field = Q()
        if has_chinese(word):
            any_field = chinese_word(word, fields, chinese_fields)
        else:
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field or NOTHING
    return condition
