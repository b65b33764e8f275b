"""Demo data: two agencies, their staff, realistic candidates, jobs and applications."""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker
from sqlmodel import Session, select

from app.models import (ActivityEvent, Agency, Application, Candidate, CandidateStatus, CandidateTag,
                        EmploymentType, Job, PipelineStage, Role, StageKind, Tag, User)
from app.models.base import utcnow
from app.services.agencies import create_agency
from app.services.candidates import build_search_text
from app.services.security import hash_password

DEMO_PASSWORD = "candor-demo"

SKILLS = ["Forklift", "Python", "Excel", "Customer service", "Welding", "Nursing", "Accounting", "SQL",
          "Warehouse", "Driving licence C", "Sales", "Java", "Project management", "Carpentry", "Cooking",
          "Electrical", "Logistics", "French", "German", "First aid", "Reception", "Payroll", "Cleaning"]
TAGS = ["Top talent", "Bilingual", "Night shifts", "Relocation OK", "Returning", "Referral", "Senior",
        "Graduate", "Available now", "Security cleared"]
JOB_TITLES = [
    ("Warehouse Operative", EmploymentType.TEMP), ("Forklift Driver", EmploymentType.TEMP),
    ("Registered Nurse", EmploymentType.CONTRACT), ("Python Developer", EmploymentType.PERMANENT),
    ("Payroll Administrator", EmploymentType.PERMANENT), ("Receptionist", EmploymentType.TEMP),
    ("Sales Executive", EmploymentType.PERMANENT), ("Electrician", EmploymentType.CONTRACT),
    ("Line Cook", EmploymentType.TEMP), ("Project Manager", EmploymentType.CONTRACT),
    ("Customer Service Advisor", EmploymentType.TEMP), ("Data Analyst", EmploymentType.PERMANENT),
    ("HGV Driver", EmploymentType.TEMP), ("Accounts Assistant", EmploymentType.PERMANENT),
    ("Welder", EmploymentType.CONTRACT), ("Cleaner", EmploymentType.TEMP),
    ("Care Assistant", EmploymentType.TEMP), ("Java Engineer", EmploymentType.PERMANENT),
    ("Logistics Coordinator", EmploymentType.PERMANENT), ("Carpenter", EmploymentType.CONTRACT),
]
REJECTION_REASONS = ["Salary expectations too high", "Not available on the start date",
                     "Chose another offer", "Missing certification"]
CITIES = ["London", "Manchester", "Leeds", "Bristol", "Birmingham", "Glasgow", "Remote"]


def is_empty(session: Session) -> bool:
    return session.exec(select(Agency.id).limit(1)).first() is None


def seed_demo(session: Session, candidates: int = 2000, seed: int = 7) -> None:
    """Fill an empty database; 85% of the candidates go to Northwind, the rest to Southwind."""
    fake = Faker(["en_GB"])
    Faker.seed(seed)
    rng = random.Random(seed)
    password_hash = hash_password(DEMO_PASSWORD)
    north = create_agency(session, name="Northwind Staffing", slug="northwind", primary_color="#4f46e5",
                          logo_url="/logos/northwind.svg")
    south = create_agency(session, name="Southwind Talent", slug="southwind", primary_color="#0f766e",
                          logo_url="/logos/southwind.svg")
    north_staff = [
        User(agency_id=north.id, email="admin@northwind.example.com", name="Nora Admin",
             role=Role.ADMIN.value, password_hash=password_hash),
        User(agency_id=north.id, email="recruiter@northwind.example.com", name="Rick Recruiter",
             role=Role.RECRUITER.value, password_hash=password_hash),
        User(agency_id=north.id, email="viewer@northwind.example.com", name="Vera Viewer",
             role=Role.VIEWER.value, password_hash=password_hash),
    ]
    south_staff = [
        User(agency_id=south.id, email="admin@southwind.example.com", name="Sam Southwind",
             role=Role.ADMIN.value, password_hash=password_hash),
    ]
    session.add_all(north_staff + south_staff)
    session.flush()
    north_count = round(candidates * 0.85)
    _seed_agency(session, fake, rng, north, north_staff[:2], north_count, jobs=20)
    _seed_agency(session, fake, rng, south, south_staff, candidates - north_count, jobs=5)
    _seed_temp(session, north, north_staff[1])


