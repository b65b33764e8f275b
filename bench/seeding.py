"""Seed a big agency fast: PostgreSQL through COPY, SQLite through executemany (bench suite only).

Realistic rows: Faker en_GB names, e-mail and UK mobile numbers, 1 to 5 skills out of 32, 0 to 3 tags out of
24, a third of the candidates in one or two of 40 jobs at a random stage, ratings, flags, portal states, dates
spread over 2.5 years. A second, smaller agency (10%) must never show up in the first one's results.
Also: BULK_TAG on exactly `bulk` candidates (the profile-update section), a 60-card job for the live
propagation section, and staff sessions (cookies) for the socket clients.
"""

from __future__ import annotations

import io
import json
import random
import time
import uuid
from datetime import timedelta

import sqlalchemy as sa
from faker import Faker
from sqlmodel import Session, select

from app.models import (Application, Candidate, CandidateStatus, CandidateTag, Job, PipelineStage, Tag,
                        User)
from app.models.base import utcnow
from app.services import auth
from app.services.actor import Actor
from app.services.agencies import create_agency
from app.services.demo import SKILLS, TAGS

MORE_SKILLS = SKILLS + ["Kubernetes", "Bookkeeping", "Scaffolding", "Plumbing", "Spanish", "Teaching",
                        "Hospitality", "Barista", "Security", "Childcare", "Phlebotomy", "AutoCAD"]
MORE_TAGS = TAGS + ["Weekend only", "Part time", "Needs visa", "Own transport", "CSCS card", "DBS checked",
                    "Do not call", "VIP", "Met in person", "Event 2024"]
BULK_TAG = "Bench bulk"
BOARD_JOB = "Bench live board"
BATCH = 20_000
CANDIDATE_COLUMNS = ["id", "agency_id", "first_name", "last_name", "email", "phone", "status", "rating",
                     "skills", "metadata", "custom_fields", "version", "created_at", "updated_at", "search_text",
                     "portal_status", "profile_updated_at", "owner_id", "is_flagged", "preferred_language"]


def _name_pools(seed: int) -> tuple[list[str], list[str]]:
    fake = Faker(["en_GB"])
    Faker.seed(seed)
    return ([fake.first_name() for _ in range(3000)], [fake.last_name() for _ in range(6000)])


def _batches(rng, agency_id, users, tags, jobs, stages, count, firsts, lasts, bulk_tag=None, bulk=0):
    """Yields (candidates, tag links, applications) lists of at most BATCH candidates."""
    now = utcnow()
    statuses = [st.value for st in CandidateStatus]
    made = 0
    while made < count:
        cands, links, apps = [], [], []
        for _ in range(min(BATCH, count - made)):
            cid = uuid.uuid4()
            first, last = rng.choice(firsts), rng.choice(lasts)
            email = f"{first}.{last}.{rng.randint(1, 99999)}@example.net".lower().replace(" ", "").replace("'", "")
            phone = f"+4474{rng.randint(10000000, 99999999)}"
            skills = rng.sample(MORE_SKILLS, rng.randint(1, 5))
            chosen = rng.sample(tags, rng.choice([0, 0, 1, 1, 1, 2, 3]))
            if bulk_tag is not None and made < bulk:
                chosen = [t for t in chosen if t.id != bulk_tag.id] + [bulk_tag]
            updated = now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
            text = " ".join([first, last, email, phone, "0" + phone[3:], *skills, *[t.name for t in chosen]]).lower()
            cands.append(dict(
                id=cid, agency_id=agency_id, first_name=first, last_name=last, email=email, phone=phone,
                status=rng.choice(statuses), rating=rng.choice([None, rng.randint(0, 100)]), skills=skills,
                metadata={}, custom_fields={}, version=1, created_at=updated, updated_at=updated, search_text=text,
                portal_status=rng.choice(["closed", "closed", "invited", "open"]),
                profile_updated_at=rng.choice([None, now - timedelta(days=rng.randint(0, 700))]),
                owner_id=rng.choice(users).id, is_flagged=rng.random() < 0.05, preferred_language="en"))
            links += [dict(candidate_id=cid, tag_id=t.id) for t in chosen]
            for job in rng.sample(jobs, rng.choice([0, 0, 0, 1, 1, 2])):
                apps.append(dict(id=uuid.uuid4(), agency_id=agency_id, candidate_id=cid, job_id=job.id,
                                 stage_id=rng.choice(stages), owner_id=job.owner_id, created_at=updated,
                                 updated_at=updated, stage_entered_at=updated))
            made += 1
        yield cands, links, apps


def _copy(conn, table: str, columns: list[str], rows: list[dict]) -> None:
    """COPY rows into table (psycopg 3): JSON columns as text, the rest as Python values."""
    with conn.cursor() as cur:
        with cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if isinstance(row[c], (dict, list)) else row[c] for c in columns])


def _insert(s: Session, dialect: str, cands, links, apps) -> None:
    if dialect == "postgresql":
        raw = s.connection().connection.driver_connection
        _copy(raw, "candidate", CANDIDATE_COLUMNS, cands)
        if links:
            _copy(raw, "candidate_tag", ["candidate_id", "tag_id"], links)
        if apps:
            _copy(raw, "application", list(apps[0]), apps)
    else:
        for row in cands:
            row["meta"] = row.pop("metadata")
        s.execute(sa.insert(Candidate), cands)
        if links:
            s.execute(sa.insert(CandidateTag), links)
        if apps:
            s.execute(sa.insert(Application), apps)
    s.commit()


