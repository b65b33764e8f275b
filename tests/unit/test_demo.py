from sqlalchemy import func
from sqlmodel import select

from app.models import Agency, Application, Candidate, Job, User
from app.services import auth, demo


def test_demo_data_has_both_agencies_their_logins_and_spread_pipeline(session):
    assert demo.is_empty(session)
    demo.seed_demo(session, candidates=200)
    session.commit()
    assert not demo.is_empty(session)
    assert sorted(session.exec(select(Agency.slug))) == ["northwind", "southwind"]
    for email in ("admin@northwind.example.com", "recruiter@northwind.example.com",
                  "viewer@northwind.example.com", "admin@southwind.example.com"):
        assert auth.authenticate(session, email, demo.DEMO_PASSWORD).email == email
    assert session.exec(select(func.count()).select_from(Candidate)).one() == 200
    assert session.exec(select(func.count()).select_from(Job)).one() == 25
    stages_used = session.exec(select(func.count(func.distinct(Application.stage_id)))).one()
    assert stages_used >= 10  # six stages per agency, most of them used
    users_by_agency = session.exec(select(User.agency_id, func.count()).group_by(User.agency_id)).all()
    assert sorted(n for _, n in users_by_agency) == [1, 3]


def test_demo_candidates_pass_the_same_validation_as_user_input(session):
    from app.services.candidates import clean_candidate_fields
    demo.seed_demo(session, candidates=40)
    session.commit()
    for c in session.exec(select(Candidate)):
        clean_candidate_fields({"first_name": c.first_name, "last_name": c.last_name, "email": c.email,
                                "phone": c.phone, "status": c.status, "rating": c.rating,
                                "gdpr_expiry": c.gdpr_expiry})


def test_demo_candidates_are_searchable_by_name_skill_and_tag(session):
    demo.seed_demo(session, candidates=30)
    session.commit()
    c = session.exec(select(Candidate)).first()
    assert c.skills and all(skill.lower() in c.search_text for skill in c.skills)
    assert c.first_name.lower() in c.search_text and c.email in c.search_text


def test_demo_has_a_temp_placement_with_shifts_and_a_submitted_timesheet(session):
    from app.models import Placement, Shift, ShiftOffer, Timesheet

    demo.seed_demo(session, candidates=30)
    session.commit()
    placement = session.exec(select(Placement)).one()
    assert session.get(Job, placement.job_id).employment_type == "temp"
    assert session.exec(select(func.count()).select_from(Shift)).one() == 3
    assert session.exec(select(ShiftOffer.status)).all() == ["offered"]
    assert session.exec(select(Timesheet.status)).all() == ["submitted"]