def _seed_temp(session: Session, agency: Agency, recruiter: User) -> None:
    """Temp staffing to look at: a placement on a temp job, shifts next week, last week's submitted timesheet."""
    from app.models import Placement, StageKind
    from app.services import placements, portal_auth, shifts, timesheets
    from app.services.actor import Actor
    from app.services.hours import week_start

    job = session.exec(select(Job).where(Job.agency_id == agency.id, Job.employment_type == "temp")
                       .order_by(Job.title)).first()
    if job is None:
        return
    candidate = session.exec(select(Candidate).where(Candidate.agency_id == agency.id,
                                                     Candidate.email.is_not(None))
                             .order_by(Candidate.last_name, Candidate.first_name)).first()
    if candidate is None:
        return
    actor = Actor(recruiter.id, agency.id, recruiter.role, recruiter.name, recruiter.email)
    hired = session.exec(select(PipelineStage).where(PipelineStage.agency_id == agency.id,
                                                     PipelineStage.kind == StageKind.HIRED.value)).first()
    application = session.exec(select(Application).where(Application.candidate_id == candidate.id,
                                                         Application.job_id == job.id)).first()
    if application is None:
        application = Application(agency_id=agency.id, candidate_id=candidate.id, job_id=job.id,
                                  stage_id=hired.id, owner_id=recruiter.id)
    application.stage_id = hired.id
    session.add(application)
    session.flush()
    today = date.today()
    this_week = week_start(today)
    placement = placements.create_placement(session, actor, application.id, {
        "start_date": (this_week - timedelta(weeks=3)).isoformat(),
        "end_date": (this_week + timedelta(weeks=8)).isoformat(), "pay_rate": "14.50", "bill_rate": "22.00",
        "client_company": "Acme Logistics", "client_contact": "Site office, gate 2", "approver_name": "Carla Moreau",
        "approver_email": "carla.moreau@acme-logistics.example.com", "expected_hours": "35"})
    for shift in shifts.create_shifts(session, actor, job.id, {
            "day": (this_week + timedelta(weeks=1)).isoformat(), "start": "06:00", "end": "14:00",
            "location": job.location or "", "headcount": "2", "repeat_weeks": "3"}):
        if shift.day == this_week + timedelta(weeks=1):
            shifts.offer(session, actor, shift.id, candidate.id)
    who = portal_auth.CandidateActor(candidate.id, agency.id, agency.slug, f"{candidate.first_name} "
                                     f"{candidate.last_name}", candidate.first_name, candidate.preferred_language)
    last_week = this_week - timedelta(weeks=1)
    rows = [{"key": str(i), "day": (last_week + timedelta(days=i)).isoformat(), "start": "08:00", "end": "16:30",
             "break": "30"} for i in range(5)]
    timesheets.save(session, who, placement.id, last_week, rows, "Demo week", submit=True)
    assert isinstance(placement, Placement)


