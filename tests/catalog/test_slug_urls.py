"""Detail URLs built from a once-reversed pattern are the URLs `reverse` gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.slug_urls import slug_url

VIEWS = ["model_detail", "license_detail", "organization_detail", "dataset_detail"]
VIEWS += ["family_detail", "paper_detail"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("slug", ["gpt-4", "llama_3", "t5", "slug-placeholder-2"])
def test_a_slug_url_is_the_reversed_url(view, slug):
    name = f"catalog:{view}"
    assert slug_url(name, slug) == reverse(name, args=[slug])


def test_a_slug_url_follows_the_script_prefix():
    try:
        set_script_prefix("/atlas/")
        assert slug_url("catalog:model_detail", "bert") == "/atlas/models/bert/"
    finally:
        set_script_prefix("/")
    assert slug_url("catalog:model_detail", "bert") == "/models/bert/"


def test_an_unusual_slug_is_reversed_as_django_does():
    """Not a valid slug (an old row, say): `reverse` builds or refuses it as it would."""
    assert slug_url("catalog:model_detail", "GPT-4") == "/models/GPT-4/"
    with pytest.raises(NoReverseMatch):
        slug_url("catalog:model_detail", "Ünï")
