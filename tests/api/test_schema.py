"""The OpenAPI schema: valid, complete, and drawn from the same FilterSets as the pages."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.filters import ModelFilterSet
from catalog.models import Organization

from .helpers import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client, seeded):
    return get_json(client, "/api/schema/")


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_generation_is_valid_and_warning_free(seeded):
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())


def test_json_by_default_and_yaml_on_request(client, seeded):
    assert client.get("/api/schema/")["Content-Type"].startswith("application/vnd.oai.openapi+json")
    yaml = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert yaml.content.startswith(b"openapi: 3.0.3")


def test_every_endpoint_is_a_documented_get(schema):
    paths = {path: set(methods) for path, methods in schema["paths"].items()}
    assert paths == {
        path: {"get"}
        for path in [
            "/api/",
            "/api/models/",
            "/api/models/{slug}/",
            "/api/models/{slug}/lineage/",
            "/api/organizations/",
            "/api/licenses/",
            "/api/datasets/",
            "/api/papers/",
            "/api/benchmarks/",
            "/api/tasks/",
            "/api/guidelines/",
            "/api/decision-flow/",
        ]
    }


def test_every_parameter_and_response_is_described(schema):
    for path, _, operation in operations(schema):
        assert operation["description"], path
        for parameter in operation.get("parameters", []):
            assert len(parameter["description"]) > 10, (path, parameter["name"])
        for status, response in operation["responses"].items():
            assert response["description"], (path, status)
        assert {"200", "304", "400", "429"} <= set(operation["responses"]), path
        assert set(operation["responses"]["200"]["headers"]) == {
            "ETag",
            "Last-Modified",
            "Cache-Control",
        }
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_model_parameters_are_the_filtersets(schema):
    """Names from ModelFilterSet (plus pagination and the language), choices from the database."""
    parameters = {p["name"]: p for p in schema["paths"]["/api/models/"]["get"]["parameters"]}
    assert set(parameters) == set(ModelFilterSet.base_filters) | {"page", "page_size", "lang"}
    assert parameters["lang"]["schema"]["enum"] == ["en", "zh-hans"]
    org = parameters["org"]
    assert org["schema"]["type"] == "array"
    assert org["explode"] is True
    assert sorted(org["schema"]["items"]["enum"]) == sorted(
        Organization.objects.values_list("slug", flat=True)
    )
    assert parameters["branch"]["schema"]["items"]["enum"] == [
        "pre-transformer",
        "encoder-only",
        "encoder-decoder",
        "decoder-only",
        "state-space-hybrid",
    ]
    assert parameters["access"]["schema"] == {"type": "string", "enum": ["open", "closed"]}
    assert parameters["year_min"]["schema"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    assert parameters["q"]["schema"]["maxLength"] == 200
    assert parameters["sort"]["schema"]["default"] == "-release_date"
    assert parameters["page_size"]["schema"]["maximum"] == 100


def test_enums_in_the_responses(schema):
    components = schema["components"]["schemas"]
    assert components["RelationEnum"]["enum"][:2] == ["fine-tuned-from", "instruction-tuned-from"]
    assert components["VerdictEnum"]["enum"] == ["use-llm", "use-fine-tuned", "depends"]
    assert components["OutcomeEnum"]["enum"] == ["llm", "fine-tuned", "uncertain"]
    model = components["LanguageModel"]
    assert model["properties"]["branch"]["allOf"] == [{"$ref": "#/components/schemas/BranchEnum"}]
    assert set(model["required"]) == set(model["properties"])


def test_model_fields_are_the_interchange_fields(client, seeded):
    """A model of the API has exactly the keys of the llm-atlas/1 model record, but `status`:
    the API shows published objects only."""
    from atlas.interchange import SPECS
    from core.records import interchange_specs

    def keys(section):
        return [key for key in interchange_specs(SPECS[section]) if key != "status"]

    model = get_json(client, "/api/models/llama/")
    assert list(model) == keys("models")
    licence = get_json(client, "/api/licenses/")["results"][0]
    assert set(licence) == set(keys("licenses")) | {"models"}  # API only: models
    paper = get_json(client, "/api/papers/")["results"][0]
    assert set(paper) == set(keys("papers"))
    guideline = get_json(client, "/api/guidelines/")["results"][0]
    assert set(guideline) == set(keys("guidelines"))
    question = get_json(client, "/api/decision-flow/")["questions"][0]
    assert set(question) == set(SPECS["decision_flow"])