def seed(engine, n: int, bulk: int, seed_value: int = 11, log=print) -> None:
    """One big agency ("bench") with n candidates, and a small second one ("other", n // 10)."""
    rng = random.Random(seed_value)
    firsts, lasts = _name_pools(seed_value)
    fake = Faker(["en_GB"])
    started = time.perf_counter()
    with Session(engine) as s:
        agencies = [create_agency(s, name="Bench Staffing", slug="bench"),
                    create_agency(s, name="Other Agency", slug="other")]
        s.commit()
        for agency, count in ((agencies[0], n), (agencies[1], n // 10)):
            users = [User(agency_id=agency.id, email=f"u{i}@{agency.slug}.example.com", name=fake.name(),
                          role="admin" if i == 0 else "recruiter") for i in range(10)]
            s.add_all(users)
            s.flush()
            tags = [Tag(agency_id=agency.id, name=t) for t in MORE_TAGS]
            bulk_tag = Tag(agency_id=agency.id, name=BULK_TAG) if agency.slug == "bench" else None
            jobs = [Job(agency_id=agency.id, title=fake.job()[:200], owner_id=rng.choice(users).id)
                    for _ in range(40)]
            s.add_all(tags + jobs + ([bulk_tag] if bulk_tag else []))
            s.commit()
            stages = s.exec(select(PipelineStage.id).where(PipelineStage.agency_id == agency.id)).all()
            for cands, links, apps in _batches(rng, agency.id, users, tags, jobs, stages, count, firsts, lasts,
                                               bulk_tag, bulk):
                _insert(s, engine.dialect.name, cands, links, apps)
            if agency.slug == "bench":
                _board_job(s, rng, agency.id, users[1])
        log(f"  seeded {n:,} candidates (+{n // 10:,} in another agency) on {engine.dialect.name} "
            f"in {time.perf_counter() - started:.0f} s")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def _board_job(s: Session, rng, agency_id, owner: User, cards: int = 60) -> None:
    """The job every propagation client watches: `cards` applications over the open stages."""
    job = Job(agency_id=agency_id, title=BOARD_JOB, owner_id=owner.id)
    s.add(job)
    s.flush()
    stages = s.exec(select(PipelineStage).where(PipelineStage.agency_id == agency_id)
                    .order_by(PipelineStage.position)).all()
    open_stages = [st for st in stages if st.kind not in ("rejected", "hired")] or stages
    people = s.exec(select(Candidate.id).where(Candidate.agency_id == agency_id).limit(cards)).all()
    now = utcnow()
    s.add_all([Application(agency_id=agency_id, candidate_id=cid, job_id=job.id, stage_id=rng.choice(open_stages).id,
                           owner_id=owner.id, stage_entered_at=now) for cid in people])
    s.commit()


def is_seeded(engine, n: int) -> bool:
    try:
        with Session(engine) as s:
            from app.models import Agency

            agency = s.exec(select(Agency).where(Agency.slug == "bench")).first()
            if agency is None:
                return False
            have = s.exec(select(sa.func.count()).select_from(Candidate)
                          .where(Candidate.agency_id == agency.id)).one()
            return have == n
    except sa.exc.SQLAlchemyError:
        return False


def bench_actor(engine, index: int = 1) -> Actor:
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == f"u{index}@bench.example.com")).one()
        return Actor(user_id=user.id, agency_id=user.agency_id, role=user.role, name=user.name, email=user.email)


def session_cookies(engine, count: int) -> list[str]:
    """`count` signed-in staff sessions of the bench agency's recruiters (Cookie header values)."""
    cookies = []
    with Session(engine) as s:
        users = s.exec(select(User).where(User.email.like("u%@bench.example.com")).order_by(User.email)).all()
        for i in range(count):
            raw, _ = auth.start_session(s, users[1 + i % (len(users) - 1)])
            cookies.append(f"{auth.COOKIE_NAME}={raw}")
        s.commit()
    return cookies


def ids_for(engine, actor: Actor) -> dict:
    """Tag, job, stage ids and some names of the bench agency, to build queries from."""
    with Session(engine) as s:
        aid = actor.agency_id
        tags = {name: str(i) for i, name in s.exec(select(Tag.id, Tag.name).where(Tag.agency_id == aid))}
        board = s.exec(select(Job.id).where(Job.agency_id == aid, Job.title == BOARD_JOB)).first()
        stages = s.exec(select(PipelineStage).where(PipelineStage.agency_id == aid)
                        .order_by(PipelineStage.position)).all()
        names = s.exec(select(Candidate.first_name, Candidate.last_name).where(Candidate.agency_id == aid)
                       .limit(3000)).all()
        apps = s.exec(select(Application.id, Application.stage_id)
                      .where(Application.job_id == board)).all() if board else []
    return {"tags": tags, "board": str(board) if board else "", "apps": [str(a) for a, _ in apps],
            "app_stages": {str(a): str(stage) for a, stage in apps},
            "stages": [(str(st.id), st.name, st.kind) for st in stages], "names": [tuple(n) for n in names]}


def dump(obj) -> str:  # pragma: no cover - debugging aid
    buf = io.StringIO()
    json.dump(obj, buf, default=str)
    return buf.getvalue()
