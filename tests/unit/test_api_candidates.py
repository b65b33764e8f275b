"""The candidate endpoints against the compatible API's contract: every rule with its status and error body."""

import json
import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import ActivityEvent, Application, Candidate, WebhookDelivery
from app.services import webhooks
from tests.api_fixtures import auth, problem
from tests.factories import actor_for

FIELDS = {"id", "firstName", "lastName", "status", "createdAt", "updatedAt", "jobId", "jobIds", "email", "phone",
          "gdprExpiry", "rating", "metadata", "gender", "cv", "links"}


def _patch(client, world, body, key="rw", candidate=None):
    cid = candidate or world["ann"].id
    return client.patch(f"/api/v1/candidates/{cid}", headers=auth(world[key]), json=body)


def _bad(client, world, body, field, rule):
    before = client.get(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"])).json()
    result = problem(_patch(client, world, body), 400, field, rule)
    after = client.get(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"])).json()
    assert after == before  # nothing half-written
    return result


def test_get_returns_the_seed_shape(client, world):
    body = client.get(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["ro"])).json()
    assert set(body) == FIELDS
    assert body["firstName"] == "Ann" and body["status"] == "APPLIED" and body["email"] == "ann@example.com"
    assert body["jobIds"] == [str(world["n_job1"].id)] and body["jobId"] == str(world["n_job1"].id)
    assert body["createdAt"].endswith("Z") and len(body["createdAt"]) == 20
    assert body["links"] == {"self": f"/api/v1/candidates/{world['ann'].id}",
                             "applications": f"/api/v1/candidates/{world['ann'].id}/applications"}


def test_patch_with_every_seed_field(client, world, session):
    expiry = (date.today() + timedelta(days=30)).isoformat()
    body = {"firstName": "John", "lastName": "Doe", "email": "John.Doe@Example.com", "phone": "+421901234567",
            "gdprExpiry": expiry, "status": "IN_PROCESS", "jobIds": [str(world["n_job2"].id)],
            "metadata": {"source": "LinkedIn", "referredBy": "John Smith"}, "gender": "female",
            "cv": "John Doe\nSoftware Engineer\njohn@doe.org, +44 20 7946 0958\nExperience: ..."}
    response = _patch(client, world, body)
    assert response.status_code == 200, response.text
    out = response.json()
    assert (out["firstName"], out["lastName"], out["email"], out["phone"], out["gdprExpiry"], out["status"],
            out["gender"]) == ("John", "Doe", "john.doe@example.com", "+421901234567", expiry, "IN_PROCESS", "female")
    assert out["jobIds"] == [str(world["n_job2"].id)] and out["jobId"] == str(world["n_job2"].id)
    assert out["metadata"] == {"source": "LinkedIn", "referredBy": "John Smith"}
    assert out["cv"] == "[NAME]\nSoftware Engineer\n[EMAIL], [PHONE]\nExperience: ..."
    # The timeline names the key; the job assignment moved.
    events = session.exec(select(ActivityEvent).where(ActivityEvent.subject_id == world["ann"].id)
                          .order_by(ActivityEvent.created_at)).all()
    kinds = {e.kind: e for e in events}
    assert kinds["candidate.updated"].actor_label == "API key Zapier"
    assert kinds["candidate.updated"].actor_id == world["admin"].id
    assert {"application.created", "application.removed"} <= set(kinds)
    assert {c["field"] for c in kinds["candidate.updated"].payload["changes"]} >= {"cv_text", "meta", "phone"}
    assert not any("John Smith" in json.dumps(c) for c in kinds["candidate.updated"].payload["changes"])


def test_partial_update_changes_only_what_is_sent(client, world):
    before = client.get(f"/api/v1/candidates/{world['ann'].id}", headers=auth(world["rw"])).json()
    after = _patch(client, world, {"status": "REJECTED"}).json()
    assert after["status"] == "REJECTED"
    assert {k: v for k, v in after.items() if k not in ("status", "updatedAt")} == \
        {k: v for k, v in before.items() if k not in ("status", "updatedAt")}


@pytest.mark.parametrize("body,field,rule", [
    ({"firstName": ""}, "firstName", "required"),
    ({"firstName": "   "}, "firstName", "required"),
    ({"firstName": "x" * 101}, "firstName", "max_length"),
    ({"lastName": "y" * 101}, "lastName", "max_length"),
    ({"firstName": None}, "firstName", "type"),
    ({"firstName": 5}, "firstName", "type"),
    ({"firstName": "A\u0000B"}, "firstName", "invalid_characters"),
    ({"email": "not-an-email"}, "email", "format"),
    ({"phone": "0901 234 567"}, "phone", "pattern"),
    ({"phone": "+0421901234567"}, "phone", "pattern"),
    ({"phone": "+4219012345678901"}, "phone", "pattern"),
    ({"phone": "+١٢٣٤٥٦"}, "phone", "pattern"),
    ({"gdprExpiry": date.today().isoformat()}, "gdprExpiry", "future_date"),
    ({"gdprExpiry": "2020-01-01"}, "gdprExpiry", "future_date"),
    ({"gdprExpiry": "2027-13-01"}, "gdprExpiry", "format"),
    ({"gdprExpiry": "2027-01-01T00:00:00Z"}, "gdprExpiry", "format"),
    ({"status": "HIRED"}, "status", "enum"),
    ({"status": None}, "status", "type"),
    ({"gender": "other"}, "gender", "enum"),
    ({"metadata": "text"}, "metadata", "type"),
    ({"metadata": {"k": "x" * 10_300}}, "metadata", "max_size"),
    ({"metadata": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}}, "metadata", "max_depth"),
    ({"metadata": {f"k{i}": i for i in range(51)}}, "metadata", "max_keys"),
    ({"metadata": {"a": {f"k{i}": i for i in range(50)}}}, "metadata", "max_keys"),
    ({"cv": "x" * 50_001}, "cv", "max_length"),
    ({"cv": 12}, "cv", "type"),
    ({"jobIds": ["not-a-uuid"]}, "jobIds", "format"),
    ({"jobIds": [str(uuid.uuid4())]}, "jobIds", "exists"),
    ({"jobIds": "abc"}, "jobIds", "type"),
    ({"jobIds": [str(uuid.uuid4()) for _ in range(51)]}, "jobIds", "max_items"),
    ({"rating": 50}, "rating", "unknown_field"),
    ({"nickname": "Annie"}, "nickname", "unknown_field"),
])
def test_each_rule_has_its_own_400(client, world, body, field, rule):
    _bad(client, world, body, field, rule)


