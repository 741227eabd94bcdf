"""The SQL behind /models/ facets and pages gives what the plain queries give: the modality
condition each database uses, and the page's keys found by the facet statement."""

import itertools

import pytest

from catalog.filters import reads
from catalog.models import LanguageModel, Modality
from tests.factories import bulk_models

pytestmark = pytest.mark.django_db


def test_the_modality_condition_finds_exactly_the_models_reading_it():
    """Every subset of the modalities, in both orders: the database's condition (JSON
    containment on PostgreSQL, the quoted word on SQLite) agrees with the list itself."""
    subsets = [
        list(subset)
        for size in range(len(Modality.values) + 1)
        for subset in itertools.combinations(Modality.values, size)
    ]
    lists = subsets + [subset[::-1] for subset in subsets if len(subset) > 1]
    models = bulk_models({"input_modalities": modalities} for modalities in lists)
    for modality in Modality.values:
        expected = {m.pk for m in models if modality in m.input_modalities}
        found = set(LanguageModel.objects.filter(reads(modality)).values_list("pk", flat=True))
        assert found == expected, modality
        assert 0 < len(found) < len(models)
