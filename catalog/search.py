"""Searching models by words: the `q` of /models/, /search/ and /api/models/.

On PostgreSQL, full-text search on the stored `search_vector` column (GIN-indexed, kept by the
triggers of migration 0006): name weighs most, then aliases and published organisation names,
then the summary; results carry a `rank`. Each search is one indexed condition, whatever the
number of models.

On SQLite, every word must appear (case-insensitively, SQL `LIKE`) in the name, summary,
aliases or a published organisation's name. SQLite has no index for that, so the search is
bounded instead: at most MAX_SEARCH_WORDS words, each cut to MAX_WORD_LENGTH characters, each
one condition over a few columns of every row, with no Python called per row.

A word in Chinese (core/search_terms.py) is looked for, on both databases, inside the
aliases of the model, its family and its organisations and inside the Chinese summary, and
through the English words of the Chinese terms it holds (代码 -> code) in the English texts.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from core.publishing import published_q
from core.search_terms import chinese_word, english_for, has_chinese, split_mixed

from .models import LanguageModel, Organization

MAX_SEARCH_WORDS = 10  # words searched; the rest of a longer query is ignored
MAX_WORD_LENGTH = 50  # characters kept of each word


def search_words(text: str) -> list[str]:
    """The words of `text` that are searched: the first MAX_SEARCH_WORDS, each cut short."""
    return [word[:MAX_WORD_LENGTH] for word in text.split()[:MAX_SEARCH_WORDS]]


def search_models(queryset, text: str):
    """Models of `queryset` matching every word of `text` (one condition, no extra query).

    On PostgreSQL the rows are annotated with their `rank` (higher is better); when Chinese
    terms are searched, with `named` (1 when the name holds one of their English words)."""
    words = search_words(text)
    for word in words:
        if has_chinese(word):
            for run in split_mixed([word]):  # 千问3: 千问 in Chinese, 3 inside the name
                queryset = queryset.filter(
                    _chinese_word(run) if has_chinese(run) else Q(name__icontains=run)
                )
    named = _named_for_terms(text)
    if named is not None:
        queryset = queryset.annotate(named=named)
    words = [word for word in words if not has_chinese(word)]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(" ".join(words), search_type="websearch", config="simple")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    for word in words:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(aliases__icontains=word)
            | Q(pk__in=_organisation_models(name__icontains=word))
        )
    return queryset


# Where a Chinese word of a model search is looked for (core/search_terms.py): as written,
# in the names and the Chinese summary; through its terms' English words, in these columns
# (on PostgreSQL the name and summary through the search vector instead).
CHINESE_COLUMNS = ("aliases", "summary_zh_hans", "family__aliases")
ENGLISH_COLUMNS = {"postgresql": ("purposes",), "other": ("name", "summary", "purposes")}


def _chinese_word(word: str) -> Q:
    """A Chinese word in the model's, its family's or its organisations' names or in its
    Chinese summary, or any English word of its terms (代码 -> made for "code")."""
    postgresql = connection.vendor == "postgresql"
    english = ENGLISH_COLUMNS["postgresql" if postgresql else "other"]
    condition = chinese_word(word, english, CHINESE_COLUMNS)
    condition |= Q(pk__in=_organisation_models(aliases__icontains=word))
    terms = english_for(word)
    if terms and postgresql:
        either = " or ".join(f'"{term}"' for term in terms)
        query = SearchQuery(either, search_type="websearch", config="simple")
        condition |= Q(search_vector=query)
    return condition


def _named_for_terms(text: str):
    """1 for a model whose name holds an English word of the Chinese terms searched (代码 ->
    Qwen2.5-Coder), else 0: such models come first."""
    terms = [term for word in search_words(text) if has_chinese(word) for term in english_for(word)]
    if not terms:
        return None
    named = Q()
    for term in terms:
        named |= Q(name__icontains=term)
    return Case(When(named, then=Value(1)), default=Value(0), output_field=IntegerField())


def _organisation_models(**lookup):
    """The ids of the models of the published organisations matching `lookup` (a subquery)."""
    return Organization.models.through.objects.filter(
        published_q(Organization, "organization__"),
        **{f"organization__{key}": value for key, value in lookup.items()},
    ).values("languagemodel_id")


def ranked_models(text: str):
    """Published models matching every word of `text`, best first: by rank on PostgreSQL,
    then newest first (the default order of /models/). One query when evaluated."""
    models = search_models(LanguageModel.objects.published(), text)
    order = [F("release_date").desc(), "name"]
    if "rank" in models.query.annotations:
        order.insert(0, F("rank").desc())
    if "named" in models.query.annotations:
        order.insert(0, F("named").desc())
    return models.order_by(*order)
