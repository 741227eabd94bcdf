"""Integrity of the catalog, enforced by the database (bypassing forms) and by validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import LanguageModel, Lineage, find_cycle, format_parameters
from tests.factories import link, make_license, make_model, make_org

pytestmark = pytest.mark.django_db


def assert_refused(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_slugs_are_unique():
    make_model(slug="gpt-3", name="GPT-3")
    assert_refused(lambda: make_model(slug="gpt-3", name="Another"))


def test_model_names_are_unique_ignoring_case():
    make_model(name="LLaMA")
    assert_refused(lambda: make_model(name="llama"))


def test_organization_names_are_unique_ignoring_case():
    make_org(name="Google")
    assert_refused(lambda: make_org(name="GOOGLE"))


def test_no_self_lineage_in_the_database():
    model = make_model()
    assert_refused(lambda: Lineage.objects.create(child=model, parent=model, relation="variant-of"))


def test_no_duplicate_edge_in_the_database():
    parent, child = make_model(), make_model()
    link(child, parent)
    assert_refused(lambda: link(child, parent, relation=Lineage.Relation.VARIANT_OF))


def test_parameters_cannot_be_negative():
    model = make_model(parameters_billions=1.5)
    assert_refused(lambda: LanguageModel.objects.filter(pk=model.pk).update(parameters_billions=-1))


def test_choice_values_are_checked_by_the_database():
    model = make_model()
    assert_refused(lambda: LanguageModel.objects.filter(pk=model.pk).update(branch="encoder"))
    assert_refused(lambda: LanguageModel.objects.filter(pk=model.pk).update(access="public"))
    parent = make_model()
    edge = link(model, parent)
    assert_refused(lambda: Lineage.objects.filter(pk=edge.pk).update(relation="child-of"))


@pytest.mark.parametrize(
    ("precision", "date", "accepted"),
    [
        ("day", datetime.date(2022, 11, 30), True),
        ("month", datetime.date(2022, 11, 1), True),
        ("month", datetime.date(2022, 11, 30), False),
        ("year", datetime.date(2022, 1, 1), True),
        ("year", datetime.date(2022, 6, 1), False),
    ],
)
def test_release_date_must_match_its_precision(precision, date, accepted):
    def create():
        make_model(release_date=date, release_date_precision=precision)

    if accepted:
        create()
    else:
        assert_refused(create)


def test_clean_explains_a_release_date_finer_than_its_precision():
    model = LanguageModel(
        name="X",
        slug="x",
        branch="decoder-only",
        access="open",
        release_date=datetime.date(2022, 11, 30),
        release_date_precision="month",
    )
    with pytest.raises(ValidationError) as excinfo:
        model.full_clean(exclude=["organizations"])
    assert "1st of the month" in str(excinfo.value)


def test_lineage_clean_refuses_a_cycle_and_names_it():
    a, b, c = make_model(name="Alpha"), make_model(name="Beta"), make_model(name="Gamma")
    link(b, a)
    link(c, b)
    closing = Lineage(child=a, parent=c, relation=Lineage.Relation.FINE_TUNED_FROM)
    with pytest.raises(ValidationError) as excinfo:
        closing.full_clean()
    message = str(excinfo.value)
    assert "loop" in message
    assert all(name in message for name in ("Alpha", "Beta", "Gamma"))


def test_lineage_clean_accepts_a_diamond():
    root, left, right, tip = (make_model() for _ in range(4))
    link(left, root)
    link(right, root)
    link(tip, left)
    Lineage(child=tip, parent=right, relation=Lineage.Relation.SAME_FAMILY).full_clean()


def test_lineage_clean_refuses_self_edge_in_words():
    model = make_model()
    with pytest.raises(ValidationError, match="own parent"):
        Lineage(child=model, parent=model, relation="variant-of").full_clean()


def test_find_cycle():
    assert find_cycle([("b", "a"), ("c", "b")]) is None
    assert find_cycle([("a", "b"), ("b", "c"), ("c", "a")]) == ["a", "b", "c", "a"]
    assert find_cycle([("x", "x")]) == ["x", "x"]
    long_chain = [(i + 1, i) for i in range(20000)]
    assert find_cycle(long_chain) is None
    assert find_cycle(long_chain + [(0, 20000)]) is not None


def test_license_protects_models_from_silent_loss():
    lic = make_license()
    make_model(license=lic)
    with pytest.raises(Exception, match="protected"):
        lic.delete()


@pytest.mark.parametrize(
    ("billions", "shown"), [(0.34, "340M"), (1.5, "1.5B"), (175, "175B"), (1200, "1.2T")]
)
def test_parameters_are_shown_in_readable_units(billions, shown):
    assert format_parameters(billions) == shown


def test_release_is_shown_at_its_precision():
    day = make_model(release_date=datetime.date(2022, 11, 30), release_date_precision="day")
    month = make_model(release_date=datetime.date(2022, 11, 1), release_date_precision="month")
    year = make_model(release_date=datetime.date(2013, 1, 1), release_date_precision="year")
    assert (day.release_display, month.release_display, year.release_display) == (
        "30 November 2022",
        "November 2022",
        "2013",
    )
