"""Benchmark of the candidate search service on a large agency (not part of the test run).

    python bench/bench_search.py                                  # 100,000 candidates in a temporary SQLite file
    python bench/bench_search.py --url sqlite:////tmp/bench.db    # a SQLite file (created; must not exist)
    python bench/bench_search.py --url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
        # the admin URL of a PostgreSQL server: a throw-away database is created there and dropped afterwards

It migrates an empty database, seeds realistic candidates (Faker names, skills, tags, applications), and
prints p50/p95 latency of `candidate_search.search` (count + one page + its tags) for several query kinds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from faker import Faker  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.models import (Application, Candidate, CandidateStatus, CandidateTag, Job, PipelineStage,  # noqa: E402
                        Tag, User)
from app.models.base import utcnow  # noqa: E402
from app.services import candidate_search  # noqa: E402
from app.services.actor import Actor  # noqa: E402
from app.services.agencies import create_agency  # noqa: E402
from app.services.candidate_search import CandidateQuery  # noqa: E402
from app.services.candidates import build_search_text  # noqa: E402
from app.services.demo import SKILLS, TAGS  # noqa: E402

MORE_SKILLS = SKILLS + ["Kubernetes", "Bookkeeping", "Scaffolding", "Plumbing", "Spanish", "Teaching",
                        "Hospitality", "Barista", "Security", "Childcare", "Phlebotomy", "AutoCAD"]
MORE_TAGS = TAGS + ["Weekend only", "Part time", "Needs visa", "Own transport", "CSCS card", "DBS checked",
                    "Do not call", "VIP", "Met in person", "Event 2024"]
BATCH = 5000


def migrate(url: str) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


def seed(engine, n: int, seed_value: int = 11) -> Actor:
    """One big agency with n candidates, and a small second agency (10%) that must never show up."""
    fake = Faker(["en_GB"])
    Faker.seed(seed_value)
    rng = random.Random(seed_value)
    with Session(engine) as s:
        agencies = [create_agency(s, name="Bench Staffing", slug="bench"),
                    create_agency(s, name="Other Agency", slug="other")]
        s.commit()
        actor = None
        for agency, count in ((agencies[0], n), (agencies[1], n // 10)):
            users = [User(agency_id=agency.id, email=f"u{i}@{agency.slug}.example.com", name=fake.name(),
                          role="recruiter") for i in range(8)]
            s.add_all(users)
            s.flush()
            tags = [Tag(agency_id=agency.id, name=t) for t in MORE_TAGS]
            jobs = [Job(agency_id=agency.id, title=fake.job()[:200], owner_id=rng.choice(users).id)
                    for _ in range(40)]
            s.add_all(tags + jobs)
            s.commit()
            stages = s.exec(select(PipelineStage.id).where(PipelineStage.agency_id == agency.id)).all()
            _seed_candidates(s, fake, rng, agency.id, users, tags, jobs, stages, count)
            if actor is None:
                actor = Actor(user_id=users[0].id, agency_id=agency.id, role="recruiter", name=users[0].name,
                              email=users[0].email)
    # Statistics and (on PostgreSQL) the visibility map, as autovacuum would have them in production.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return actor


def _seed_candidates(s, fake, rng, agency_id, users, tags, jobs, stages, count):
    now = utcnow()
    statuses = [st.value for st in CandidateStatus]
    for start in range(0, count, BATCH):
        candidates, links, applications = [], [], []
        for _ in range(min(BATCH, count - start)):
            cid = uuid.uuid4()
            first, last = fake.first_name(), fake.last_name()
            person = SimpleNamespace(first_name=first, last_name=last,
                                     email=f"{first}.{last}.{rng.randint(1, 99999)}@example.net".lower()
                                     .replace(" ", "").replace("'", ""),
                                     phone=f"+4474{rng.randint(10000000, 99999999)}",
                                     skills=rng.sample(MORE_SKILLS, rng.randint(1, 5)))
            chosen = rng.sample(tags, rng.choice([0, 0, 1, 1, 1, 2, 3]))
            updated = now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
            candidates.append(dict(
                id=cid, agency_id=agency_id, first_name=first, last_name=last, email=person.email,
                phone=person.phone, status=rng.choice(statuses), rating=rng.choice([None, rng.randint(0, 100)]),
                skills=person.skills, meta={}, custom_fields={}, version=1, created_at=updated,
                updated_at=updated, search_text=build_search_text(person, [t.name for t in chosen]),
                portal_status=rng.choice(["closed", "closed", "invited", "open"]),
                profile_updated_at=rng.choice([None, now - timedelta(days=rng.randint(0, 700))]),
                owner_id=rng.choice(users).id, is_flagged=rng.random() < 0.05))
            links += [dict(candidate_id=cid, tag_id=t.id) for t in chosen]
            for job in rng.sample(jobs, rng.choice([0, 0, 0, 1, 1, 2])):
                applications.append(dict(id=uuid.uuid4(), agency_id=agency_id, candidate_id=cid, job_id=job.id,
                                         stage_id=rng.choice(stages), owner_id=job.owner_id, created_at=updated,
                                         updated_at=updated, stage_entered_at=updated))
        s.execute(sa.insert(Candidate), candidates)
        if links:
            s.execute(sa.insert(CandidateTag), links)
        if applications:
            s.execute(sa.insert(Application), applications)
        s.commit()


def scenarios(engine, actor: Actor, rng: random.Random):
    """(name, factory of a CandidateQuery): each run picks fresh values so no single query is cached."""
    with Session(engine) as s:
        names = s.exec(select(Candidate.first_name, Candidate.last_name)
                       .where(Candidate.agency_id == actor.agency_id).limit(2000)).all()
        tags = [str(t) for t in s.exec(select(Tag.id).where(Tag.agency_id == actor.agency_id))]
        jobs = [str(j) for j in s.exec(select(Job.id).where(Job.agency_id == actor.agency_id))]
        stages = [str(p) for p in s.exec(select(PipelineStage.id).where(PipelineStage.agency_id == actor.agency_id))]
    return [
        ("name prefix (3 letters)", lambda: CandidateQuery(q=rng.choice(names)[1][:3])),
        ("full name", lambda: CandidateQuery(q=" ".join(rng.choice(names)))),
        ("skill", lambda: CandidateQuery(q=rng.choice(MORE_SKILLS).split()[0])),
        ("tag filter", lambda: CandidateQuery(tag=rng.choice(tags))),
        ("combined filters + sort", lambda: CandidateQuery(
            q=rng.choice(MORE_SKILLS).split()[0], status=rng.choice(["APPLIED", "IN_PROCESS"]),
            tag=rng.choice(tags), stale_days=90, sort="rating")),
        ("job + stage, by updated", lambda: CandidateQuery(job=rng.choice(jobs), stage=rng.choice(stages),
                                                           sort="updated")),
        ("page 3, by name", lambda: CandidateQuery(page=3)),
        ("page 3, flagged first, 100/page", lambda: CandidateQuery(page=3, sort="priority", page_size=100)),
        ("no match", lambda: CandidateQuery(q="zzqx" + str(rng.randint(0, 999)))),
    ]


def run(engine, actor: Actor, repeat: int) -> list[tuple[str, float, float, float]]:
    rng = random.Random(5)
    results = []
    with Session(engine) as s:
        for name, make in scenarios(engine, actor, rng):
            candidate_search.search(s, actor, make())  # warm up
            times, totals = [], []
            for _ in range(repeat):
                query = make()
                t0 = time.perf_counter()
                result = candidate_search.search(s, actor, query)
                times.append((time.perf_counter() - t0) * 1000)
                totals.append(result.total)
            p95 = statistics.quantiles(times, n=20)[18]
            results.append((name, statistics.median(times), p95, statistics.mean(totals)))
    return results


def print_table(title: str, results) -> None:
    print(f"\n{title}")
    print(f"{'query':<34}{'p50 ms':>9}{'p95 ms':>9}{'avg hits':>11}")
    for name, p50, p95, hits in results:
        flag = "  <- p95 over 100 ms" if p95 > 100 else ""
        print(f"{name:<34}{p50:>9.1f}{p95:>9.1f}{hits:>11.0f}{flag}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="SQLite URL, or a PostgreSQL admin URL (a throw-away database is used)")
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)

    tmp_dir = None if args.url else tempfile.mkdtemp(prefix="candor-bench-")
    url = args.url or f"sqlite:///{tmp_dir}/bench.db"
    admin, db_name = None, None
    if url.startswith("postgresql"):
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        db_name = f"candor_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{db_name}"'))
        url = url.rsplit("/", 1)[0] + "/" + db_name
    try:
        migrate(url)
        engine = make_engine(url)
        t0 = time.perf_counter()
        actor = seed(engine, args.candidates)
        print(f"seeded {args.candidates:,} candidates (+{args.candidates // 10:,} in another agency) "
              f"in {time.perf_counter() - t0:.0f} s on {engine.dialect.name}")
        print_table(f"candidate_search.search on {engine.dialect.name}, {args.repeat} runs each "
                    f"(count + page of 25 unless noted + tags)", run(engine, actor, args.repeat))
        engine.dispose()
    finally:
        if tmp_dir:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
