from datetime import date, timedelta

from sqlmodel import select

from app.models import Application, Notification, PipelineStage, Task
from app.models.base import utcnow
from app.services import applications, candidates, dashboard, jobs
from tests.factories import actor_for, make_agency, make_user


def test_my_work_lists_my_mentions_stale_applications_and_tasks_only(session):
    agency = make_agency(session, "north")
    me = actor_for(make_user(session, agency, "recruiter"))
    colleague = actor_for(make_user(session, agency, "admin"))
    ann = candidates.create_candidate(session, me, first_name="Ann", last_name="Lee")
    bob = candidates.create_candidate(session, me, first_name="Bob", last_name="Ray")
    mine = jobs.create_job(session, me, title="Mine")
    theirs = jobs.create_job(session, colleague, title="Theirs")
    applications.assign_to_job(session, me, [ann.id, bob.id], mine.id)
    applications.assign_to_job(session, me, [ann.id], theirs.id)
    session.flush()
    rows = {(a.candidate_id, a.job_id): a for a in session.exec(select(Application))}
    rows[(ann.id, mine.id)].stage_entered_at = utcnow() - timedelta(days=12)
    rows[(ann.id, theirs.id)].stage_entered_at = utcnow() - timedelta(days=30)  # not mine
    rejected = session.exec(select(PipelineStage).where(PipelineStage.name == "Rejected")).first()
    rows[(bob.id, mine.id)].stage_entered_at = utcnow() - timedelta(days=40)
    rows[(bob.id, mine.id)].stage_id = rejected.id  # finished: not waiting
    session.add_all([
        Notification(agency_id=agency.id, user_id=me.user_id, kind="mention", title="Nora mentioned you",
                     link=f"/candidates/{ann.id}"),
        Notification(agency_id=agency.id, user_id=colleague.user_id, kind="mention", title="not mine"),
        Task(agency_id=agency.id, assignee_id=me.user_id, title="Call Ann", due_on=date.today()),
        Task(agency_id=agency.id, assignee_id=me.user_id, title="Done already", done_at=utcnow()),
    ])
    session.commit()

    data = dashboard.overview(session, me)
    assert [n.title for n in data.mentions] == ["Nora mentioned you"]
    assert [(s.candidate, s.job, s.stage, s.days) for s in data.stale] == [("Ann Lee", "Mine", "New", 12)]
    assert [t.title for t in data.tasks] == ["Call Ann"]
    assert dict(data.per_stage)["New"] == 2 and dict(data.per_stage)["Rejected"] == 1
    assert [(s.job, s.days) for s in dashboard.overview(session, colleague).stale] == [("Theirs", 30)]


def test_recent_feed_speaks_in_sentences_and_links_candidates(session):
    agency = make_agency(session, "north")
    me = actor_for(make_user(session, agency, "recruiter"))
    ann = candidates.create_candidate(session, me, first_name="Ann", last_name="Lee")
    job = jobs.create_job(session, me, title="Welder")
    applications.assign_to_job(session, me, [ann.id], job.id)
    session.commit()
    feed = dashboard.recent_feed(session, me)
    assert [f.sentence for f in feed][:3] == [f"{me.name} assigned Ann Lee to Welder (New)",
                                               f"{me.name} created the job Welder", f"{me.name} added Ann Lee"]
    assert feed[0].link == f"/candidates/{ann.id}" and feed[1].link == f"/jobs/{job.id}"