def test_limits_are_inclusive(client, world):
    ok = {"firstName": "x" * 100, "metadata": {"a": {"b": {"c": {"d": {"e": 1}}}}}, "cv": "word " * 10_000}
    assert _patch(client, world, ok).status_code == 200
    assert _patch(client, world, {"metadata": {f"k{i}": i for i in range(50)}}).status_code == 200
    assert _patch(client, world, {"metadata": {"k": "x" * 10_000}}).status_code == 200


def test_malformed_bodies_are_400(client, world):
    cid = world["ann"].id
    for raw, rule in ((b"{not json", "json"), (b"[1, 2]", "type"), (b"", "required"),
                      (b'{"firstName": "\\ud800"}', "json"), (b'{"metadata": {"a": 1e400}}', "finite_number")):
        response = client.patch(f"/api/v1/candidates/{cid}", content=raw,
                                headers={**auth(world["rw"]), "Content-Type": "application/json"})
        assert response.status_code == 400, (raw, response.text)
        assert rule in [e["rule"] for e in response.json()["errors"]], (raw, response.json())


def test_several_invalid_fields_are_reported_together(client, world):
    body = _bad(client, world, {"phone": "123", "status": "HIRED", "gdprExpiry": "2001-01-01",
                                "jobIds": [str(uuid.uuid4())]}, "phone", "pattern")
    assert {(e["field"], e["rule"]) for e in body["errors"]} == {
        ("phone", "pattern"), ("status", "enum"), ("gdprExpiry", "future_date"), ("jobIds", "exists")}


def test_null_clears_gender_phone_email_expiry_metadata_and_cv(client, world):
    _patch(client, world, {"gender": "male", "phone": "+421901234567", "metadata": {"a": 1}, "cv": "Hi",
                           "gdprExpiry": (date.today() + timedelta(days=9)).isoformat()})
    out = _patch(client, world, {"gender": None, "phone": None, "email": None, "gdprExpiry": None,
                                 "metadata": None, "cv": None}).json()
    assert (out["gender"], out["phone"], out["email"], out["gdprExpiry"], out["metadata"], out["cv"]) == \
        (None, None, None, None, {}, None)


def test_metadata_and_job_ids_replace(client, world):
    _patch(client, world, {"metadata": {"a": 1, "b": 2}})
    assert _patch(client, world, {"metadata": {"c": 3}}).json()["metadata"] == {"c": 3}
    both = [str(world["n_job2"].id), str(world["n_job1"].id)]
    assert _patch(client, world, {"jobIds": both}).json()["jobIds"] == [str(world["n_job1"].id),
                                                                        str(world["n_job2"].id)]
    assert _patch(client, world, {"jobIds": []}).json()["jobIds"] == []
    assert _patch(client, world, {"jobIds": []}).json()["jobId"] is None


def test_isolation_404_403_400_in_the_seeds_order(client, world, session):
    missing = uuid.uuid4()
    problem(_patch(client, world, {"status": "HIRED"}, candidate=missing), 404, "candidateId", "exists")
    problem(_patch(client, world, {"status": "APPLIED"}, candidate="not-a-uuid"), 404, "candidateId", "exists")
    problem(_patch(client, world, {"status": "HIRED"}, candidate=world["sam"].id), 403, "candidateId",
            "other_agency")
    # A job of another agency is 403 even when other fields are invalid; an unknown job is 400.
    problem(_patch(client, world, {"phone": "nope", "jobIds": [str(world["s_job"].id), str(uuid.uuid4())]}),
            403, "jobIds", "same_agency")
    assert session.exec(select(Application).where(Application.job_id == world["s_job"].id)).all() == \
        session.exec(select(Application).where(Application.candidate_id == world["sam"].id)).all()


