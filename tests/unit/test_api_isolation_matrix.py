"""The cross-agency matrix, generated from the OpenAPI document: every operation, at both bases (/api/v1 and the
seed's /v1/public), called with another agency's ids and with another agency's key.

The seed's rule: 404 when the record does not exist, 403 when it belongs to another agency. Never any data of the
other agency in the answer, and nothing of it changed. A new operation without an entry in OPERATIONS fails
`test_the_matrix_covers_every_operation_of_the_document`.
"""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from app.models import Application, Candidate, Job
from tests.api_fixtures import auth

BASES = ["/api/v1", "/v1/public"]
PATH_IDS = {"candidateId": ("ann", "sam"), "jobId": ("n_job1", "s_job"), "applicationId": ("ann_app", "sam_app")}
# The other agency's data that must never appear in an answer to a request about it.
SECRETS = {"north": ["Ann", "ann@example.com", "Forklift Driver", "Welder"],
           "south": ["Sam", "sam@example.com", "South Job"]}


def _stage(w, agency, index=1):
    return str(w["n_stages" if agency == "north" else "s_stages"][index].id)


def _job(w, agency):
    return str(w["n_job2" if agency == "north" else "s_job"].id)


def _candidate(w, agency):
    return str(w["ann" if agency == "north" else "sam"].id)


# operationId -> (a valid body for the key's agency, [(body naming the other agency's records, field)]).
# Bodies are functions of (world, key's agency, other agency).
OPERATIONS = {
    "listCandidates": (None, []),
    "createCandidate": (lambda w, me, other: {"firstName": "New", "lastName": "One"},
                        [(lambda w, me, other: {"firstName": "New", "lastName": "One", "jobIds": [_job(w, other)]},
                          "jobIds")]),
    "getCandidate": (None, []),
    "updateCandidate": (lambda w, me, other: {"status": "REJECTED"},
                        [(lambda w, me, other: {"jobIds": [_job(w, other)]}, "jobIds")]),
    "deleteCandidate": (None, []),
    "listCandidateApplications": (None, []),
    "listJobs": (None, []),
    "createJob": (lambda w, me, other: {"title": "Mine"}, []),
    "getJob": (None, []),
    "updateJob": (lambda w, me, other: {"title": "Mine now"}, []),
    "listJobApplications": (None, []),
    "listStages": (None, []),
    "createApplication": (
        lambda w, me, other: {"candidateId": _candidate(w, me), "jobId": _job(w, me)},
        [(lambda w, me, other: {"candidateId": _candidate(w, other), "jobId": _job(w, me)}, "candidateId"),
         (lambda w, me, other: {"candidateId": _candidate(w, me), "jobId": _job(w, other)}, "jobId"),
         (lambda w, me, other: {"candidateId": _candidate(w, me), "jobId": _job(w, me),
                                "stageId": _stage(w, other)}, "stageId")]),
    "getApplication": (None, []),
    "moveApplication": (lambda w, me, other: {"stageId": _stage(w, me)},
                        [(lambda w, me, other: {"stageId": _stage(w, other)}, "stageId")]),
}


def _operations(client) -> list[tuple[str, str, str, list[str]]]:
    """(operationId, method, path template, path parameter names) of every operation in the document."""
    doc = client.get("/api/v1/openapi.json").json()
    out = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            out.append((op["operationId"], method, path, params))
    return out


def _key(w, agency):
    return auth(w["rw"] if agency == "north" else w["south_rw"])


def _check_problem(response, status, field, rule, leaked):
    assert response.status_code == status, (response.request.method, response.request.url, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "instance", "errors"} and body["status"] == status
    assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in body["errors"]], body
    for secret in leaked:
        assert secret not in response.text, (secret, response.text)


def _snapshot(session) -> dict:
    session.expire_all()
    return {"candidates": {(c.id, c.first_name, c.status, c.updated_at) for c in session.exec(select(Candidate))},
            "jobs": {(j.id, j.title, j.updated_at) for j in session.exec(select(Job))},
            "applications": {(a.id, a.stage_id, a.candidate_id, a.job_id) for a in session.exec(select(Application))}}


