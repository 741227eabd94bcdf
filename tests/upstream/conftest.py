"""A small world for the upstream tests: one closed model served by its maker's API, mapped
to a models.dev entry; and the people who review."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import LanguageModel, Offering
from editorial.roles import EDITORS
from tests.factories import make_model, make_org
from upstream import readers
from upstream.datasets import Dataset
from upstream.models import Mapping

TAKEN_ON = datetime.date(2026, 7, 2)
DOCS = "https://docs.example.com/models"


@pytest.fixture
def carol(db):
    """Carol is an editor: she reviews proposals."""
    user = get_user_model().objects.create_user("carol", "carol@example.org", "pw", is_staff=True)
    user.groups.set(Group.objects.filter(name=EDITORS))
    return user


@pytest.fixture
def world(db):
    """Claude Nova (closed, 200k context, released in March 2026), offered on claude-api as
    claude-nova at $3/$15, mapped to models.dev's anthropic/claude-nova (with the model's own
    facts) and to its dated id anthropic/claude-nova-20260301 (an offering the atlas lacks)."""
    maker = make_org("Anthropic", slug="anthropic")
    model = make_model(
        "Claude Nova",
        slug="claude-nova",
        organizations=[maker],
        access=LanguageModel.Access.CLOSED,
        release_date=datetime.date(2026, 3, 1),
        release_date_precision="month",
        context_length_tokens=200_000,
    )
    offering = Offering.objects.create(
        model=model,
        provider=maker,
        service="claude-api",
        provider_model_id="claude-nova",
        availability=Offering.Status.ACTIVE,
        price_input_usd_per_mtok=3.0,
        price_output_usd_per_mtok=15.0,
        context_tokens=200_000,
    )
    Mapping.objects.create(
        dataset=Dataset.MODELS_DEV,
        upstream_id="anthropic/claude-nova",
        model=model,
        provider=maker,
        service="claude-api",
        provider_model_id="claude-nova",
        model_facts=True,
    )
    Mapping.objects.create(
        dataset=Dataset.MODELS_DEV,
        upstream_id="anthropic/claude-nova-20260301",
        model=model,
        provider=maker,
        service="claude-api",
        provider_model_id="claude-nova-20260301",
    )
    return {"model": model, "offering": offering, "maker": maker}


def models_dev(**nova) -> dict:
    """A models.dev copy: claude-nova as `nova` says (default: what the world holds, but
    released on 2026-03-12 with a 1M context at $5/$25), its dated id, and an entry no one
    mapped."""
    entry = {
        "release_date": "2026-03-12",
        "cost": {"input": 5, "output": 25},
        "limit": {"context": 1_000_000, "output": 64_000},
    } | nova
    return {
        "anthropic": {
            "doc": DOCS,
            "models": {
                "claude-nova": entry,
                "claude-nova-20260301": {"cost": {"input": 5, "output": 25}},
                "claude-unmapped": {"cost": {"input": 1, "output": 2}},
            },
        }
    }


def copy_of(doc, dataset=Dataset.MODELS_DEV):
    return readers.read(dataset, json.dumps(doc).encode())
