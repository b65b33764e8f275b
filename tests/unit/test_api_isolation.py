"""The cross-agency matrix: every endpoint with another agency's ids (403), unknown ids (404) and keys."""

import uuid

import pytest
from sqlmodel import select

from app.models import Application, Candidate, Job
from tests.api_fixtures import auth, problem


def _by_path(w):
    """(method, url, body) for every endpoint that takes an id in the path: (url with another agency's id)."""
    sam, s_job, s_app = w["sam"].id, w["s_job"].id, w["sam_app"].id
    stage = w["n_stages"][1].id
    return [
        ("get", f"/api/v1/candidates/{sam}", None, "candidateId"),
        ("patch", f"/api/v1/candidates/{sam}", {"status": "REJECTED"}, "candidateId"),
        ("delete", f"/api/v1/candidates/{sam}", None, "candidateId"),
        ("get", f"/api/v1/candidates/{sam}/applications", None, "candidateId"),
        ("get", f"/api/v1/jobs/{s_job}", None, "jobId"),
        ("patch", f"/api/v1/jobs/{s_job}", {"title": "Mine now"}, "jobId"),
        ("get", f"/api/v1/jobs/{s_job}/applications", None, "jobId"),
        ("get", f"/api/v1/applications/{s_app}", None, "applicationId"),
        ("post", f"/api/v1/applications/{s_app}/move", {"stageId": str(stage)}, "applicationId"),
    ]


def test_another_agencys_ids_in_the_path_are_403_and_change_nothing(client, world, session):
    for method, url, body, field in _by_path(world):
        problem(client.request(method, url, headers=auth(world["rw"]), json=body), 403, field, "other_agency")
    session.expire_all()
    assert session.get(Candidate, world["sam"].id).status == "UNDEFINED"
    assert session.get(Job, world["s_job"].id).title == "South Job"
    assert session.get(Application, world["sam_app"].id).stage_id == world["s_stages"][0].id


def test_unknown_ids_in_the_path_are_404(client, world):
    for method, url, body, field in _by_path(world):
        for unknown in (str(uuid.uuid4()), "not-an-id"):
            wrong = url.replace(str(world["sam"].id), unknown).replace(str(world["s_job"].id), unknown) \
                .replace(str(world["sam_app"].id), unknown)
            problem(client.request(method, wrong, headers=auth(world["rw"]), json=body), 404, field, "exists")


def test_the_other_agencys_key_gets_403_on_this_agencys_ids(client, world):
    ann, job, app = world["ann"].id, world["n_job1"].id, world["ann_app"].id
    south = auth(world["south_rw"])
    for method, url, field in [("get", f"/api/v1/candidates/{ann}", "candidateId"),
                               ("patch", f"/api/v1/candidates/{ann}", "candidateId"),
                               ("get", f"/api/v1/jobs/{job}", "jobId"),
                               ("get", f"/api/v1/applications/{app}", "applicationId")]:
        body = {"status": "REJECTED"} if method == "patch" else None
        problem(client.request(method, url, headers=south, json=body), 403, field, "other_agency")


@pytest.mark.parametrize("make_body,field", [
    (lambda w: {"candidateId": str(w["sam"].id), "jobId": str(w["n_job2"].id)}, "candidateId"),
    (lambda w: {"candidateId": str(w["ann"].id), "jobId": str(w["s_job"].id)}, "jobId"),
    (lambda w: {"candidateId": str(w["ann"].id), "jobId": str(w["n_job2"].id),
                "stageId": str(w["s_stages"][1].id)}, "stageId"),
])
def test_another_agencys_ids_in_a_body_are_403(client, world, make_body, field):
    problem(client.post("/api/v1/applications", headers=auth(world["rw"]), json=make_body(world)), 403, field,
            "same_agency")


def test_a_stage_of_another_agency_cannot_be_a_move_target(client, world):
    problem(client.post(f"/api/v1/applications/{world['ann_app'].id}/move", headers=auth(world["rw"]),
                        json={"stageId": str(world["s_stages"][1].id)}), 403, "stageId", "same_agency")
    problem(client.patch(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"]),
                         json={"jobIds": [str(world["s_job"].id)]}), 403, "jobIds", "same_agency")


def test_lists_show_only_the_keys_agency(client, world):
    north, south = auth(world["ro"]), auth(world["south_rw"])
    for url, mine, theirs in [("/api/v1/candidates", world["ann"].id, world["sam"].id),
                              ("/api/v1/jobs", world["n_job1"].id, world["s_job"].id),
                              ("/api/v1/stages", world["n_stages"][0].id, world["s_stages"][0].id)]:
        ids = {row["id"] for row in client.get(url, headers=north).json()["data"]}
        assert str(mine) in ids and str(theirs) not in ids
        ids = {row["id"] for row in client.get(url, headers=south).json()["data"]}
        assert str(theirs) in ids and str(mine) not in ids


def test_candidates_created_with_a_key_belong_to_its_agency(client, world, session):
    created = client.post("/api/v1/candidates", headers=auth(world["south_rw"]),
                          json={"firstName": "New", "lastName": "South"}).json()
    assert session.exec(select(Candidate.agency_id).where(Candidate.id == uuid.UUID(created["id"]))).one() == \
        world["south"].id
    problem(client.get(f"/api/v1/candidates/{created['id']}", headers=auth(world["rw"])), 403, "candidateId",
            "other_agency")
