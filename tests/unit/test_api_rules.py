"""Contract tests for the rules tightened after review: each asserts the status code and the RFC 9457 body (field
and rule). Also: the /v1 base of the seed's paths, operationIds and a valid OpenAPI 3.1 document."""

from urllib.parse import unquote

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31

from app.services import api_keys, candidates
from app.services.validation import RuleError, clean_e164
from tests.api_fixtures import auth, problem
from tests.factories import actor_for


def _problem_anywhere(response, status, field, rule):
    """`problem` for responses outside /api/v1 (the /v1 base): same shape, its own instance path."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["instance"] == unquote(response.request.url.raw_path.decode()).replace("\n", "")
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in body["errors"]], body
    return body


# --- phone: a full match of ^\+[1-9]\d{1,14}$ ---------------------------------------------------------------

@pytest.mark.parametrize("phone", ["+421901234567\n", "+421901234567 ", " +421901234567", "+421901234567\r\n",
                                   "+42190123\n4567"])
def test_phone_must_match_e164_in_full(client, world, phone):
    cid = world["ann"].id
    problem(client.patch(f"/api/v1/candidates/{cid}", headers=auth(world["rw"]), json={"phone": phone}),
            400, "phone", "pattern")
    problem(client.post("/api/v1/candidates", headers=auth(world["rw"]),
                        json={"firstName": "A", "lastName": "B", "phone": phone}), 400, "phone", "pattern")
    with pytest.raises(RuleError):
        clean_e164(phone)
    assert client.get(f"/api/v1/candidates/{cid}", headers=auth(world["rw"])).json()["phone"] is None


def test_a_valid_e164_phone_is_kept_as_sent(client, world):
    response = client.patch(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"]),
                            json={"phone": "+421901234567"})
    assert response.status_code == 200 and response.json()["phone"] == "+421901234567"


def test_an_api_key_with_a_trailing_newline_is_malformed(session, world):
    assert api_keys.KEY_FORMAT.fullmatch(world["rw"])
    assert api_keys.KEY_FORMAT.fullmatch(world["rw"] + "\n") is None
    assert api_keys.KEY_FORMAT.fullmatch(world["rw"] + "x") is None


# --- updatedSince: an ISO 8601 date-time, nothing else ------------------------------------------------------

@pytest.mark.parametrize("value", ["2025-11-20", "1700000000", "yesterday", "2025-13-20T10:30:00Z",
                                   "2025-11-20T25:00:00Z", "20251120T103000Z", "2025-11-20T10:30:00Z\n", ""])
def test_updated_since_rejects_what_is_not_a_date_time(client, world, value):
    response = client.get("/api/v1/candidates", headers=auth(world["ro"]), params={"updatedSince": value})
    problem(response, 400, "updatedSince", "format")


@pytest.mark.parametrize("value", ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00+02:00", "2000-01-01T00:00",
                                   "2000-01-01T00:00:00.123456Z"])
def test_updated_since_accepts_date_times(client, world, value):
    response = client.get("/api/v1/candidates", headers=auth(world["ro"]), params={"updatedSince": value})
    assert response.status_code == 200, response.text
    assert str(world["ann"].id) in {c["id"] for c in response.json()["data"]}


def test_updated_since_in_the_future_finds_nothing(client, world):
    response = client.get("/api/v1/candidates", headers=auth(world["ro"]),
                          params={"updatedSince": "2999-01-01T00:00:00Z"})
    assert response.status_code == 200 and response.json()["data"] == []


# --- empty email filter ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_email_filter_is_required_to_have_a_value(client, world, value):
    problem(client.get("/api/v1/candidates", headers=auth(world["ro"]), params={"email": value}),
            400, "email", "required")


def test_the_email_filter_still_works(client, world):
    data = client.get("/api/v1/candidates", headers=auth(world["ro"]), params={"email": "ANN@example.com"}).json()
    assert [c["id"] for c in data["data"]] == [str(world["ann"].id)]


# --- employmentType ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,rule", [("", "enum"), (None, "type"), ("gig", "enum")])
def test_employment_type_empty_or_null_is_400(client, world, value, rule):
    before = client.get("/api/v1/jobs", headers=auth(world["ro"])).json()["data"]
    problem(client.post("/api/v1/jobs", headers=auth(world["rw"]), json={"title": "Driver", "employmentType": value}),
            400, "employmentType", rule)
    assert client.get("/api/v1/jobs", headers=auth(world["ro"])).json()["data"] == before  # nothing created
    job = world["n_job1"].id
    problem(client.patch(f"/api/v1/jobs/{job}", headers=auth(world["rw"]), json={"employmentType": value}),
            400, "employmentType", rule)
    assert client.get(f"/api/v1/jobs/{job}", headers=auth(world["ro"])).json()["employmentType"] == "permanent"


def test_employment_type_left_out_defaults_to_permanent(client, world):
    response = client.post("/api/v1/jobs", headers=auth(world["rw"]), json={"title": "Driver"})
    assert response.status_code == 201 and response.json()["employmentType"] == "permanent"


# --- 405 with Allow ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("method,path,allow", [
    ("put", "/candidates", "GET, POST"),
    ("put", "/candidates/{cid}", "GET, PATCH, DELETE"),
    ("post", "/candidates/{cid}/applications", "GET"),
    ("delete", "/jobs", "GET, POST"),
    ("delete", "/jobs/{jid}", "GET, PATCH"),
    ("post", "/stages", "GET"),
    ("get", "/applications", "POST"),
    ("patch", "/applications/{aid}", "GET"),
    ("get", "/applications/{aid}/move", "POST"),
])
@pytest.mark.parametrize("base", ["/api/v1", "/v1/public"])
def test_405_names_every_method_of_the_path(client, world, method, path, allow, base):
    url = base + path.format(cid=world["ann"].id, jid=world["n_job1"].id, aid=world["ann_app"].id)
    response = client.request(method, url, headers=auth(world["rw"]))
    _problem_anywhere(response, 405, "method", "allowed")
    assert response.headers["Allow"] == allow


# --- anonymised candidates cannot be patched --------------------------------------------------------------

def test_patch_on_an_anonymised_candidate_is_409(client, world, session):
    candidates.anonymise_candidate(session, actor_for(world["admin"]), world["ann"].id)
    session.commit()
    cid = world["ann"].id
    for body in ({"firstName": "Back"}, {"jobIds": []}, {"status": "HIRED"}):
        problem(client.patch(f"/api/v1/candidates/{cid}", headers=auth(world["rw"]), json=body),
                409, "candidateId", "anonymised")
    assert client.get(f"/api/v1/candidates/{cid}", headers=auth(world["ro"])).json()["firstName"] != "Back"


# --- the seed's /v1/public paths ----------------------------------------------------------------------------

def test_the_seeds_paths_work_at_v1_public(client, world):
    cid = world["ann"].id
    url = f"/v1/public/candidates/{cid}"
    response = client.patch(url, headers=auth(world["rw"]), json={"status": "IN_PROCESS", "phone": "+421915123456"})
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["phone"]) == ("IN_PROCESS", "+421915123456")
    assert client.get(url, headers=auth(world["ro"])).json() == client.get(
        f"/api/v1/candidates/{cid}", headers=auth(world["ro"])).json()
    assert client.get(f"/v1/candidates/{cid}", headers=auth(world["ro"])).status_code == 200
    _problem_anywhere(client.get(url), 401, "Authorization", "missing")
    _problem_anywhere(client.get(f"/v1/public/candidates/{world['sam'].id}", headers=auth(world["rw"])),
                      403, "candidateId", "other_agency")
    _problem_anywhere(client.patch(url, headers=auth(world["rw"]), json={"phone": "+421915123456\n"}),
                      400, "phone", "pattern")
    assert client.get("/v1/openapi.json").json()["servers"] == [{"url": "/v1"}]


# --- the OpenAPI document -----------------------------------------------------------------------------------

@pytest.mark.parametrize("base", ["/api/v1", "/v1"])
def test_every_operation_has_a_unique_operation_id_and_the_document_validates(client, base):
    doc = client.get(f"{base}/openapi.json").json()
    ids = [op.get("operationId") for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == 15 and all(ids) and len(set(ids)) == len(ids)
    assert {"listCandidates", "getCandidate", "createCandidate", "updateCandidate", "deleteCandidate"} <= set(ids)
    errors = [e.message for e in jsonschema_rs.validator_for(OPENAPI_31).iter_errors(doc)]
    assert errors == []
    for name, schema in doc["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), name
    page = client.get(f"{base}/docs").text
    for operation_id in ids:
        assert f'id="{operation_id}"' in page


def test_the_reference_page_documents_the_rules_events_and_missing_concepts(client):
    page = client.get("/api/v1/docs").text
    for text in ("timesheet.submitted", "profile_update.submitted", "application.stage_changed", "Candor-Signature",
                 "hmac.new", "<code>anonymised</code>", "<code>Allow</code>", "updatedSince", "/v1/public/candidates",
                 "Analyses and interviews", "ATS", "20 attempts", "2.6 days", "Send again", "[ADDRESS]"):
        assert text in page, text


# --- a path no route pattern matches (a newline in an id) is still the API's 404 problem -------------------

@pytest.mark.parametrize("url", ["/api/v1/candidates/a%0Ab", "/v1/public/jobs/%0A", "/api/v1/applications/x%0A/move"])
def test_a_newline_in_the_path_is_a_404_problem(client, world, url):
    response = client.get(url, headers=auth(world["ro"]))
    _problem_anywhere(response, 404, "path", "route")
