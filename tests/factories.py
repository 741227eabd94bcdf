"""Small `make_*` helpers: readable test data, unique slugs, no hard-coded primary keys."""

import datetime
import itertools

from catalog.models import Dataset, LanguageModel, License, Lineage, Organization, Paper, Topic

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_org(name=None, **fields) -> Organization:
    n = _n()
    name = name or f"Org {n}"
    fields.setdefault("slug", f"org-{n}")
    fields.setdefault("kind", Organization.Kind.COMPANY)
    return Organization.objects.create(name=name, **fields)


def make_license(name=None, **fields) -> License:
    n = _n()
    fields.setdefault("slug", f"license-{n}")
    fields.setdefault("commercial_use", License.CommercialUse.YES)
    return License.objects.create(name=name or f"License {n}", **fields)


def make_dataset(name=None, **fields) -> Dataset:
    n = _n()
    fields.setdefault("slug", f"dataset-{n}")
    return Dataset.objects.create(name=name or f"Dataset {n}", **fields)


def make_topic(name=None, **fields) -> Topic:
    n = _n()
    fields.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(name=name or f"Topic {n}", **fields)


def make_paper(title=None, topics=(), **fields) -> Paper:
    n = _n()
    fields.setdefault("slug", f"paper-{n}")
    fields.setdefault("year", 2022)
    paper = Paper.objects.create(title=title or f"Paper {n}", **fields)
    paper.topics.set(topics)
    return paper


def make_model(name=None, organizations=None, datasets=(), papers=(), **fields) -> LanguageModel:
    n = _n()
    fields.setdefault("slug", f"model-{n}")
    fields.setdefault("branch", LanguageModel.Branch.DECODER_ONLY)
    fields.setdefault("access", LanguageModel.Access.OPEN)
    fields.setdefault("release_date", datetime.date(2022, 1 + n % 12, 1))
    model = LanguageModel.objects.create(name=name or f"Model {n}", **fields)
    model.organizations.set(organizations if organizations is not None else [make_org()])
    model.datasets.set(datasets)
    model.papers.set(papers)
    return model


def link(child, parent, relation=Lineage.Relation.FINE_TUNED_FROM, **fields) -> Lineage:
    return Lineage.objects.create(child=child, parent=parent, relation=relation, **fields)