def _seed_agency(session, fake, rng, agency, owners, n_candidates, jobs):
    stages = session.exec(
        select(PipelineStage).where(PipelineStage.agency_id == agency.id).order_by(PipelineStage.position)
    ).all()
    tags = [Tag(agency_id=agency.id, name=name) for name in TAGS]
    job_rows = []
    for title, kind in rng.sample(JOB_TITLES, jobs):
        job_rows.append(Job(agency_id=agency.id, title=title, employment_type=kind.value,
                            location=rng.choice(CITIES), owner_id=rng.choice(owners).id,
                            status="closed" if rng.random() < 0.15 else "open",
                            description=fake.paragraph(nb_sentences=4)))
    session.add_all(tags + job_rows)
    now = utcnow()
    candidates, links, applications = [], [], []
    extra = random.Random(f"{agency.slug}-profiles")  # its own stream: the rest of the demo data is unchanged
    for _ in range(n_candidates):
        first, last = fake.first_name(), fake.last_name()
        created = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
        candidate = Candidate(
            agency_id=agency.id, first_name=first, last_name=last,
            email=f"{first}.{last}.{rng.randint(1, 9999)}@example.net".lower().replace(" ", ""),
            phone=f"+447400{rng.randint(100000, 999999)}",
            status=rng.choice(list(CandidateStatus)).value,
            gdpr_expiry=date.today() + timedelta(days=rng.randint(30, 900)),
            rating=rng.choice([None, rng.randint(20, 100)]),
            skills=rng.sample(SKILLS, rng.randint(1, 4)),
            meta={"source": rng.choice(["LinkedIn", "Referral", "Website", "Job board", "Walk-in"]),
                  "city": rng.choice(CITIES)},
            cv_text=f"[NAME]\n{fake.job()}\n{fake.paragraph(nb_sentences=3)}",
            owner_id=rng.choice(owners).id, is_flagged=rng.random() < 0.05,
            created_at=created, updated_at=created + timedelta(days=rng.randint(0, 30)),
        )
        _profile_details(extra, candidate)
        candidates.append(candidate)
        chosen_tags = rng.sample(tags, rng.choice([0, 0, 1, 1, 2, 3]))
        for tag in chosen_tags:
            links.append(CandidateTag(candidate_id=candidate.id, tag_id=tag.id))
        candidate.search_text = build_search_text(candidate, [t.name for t in chosen_tags])
        for job in rng.sample(job_rows, rng.choice([0, 0, 1, 1, 2])):
            stage = rng.choices(stages, weights=[30, 22, 16, 8, 6, 18])[0]
            applications.append(Application(
                agency_id=agency.id, candidate_id=candidate.id, job_id=job.id, stage_id=stage.id,
                owner_id=job.owner_id, created_at=created,
                stage_entered_at=now - timedelta(days=rng.randint(0, 40)),
            ))
    session.add_all(candidates)
    session.flush()
    session.add_all(links + applications)
    session.flush()
    session.add_all(_history(rng, agency, candidates, applications, {j.id: j for j in job_rows},
                             {s.id: s for s in stages}, {o.id: o for o in owners}, stages[0]))
    session.flush()


POSITIONS = ["Warehouse operative", "Staff nurse", "Data analyst", "Line cook", "Accounts assistant",
             "Forklift driver", "Receptionist", "Welder", "Care assistant", "Software developer"]
EMPLOYERS = ["Acme Logistics", "St Mary's Hospital", "Brightside Foods", "Northern Rail", "Cobalt Systems"]
LANGUAGES = [("French", "Conversational"), ("Polish", "Native"), ("Spanish", "Basic"), ("German", "Professional")]


def _profile_details(rng, candidate) -> None:
    """What candidates keep current through profile-update requests (some have filled it in, some not)."""
    candidate.preferred_language = "fr" if rng.random() < 0.15 else "en"
    if rng.random() < 0.4:
        return
    candidate.city = rng.choice(CITIES[:-1])
    candidate.country = "United Kingdom"
    candidate.current_position = rng.choice(POSITIONS)
    candidate.current_employer = rng.choice(EMPLOYERS)
    candidate.employment_types = rng.sample(["permanent", "temp", "contract"], rng.randint(1, 2))
    candidate.languages = [{"language": "English", "level": "Native"}] + [
        {"language": lang, "level": level} for lang, level in rng.sample(LANGUAGES, rng.choice([0, 0, 1]))]


def _history(rng, agency, candidates, applications, jobs, stages, owners, first_stage) -> list[ActivityEvent]:
    """Timeline entries as if recruiters had done the work: created, assigned, moved (rejections with a reason)."""
    def event(who, subject_id, kind, payload, at):
        return ActivityEvent(agency_id=agency.id, actor_id=who.id, actor_label=who.name, subject_type="candidate",
                             subject_id=subject_id, kind=kind, payload=payload, created_at=at)

    events = [event(owners[c.owner_id], c.id, "candidate.created", {"name": c.full_name}, c.created_at)
              for c in candidates]
    for a in applications:
        job, stage, who = jobs[a.job_id], stages[a.stage_id], owners[a.owner_id]
        events.append(event(who, a.candidate_id, "application.created",
                            {"job": job.title, "job_id": str(job.id), "to": first_stage.name}, a.created_at))
        if stage.id != first_stage.id:
            payload = {"job": job.title, "job_id": str(job.id), "from": first_stage.name, "to": stage.name}
            if stage.kind == StageKind.REJECTED.value:
                a.rejection_reason = payload["reason"] = rng.choice(REJECTION_REASONS)
            events.append(event(who, a.candidate_id, "application.stage_changed", payload,
                                max(a.stage_entered_at, a.created_at)))
    return events
