"""The OpenAPI 3 schema (drf-spectacular): parameters from the views, HTTP behaviour added.

`AtlasAutoSchema` publishes each view's `query_params()` (for lists, read off the page's
FilterSet, with the choices in the database as enums) and the slug pattern of path
parameters. `add_http_semantics`, a post-processing hook, documents what every GET shares:
the validators and Cache-Control of a 200, 304, the error body of 400 and 404, and 429 with
Retry-After.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from .params import language_param

SLUG_SCHEMA = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "maxLength": 100}
CATALOG = {"models", "organizations", "licenses", "datasets", "papers"}


class AtlasAutoSchema(AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if "{slug}" in self.path:
            parameters.append(
                OpenApiParameter(
                    "slug",
                    SLUG_SCHEMA,
                    OpenApiParameter.PATH,
                    required=True,
                    description="Slug of the model.",
                )
            )
        params = getattr(self.view, "query_params", None)
        for param in [*params(), language_param()] if params else []:
            parameters.append(
                OpenApiParameter(
                    param.name,
                    param.schema(),
                    OpenApiParameter.QUERY,
                    description=param.description,
                    style="form" if param.repeatable else None,
                    explode=True if param.repeatable else None,
                )
            )
        return parameters

    def get_tags(self):
        parts = [part for part in self.path.split("/") if part and part != "api"]
        if not parts:
            return ["root"]
        return ["catalog" if parts[0] in CATALOG else "guidance"]


ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in a sentence."},
        "errors": {
            "type": "object",
            "description": "Problems by query parameter name.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


VALIDATOR_HEADERS = {
    "ETag": {
        "description": "Weak validator of this response; send it back in If-None-Match.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When the data last changed (HTTP date); for If-Modified-Since.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`public, max-age=60`: any cache may keep it for a minute.",
        "required": True,
        "schema": {"type": "string"},
    },
}


def add_http_semantics(result, generator, request, public):
    """Post-processing hook: document what every GET of the API shares."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, operations in result.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None:
            continue
        responses = operation["responses"]
        responses["200"]["headers"] = VALIDATOR_HEADERS
        responses["200"]["description"] = responses["200"].get("description") or "OK."
        responses["304"] = {
            "description": (
                "Not modified: the If-None-Match ETag (or, without one, the "
                "If-Modified-Since date) still holds. No body."
            ),
            "headers": VALIDATOR_HEADERS,
        }
        responses["400"] = _error(
            "A parameter is unknown, given twice, empty, malformed, out of range or names an "
            "unknown value; `errors` says which and why."
        )
        if "{slug}" in path:
            responses["404"] = _error("No model has this slug.")
        elif "page" in {p["name"] for p in operation.get("parameters", [])}:
            responses["404"] = _error("The page is past the last one; `errors.page` says so.")
        responses["429"] = {
            **_error("Too many requests from this address; try again after Retry-After."),
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before the next request.",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        }
    return result