def test_delete_then_404(client, world, session):
    ann_id = world["ann"].id
    url = f"/api/v1/candidates/{ann_id}"
    response = client.delete(url, headers=auth(world["rw"]))
    assert response.status_code == 204 and response.content == b""
    problem(client.get(url, headers=auth(world["rw"])), 404, "candidateId", "exists")
    problem(client.patch(url, headers=auth(world["rw"]), json={"status": "APPLIED"}), 404, "candidateId", "exists")
    problem(client.delete(url, headers=auth(world["rw"])), 404, "candidateId", "exists")
    session.expire_all()
    assert session.exec(select(Candidate).where(Candidate.id == ann_id)).first() is None


def test_create_needs_names_and_answers_201_with_location(client, world):
    problem(client.post("/api/v1/candidates", headers=auth(world["rw"]), json={"lastName": "Doe"}), 400,
            "firstName", "required")
    response = client.post("/api/v1/candidates", headers=auth(world["rw"]), json={
        "firstName": "Jane", "lastName": "Doe", "phone": "+421915123456", "jobIds": [str(world["n_job1"].id)],
        "cv": "Jane Doe\nNurse"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == body["links"]["self"] == f"/api/v1/candidates/{body['id']}"
    assert body["cv"] == "[NAME]\nNurse" and body["jobIds"] == [str(world["n_job1"].id)]
    problem(client.post("/api/v1/candidates", headers=auth(world["rw"]), json={
        "firstName": "J", "lastName": "D", "jobIds": [str(world["s_job"].id)]}), 403, "jobIds", "same_agency")


def test_list_filters_and_cursor_pagination(client, world, session):
    from app.services import candidates
    actor = actor_for(world["admin"])
    for i in range(7):
        candidates.create_candidate(session, actor, first_name=f"P{i}", last_name="Page", email=f"p{i}@x.org",
                                    status="IN_PROCESS" if i % 2 else "UNDEFINED")
    session.commit()
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/candidates", headers=auth(world["ro"]), params=params).json()
        seen += [c["id"] for c in page["data"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 8  # Ann and seven more; never South's Sam
    assert str(world["sam"].id) not in seen
    statuses = client.get("/api/v1/candidates", headers=auth(world["ro"]), params={"status": "IN_PROCESS"}).json()
    assert {c["status"] for c in statuses["data"]} == {"IN_PROCESS"} and len(statuses["data"]) == 3
    by_email = client.get("/api/v1/candidates", headers=auth(world["ro"]), params={"email": "P3@X.org"}).json()
    assert [c["firstName"] for c in by_email["data"]] == ["P3"]
    later = client.get("/api/v1/candidates", headers=auth(world["ro"]),
                       params={"updatedSince": "2999-01-01T00:00:00Z"}).json()
    assert later == {"data": [], "nextCursor": None}
    since = client.get("/api/v1/candidates", headers=auth(world["ro"]),
                       params={"updatedSince": "2000-01-01T00:00:00"}).json()
    assert len(since["data"]) == 8


@pytest.mark.parametrize("params,field,rule", [
    ({"limit": 0}, "limit", "range"), ({"limit": 101}, "limit", "range"), ({"limit": "x"}, "limit", "type"),
    ({"status": "HIRED"}, "status", "enum"), ({"updatedSince": "yesterday"}, "updatedSince", "format"),
    ({"cursor": "garbage!"}, "cursor", "format"), ({"email": "a\u0000b"}, "email", "invalid_characters"),
])
def test_list_parameters_are_checked(client, world, params, field, rule):
    problem(client.get("/api/v1/candidates", headers=auth(world["ro"]), params=params), 400, field, rule)


def test_writes_emit_webhooks_in_the_same_transaction(client, world, session):
    endpoint, _ = webhooks.create_endpoint(session, actor_for(world["admin"]), "https://hooks.example.com/c",
                                           list(webhooks.EVENTS))
    session.commit()
    _patch(client, world, {"status": "ACCEPTED", "jobIds": [str(world["n_job2"].id)]})
    _bad(client, world, {"status": "nope"}, "status", "enum")  # a failed request emits nothing
    created = client.post("/api/v1/candidates", headers=auth(world["rw"]), json={"firstName": "N", "lastName": "W"})
    rows = session.exec(select(WebhookDelivery).order_by(WebhookDelivery.created_at)).all()
    assert [r.event for r in rows] == ["candidate.updated", "candidate.created"]
    data = rows[0].payload["data"]
    assert data["changes"] == ["status", "jobIds"] and data["candidate"]["status"] == "ACCEPTED"
    assert data["candidate"]["jobIds"] == [str(world["n_job2"].id)]
    assert rows[1].payload["data"]["candidate"]["id"] == created.json()["id"]
    assert rows[0].payload["type"] == "candidate.updated" and rows[0].endpoint_id == endpoint.id


def test_the_public_alias_serves_the_same_api(client, world):
    response = client.get(f"/api/v1/public/candidates/{world['ann'].id}", headers=auth(world["ro"]))
    assert response.status_code == 200 and response.json()["firstName"] == "Ann"
