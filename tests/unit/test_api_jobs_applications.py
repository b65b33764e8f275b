"""Jobs, applications and stages over the API: same services, same timeline, same webhooks as the app."""

import uuid

from sqlmodel import select

from app.models import ActivityEvent, WebhookDelivery
from app.services import webhooks
from tests.api_fixtures import auth, problem
from tests.factories import actor_for


def test_jobs_list_get_create_update(client, world):
    rw = auth(world["rw"])
    listed = client.get("/api/v1/jobs", headers=rw).json()
    assert [j["title"] for j in listed["data"]] == ["Forklift Driver", "Welder"] and listed["nextCursor"] is None
    created = client.post("/api/v1/jobs", headers=rw, json={"title": "Nurse", "location": "Leeds",
                                                          "employmentType": "temp"})
    assert created.status_code == 201 and created.headers["location"] == f"/api/v1/jobs/{created.json()['id']}"
    job = created.json()
    assert (job["title"], job["location"], job["employmentType"], job["status"]) == ("Nurse", "Leeds", "temp", "open")
    updated = client.patch(f"/api/v1/jobs/{job['id']}", headers=rw, json={"status": "closed", "title": "Night Nurse"})
    assert updated.json()["status"] == "closed" and updated.json()["title"] == "Night Nurse"
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=rw).json()["location"] == "Leeds"
    assert [j["title"] for j in client.get("/api/v1/jobs", headers=rw, params={"status": "closed"}).json()["data"]] \
        == ["Night Nurse"]


def test_job_rules_are_400(client, world):
    rw = auth(world["rw"])
    problem(client.post("/api/v1/jobs", headers=rw, json={}), 400, "title", "required")
    problem(client.post("/api/v1/jobs", headers=rw, json={"title": "x" * 201}), 400, "title", "max_length")
    problem(client.post("/api/v1/jobs", headers=rw, json={"title": "T", "employmentType": "gig"}), 400,
            "employmentType", "enum")
    problem(client.patch(f"/api/v1/jobs/{world['n_job1'].id}", headers=rw, json={"status": "paused"}), 400,
            "status", "enum")
    problem(client.patch(f"/api/v1/jobs/{world['n_job1'].id}", headers=rw, json={"location": "y" * 201}), 400,
            "location", "max_length")


def test_applications_create_list_move(client, world, session):
    rw = auth(world["rw"])
    webhooks.create_endpoint(session, actor_for(world["admin"]), "https://hooks.example.com/a", list(webhooks.EVENTS))
    session.commit()
    stages = client.get("/api/v1/stages", headers=rw).json()["data"]
    assert [s["kind"] for s in stages][-2:] == ["hired", "rejected"]
    body = {"candidateId": str(world["ann"].id), "jobId": str(world["n_job2"].id)}
    created = client.post("/api/v1/applications", headers=rw, json=body)
    assert created.status_code == 201 and created.json()["stage"]["id"] == stages[0]["id"]
    problem(client.post("/api/v1/applications", headers=rw, json=body), 409, "id", "conflict")
    app_id = created.json()["id"]
    moved = client.post(f"/api/v1/applications/{app_id}/move", headers=rw, json={"stageId": stages[1]["id"]})
    assert moved.status_code == 200 and moved.json()["stage"]["name"] == stages[1]["name"]
    rejected = next(s for s in stages if s["kind"] == "rejected")
    problem(client.post(f"/api/v1/applications/{app_id}/move", headers=rw, json={"stageId": rejected["id"]}),
            400, "reason", "required")
    done = client.post(f"/api/v1/applications/{app_id}/move", headers=rw,
                       json={"stageId": rejected["id"], "reason": "Chose someone closer"})
    assert done.json()["rejectionReason"] == "Chose someone closer"
    for_candidate = client.get(f"/api/v1/candidates/{world['ann'].id}/applications", headers=rw).json()["data"]
    assert {a["jobId"] for a in for_candidate} == {str(world["n_job1"].id), str(world["n_job2"].id)}
    for_job = client.get(f"/api/v1/jobs/{world['n_job2'].id}/applications", headers=rw).json()["data"]
    assert [a["id"] for a in for_job] == [app_id]
    labels = session.exec(select(ActivityEvent.actor_label).where(
        ActivityEvent.subject_id == world["ann"].id, ActivityEvent.kind == "application.stage_changed")).all()
    assert labels == ["API key Zapier", "API key Zapier"]
    events = [d.event for d in session.exec(select(WebhookDelivery).order_by(WebhookDelivery.created_at))]
    assert events == ["candidate.updated", "application.stage_changed", "application.stage_changed"]


def test_application_bodies_are_checked(client, world):
    rw = auth(world["rw"])
    problem(client.post("/api/v1/applications", headers=rw, json={"candidateId": str(world["ann"].id)}), 400,
            "jobId", "required")
    problem(client.post("/api/v1/applications", headers=rw,
                        json={"candidateId": str(uuid.uuid4()), "jobId": str(world["n_job2"].id)}), 400,
            "candidateId", "exists")
    problem(client.post("/api/v1/applications", headers=rw,
                        json={"candidateId": "x", "jobId": str(world["n_job2"].id)}), 400, "candidateId", "format")
    problem(client.post(f"/api/v1/applications/{world['ann_app'].id}/move", headers=rw,
                        json={"stageId": str(uuid.uuid4())}), 400, "stageId", "exists")
    problem(client.post(f"/api/v1/applications/{world['ann_app'].id}/move", headers=rw,
                        json={"stageId": str(world["n_stages"][1].id), "reason": "r" * 501}), 400, "reason",
            "max_length")
