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


# --- Bulk worlds: one INSERT per table, for query-budget tests over hundreds of rows ---------
# bulk_create runs no save() and sends no signals, so these rows have no history records; the
# pages under test read none.


def new_org(name=None, **fields) -> Organization:
    """An unsaved organisation with make_org's defaults."""
    n = _n()
    fields.setdefault("slug", f"org-{n}")
    fields.setdefault("kind", Organization.Kind.COMPANY)
    return Organization(name=name or f"Org {n}", **fields)


def new_license(name=None, **fields) -> License:
    """An unsaved licence with make_license's defaults."""
    n = _n()
    fields.setdefault("slug", f"license-{n}")
    fields.setdefault("commercial_use", License.CommercialUse.YES)
    return License(name=name or f"License {n}", **fields)


def new_dataset(name=None, **fields) -> Dataset:
    """An unsaved dataset with make_dataset's defaults."""
    n = _n()
    fields.setdefault("slug", f"dataset-{n}")
    return Dataset(name=name or f"Dataset {n}", **fields)


def new_topic(name=None, **fields) -> Topic:
    """An unsaved topic with make_topic's defaults."""
    n = _n()
    fields.setdefault("slug", f"topic-{n}")
    return Topic(name=name or f"Topic {n}", **fields)


def new_paper(title=None, **fields) -> Paper:
    """An unsaved paper with make_paper's defaults (topics go through bulk_m2m)."""
    n = _n()
    fields.setdefault("slug", f"paper-{n}")
    fields.setdefault("year", 2022)
    return Paper(title=title or f"Paper {n}", **fields)


def new_model(name=None, **fields) -> LanguageModel:
    """An unsaved model with make_model's defaults, for bulk_models."""
    n = _n()
    fields.setdefault("slug", f"model-{n}")
    fields.setdefault("branch", LanguageModel.Branch.DECODER_ONLY)
    fields.setdefault("access", LanguageModel.Access.OPEN)
    fields.setdefault("release_date", datetime.date(2022, 1 + n % 12, 1))
    return LanguageModel(name=name or f"Model {n}", **fields)


def bulk_m2m(relation, pairs) -> None:
    """Links each (source, target) pair through `relation`, a forward many-to-many descriptor
    such as `LanguageModel.organizations`, in one INSERT."""
    field, through = relation.field, relation.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create([through(**{source: a, target: b}) for a, b in pairs])


def bulk_models(specs) -> list[LanguageModel]:
    """Saves one model per spec (new_model's keyword arguments, plus lists `organizations`,
    `datasets` and `papers`) in at most five INSERTs. As with make_model, a spec without
    `organizations` gets an organisation of its own."""
    related = {"organizations": [], "datasets": [], "papers": []}
    models, orphans = [], []
    for spec in specs:
        fields = dict(spec)
        model = new_model(**{k: v for k, v in fields.items() if k not in related})
        for name, pairs in related.items():
            pairs += [(model, other) for other in fields.get(name, ())]
        if "organizations" not in fields:
            orphans.append(model)
        models.append(model)
    LanguageModel.objects.bulk_create(models)
    own = Organization.objects.bulk_create(
        [new_org() for _ in orphans],
    )
    related["organizations"] += zip(orphans, own, strict=True)
    for name, pairs in related.items():
        bulk_m2m(getattr(LanguageModel, name), pairs)
    return models


def bulk_links(triples) -> list[Lineage]:
    """Saves (child, parent, relation) links in one INSERT; relation None is fine-tuned-from."""
    return Lineage.objects.bulk_create(
        [
            Lineage(child=c, parent=p, relation=r or Lineage.Relation.FINE_TUNED_FROM)
            for c, p, r in triples
        ]
    )