def test_the_matrix_covers_every_operation_of_the_document(client):
    ops = _operations(client)
    assert {op for op, *_ in ops} == set(OPERATIONS)
    assert {op for op, *_ in _operations(client)} == \
        {op["operationId"] for item in client.get("/v1/openapi.json").json()["paths"].values() for op in item.values()}


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("me,other", [("north", "south"), ("south", "north")])
def test_another_agencys_ids_in_the_path_are_403_without_data(client, world, session, base, me, other):
    """A key of `me` names `other`'s records in the path: 403 naming the path parameter, nothing read or changed.
    (The same call seen from `other`'s side is "another agency's key on my ids".)"""
    before = _snapshot(session)
    checked = 0
    for operation_id, method, path, params in _operations(client):
        if not params:
            continue
        make_body = OPERATIONS[operation_id][0]
        body = make_body(world, me, other) if make_body else None
        url = base + path.format(**{p: world[PATH_IDS[p][0 if other == "north" else 1]].id for p in params})
        response = client.request(method, url, headers=_key(world, me), json=body)
        _check_problem(response, 403, params[-1], "other_agency", SECRETS[other])
        checked += 1
    assert checked == 9
    assert _snapshot(session) == before


@pytest.mark.parametrize("base", BASES)
def test_unknown_ids_in_the_path_are_404(client, world, base):
    for operation_id, method, path, params in _operations(client):
        if not params:
            continue
        make_body = OPERATIONS[operation_id][0]
        body = make_body(world, "north", "south") if make_body else None
        for unknown in (str(uuid.uuid4()), "not-an-id"):
            url = base + path.format(**{p: unknown for p in params})
            _check_problem(client.request(method, url, headers=_key(world, "north"), json=body), 404, params[-1],
                           "exists", [])


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("me,other", [("north", "south"), ("south", "north")])
def test_another_agencys_ids_in_a_body_are_403(client, world, session, base, me, other):
    before = _snapshot(session)
    checked = 0
    for operation_id, method, path, params in _operations(client):
        for make_body, field in OPERATIONS[operation_id][1]:
            url = base + path.format(**{p: world[PATH_IDS[p][0 if me == "north" else 1]].id for p in params})
            response = client.request(method, url, headers=_key(world, me), json=make_body(world, me, other))
            _check_problem(response, 403, field, "same_agency", SECRETS[other])
            checked += 1
    assert checked == 6
    assert _snapshot(session) == before


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("me,other", [("north", "south"), ("south", "north")])
def test_without_ids_a_key_sees_and_makes_only_its_own_agencys_records(client, world, base, me, other):
    """Lists, filters and creates with another agency's key: only that key's agency, never the other's rows."""
    theirs = {str(world[PATH_IDS[p][0 if other == "north" else 1]].id) for p in PATH_IDS}
    theirs |= {str(s.id) for s in world["n_stages" if other == "north" else "s_stages"]}
    sam = client.patch(f"/api/v1/candidates/{world['sam'].id}", headers=_key(world, "south"),
                       json={"email": "sam@example.com"})
    assert sam.status_code == 200
    created = {}
    for operation_id, method, path, params in _operations(client):
        if params:
            continue
        make_body = OPERATIONS[operation_id][0]
        body = make_body(world, me, other) if make_body else None
        if operation_id == "createApplication":  # the candidate made above: in no pipeline yet
            body["candidateId"] = created["createCandidate"]
        response = client.request(method, base + path, headers=_key(world, me), json=body)
        assert response.status_code in (200, 201), (operation_id, response.text)
        created[operation_id] = response.json().get("id")
        for secret in [*theirs, *SECRETS[other]]:
            assert secret not in response.text, (operation_id, secret)
    assert {"createCandidate", "createJob", "createApplication"} <= set(created)
    email = "ann@example.com" if other == "north" else "sam@example.com"
    filtered = client.get(base + "/candidates", headers=_key(world, me), params={"email": email}).json()
    assert filtered["data"] == []
    # What `me` created is invisible to `other`.
    mine = client.get(base + "/candidates", headers=_key(world, other)).json()["data"]
    assert "New" not in {c["firstName"] for c in mine}
    jobs = client.get(base + "/jobs", headers=_key(world, other)).json()["data"]
    assert "Mine" not in {j["title"] for j in jobs}
