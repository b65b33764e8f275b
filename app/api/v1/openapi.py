"""The OpenAPI 3.1 document of REST API v1 (only v1, not Candor's own routes)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import GenerateJsonSchema

from app.api.v1 import schemas

INPUTS = (schemas.CandidateCreate, schemas.CandidatePatch, schemas.JobCreate, schemas.JobPatch,
          schemas.ApplicationCreate, schemas.ApplicationMove, schemas.Problem)
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
SUMMARY = """The REST API of Candor, compatible with the candidate API recruiting integrations already use.

Authenticate with an API key of your agency (`Authorization: Bearer <key>`; admins create keys at
/admin/api-keys). Everything you read and write is your agency's. The reference page at /api/v1/docs explains
errors, pagination, rate limits, webhooks and how Candor differs from the API it is compatible with."""


class _InOrder(GenerateJsonSchema):
    """Fields and examples in the order they are declared (the seed's order), not sorted."""

    def sort(self, value, parent_key=None):
        return value


def _without_defaults(schema: dict) -> dict:
    """Request fields are optional by being absent; a `default: null` would contradict their non-null type."""
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None:
            del prop["default"]
    return schema


def build(app: FastAPI, base: str = "/api/v1") -> dict:
    doc = get_openapi(title="Candor API", version="1.0.0", summary="Candidates, jobs and pipelines of your agency.",
                      description=SUMMARY, routes=app.routes, servers=[{"url": base}],
                      tags=[{"name": "Candidates"}, {"name": "Jobs"}, {"name": "Applications"}, {"name": "Pipeline"}])
    components = doc.setdefault("components", {})
    found = components.setdefault("schemas", {})
    for model in INPUTS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", schema_generator=_InOrder)
        for name, sub in schema.pop("$defs", {}).items():
            found.setdefault(name, sub)
        found[model.__name__] = _without_defaults(schema)
    for name in ("HTTPValidationError", "ValidationError"):
        found.pop(name, None)
    components["securitySchemes"] = {"bearerAuth": {
        "type": "http", "scheme": "bearer",
        "description": "An API key of your agency, created by an admin at /admin/api-keys: `cnd_<8 hex>_<43 characters>`."}}
    doc["security"] = [{"bearerAuth": []}]
    for path in doc["paths"].values():
        for operation in path.values():
            responses = operation["responses"]
            responses.pop("422", None)
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    response["content"] = PROBLEM
            if "204" in responses:
                responses["204"].pop("content", None)
    return doc
