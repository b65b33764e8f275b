"""The OpenAPI document describes exactly API v1, the reference page renders from it without any CDN, and
schemathesis fuzzes every operation from the document: no 5xx, every response as documented."""

import itertools
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.api.v1.schemas import future_example_date
from tests.api_fixtures import auth


def test_the_document_covers_only_api_v1(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1") and doc["servers"] == [{"url": "/api/v1"}]
    assert set(doc["paths"]) == {
        "/candidates", "/candidates/{candidateId}", "/candidates/{candidateId}/applications", "/jobs", "/jobs/{jobId}",
        "/jobs/{jobId}/applications", "/stages", "/applications", "/applications/{applicationId}",
        "/applications/{applicationId}/move"}
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    patch = doc["paths"]["/candidates/{candidateId}"]["patch"]
    assert patch["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/CandidatePatch"}
    assert set(patch["responses"]) == {"200", "400", "401", "403", "404", "409", "413", "429"}
    assert "application/problem+json" in patch["responses"]["404"]["content"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_the_examples_are_the_seeds(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    patch = schemas["CandidatePatch"]
    assert patch["examples"][0] == {
        "firstName": "John", "lastName": "Doe", "email": "john.doe@example.com", "phone": "+421901234567",
        "gdprExpiry": future_example_date(), "status": "IN_PROCESS",
        "jobIds": ["123e4567-e89b-12d3-a456-426614174000", "987e6543-e21b-12d3-a456-426614174001"],
        "metadata": {"source": "LinkedIn", "referredBy": "John Smith"}, "gender": "female",
        "cv": "Jane Doe\nSoftware Engineer\nExperience: ..."}
    props = patch["properties"]
    assert (props["firstName"]["minLength"], props["firstName"]["maxLength"]) == (1, 100)
    assert props["phone"]["pattern"] == r"^\+[1-9]\d{1,14}$"
    assert props["status"]["enum"] == ["UNDEFINED", "APPLIED", "IN_PROCESS", "REJECTED", "ACCEPTED"]
    assert props["cv"]["maxLength"] == 50_000 and props["jobIds"]["maxItems"] == 50
    candidate = schemas["Candidate"]
    assert candidate["examples"][0]["cv"] == "[NAME]\nSoftware Engineer\nExperience: ..."
    assert candidate["properties"]["jobId"]["deprecated"] is True


def test_the_seed_example_is_accepted_as_it_is(client, world):
    doc = client.get("/api/v1/openapi.json").json()
    example = dict(doc["components"]["schemas"]["CandidatePatch"]["examples"][0])
    example["jobIds"] = [str(world["n_job1"].id), str(world["n_job2"].id)]  # the seed's ids are not ours
    response = client.patch(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"]), json=example)
    assert response.status_code == 200, response.text
    assert response.json()["cv"] == "[NAME]\nSoftware Engineer\nExperience: ..."


def test_the_reference_page_is_self_contained_html(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert not re.search(r"<script|<link[^>]+href=\"https?:|src=\"https?:", page)
    for text in ("Authentication", "RFC 9457", "Candor-Signature", "Retry-After", "nextCursor",
                 "Analyses and interviews", "PATCH</span> <code>/api/v1/candidates/{candidateId}</code>",
                 'id="problem-invalid-request"', "john.doe@example.com"):
        assert text in page, text


# --- property-based fuzzing of the whole API from its own document ---------------------------------------
# Driven through schemathesis' strategies: its pytest loader (from_fixture) does not run under pytest 9.
# Every default check runs except "schema-valid data is accepted": the schema cannot say that a cursor must come
# from a previous page, that a date must be in the future or that an id must name an existing record, so
# such requests rightly get 400/404. The reverse check (schema-invalid data is rejected) does run.

EXAMPLES = 15


def _real_ids(case, records, turn):
    """Every other case uses the ids of real records, so the fuzzer reaches past 404."""
    if turn % 2 or not case.path_parameters:
        return
    real = {"candidateId": records["ann"].id, "jobId": records["n_job1"].id, "applicationId": records["ann_app"].id}
    case.path_parameters = {k: str(real.get(k, v)) for k, v in case.path_parameters.items()}


@pytest.mark.parametrize("base,examples", [("/api/v1", EXAMPLES), ("/v1", 4)])  # /v1: the same app, a smoke run
def test_fuzzing_finds_no_server_error_and_no_undocumented_response(client, world, base, examples):
    schema = schemathesis.openapi.from_asgi(f"{base}/openapi.json", client.app)
    schema.config.update(base_url=f"http://testserver{base}", headers=auth(world["rw"]))
    rejection = schema.config.checks.negative_data_rejection  # a body over 256 KB is rejected with 413
    rejection.expected_statuses = [*rejection.expected_statuses, "413"]
    turn = itertools.count()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 15
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                if mode is GenerationMode.POSITIVE:
                    _real_ids(case, world, next(turn))
                case.call_and_validate(excluded_checks=[positive_data_acceptance])
            try:
                run()
            except Unsatisfiable:  # nothing to get wrong, e.g. GET /stages has no parameters
                assert mode is GenerationMode.NEGATIVE and not operation.query and not operation.body
