"""A longer schemathesis run over REST API v1 than the test suite's (not part of the suite).

Builds a throw-away database (SQLite in a temp dir unless --database-url names a migrated-on-the-fly empty
PostgreSQL database), two agencies with keys and records, then generates cases for every operation of
/api/v1/openapi.json in positive and negative mode and checks each response: no 5xx, status code, content type,
headers and body as documented, schema-invalid input rejected. ("Schema-valid input accepted" is not checked:
the schema cannot say that an id must name an existing record or that a date must be in the future.)

    python scripts/fuzz_api.py                      # 100 examples per operation and mode
    python scripts/fuzz_api.py --examples 300 --base /v1 --database-url postgresql+psycopg://postgres@127.0.0.1/x

Prints the number of cases, failures (distinct ones listed), skipped operations/modes and the duration; exits 1
when anything failed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup_environment(database_url: str | None) -> str:
    data_dir = tempfile.mkdtemp(prefix="candor-fuzz-")
    url = database_url or f"sqlite:///{data_dir}/fuzz.db"
    os.environ.update({"DATABASE_URL": url, "CANDOR_DATA_DIR": data_dir, "CANDOR_API_RATE_LIMIT": "100000000"})
    os.environ.setdefault("SECRET_KEY", "fuzz-secret-key-not-for-production")
    os.environ.pop("REFLEX_REDIS_URL", None)
    return url


def _migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


def _world() -> dict:
    """Two agencies, each with an admin, a read-write key, jobs, a candidate in a pipeline."""
    from app.db import session_scope
    from app.models import User
    from app.services import api_keys, applications, candidates, jobs
    from app.services.actor import Actor
    from app.services.agencies import create_agency
    from app.services.security import hash_password

    out = {}
    with session_scope() as session:
        for slug in ("north", "south"):
            agency = create_agency(session, name=f"{slug.title()} Agency", slug=f"fuzz-{slug}")
            user = User(agency_id=agency.id, email=f"admin@{slug}.example.com", name=f"Admin {slug}", role="admin",
                        password_hash=hash_password("fuzz-password-123"), is_active=True)
            session.add(user)
            session.flush()
            actor = Actor(user_id=user.id, agency_id=agency.id, role="admin", name=user.name, email=user.email)
            _, key = api_keys.create_key(session, actor, "Fuzz", "read_write")
            job = jobs.create_job(session, actor, title=f"{slug.title()} Job")
            jobs.create_job(session, actor, title=f"{slug.title()} Second Job")
            candidate = candidates.create_candidate(session, actor, first_name="Ann", last_name=slug.title(),
                                                    email=f"ann@{slug}.example.com")
            applications.assign_to_job(session, actor, [candidate.id], job.id)
            session.flush()
            application = applications.list_for_candidate(session, actor, candidate.id)[0][0]
            out[slug] = {"key": key, "candidateId": str(candidate.id), "jobId": str(job.id),
                         "applicationId": str(application.id)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100, help="examples per operation and mode (default 100)")
    parser.add_argument("--base", default="/api/v1", choices=["/api/v1", "/v1"], help="which mount to fuzz")
    parser.add_argument("--database-url", help="an empty database to use (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    parser.add_argument("--verbose", action="store_true", help="show the first case of each distinct failure")
    args = parser.parse_args()

    url = _setup_environment(args.database_url)
    _migrate(url)
    import logging

    logging.getLogger("app.api.v1").setLevel(logging.CRITICAL)  # 500s are counted below, not printed twice

    import schemathesis
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.generation.modes import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance
    from starlette.testclient import TestClient

    from app.api.server import create_api

    world = _world()
    client = TestClient(create_api())
    schema = schemathesis.openapi.from_asgi(f"{args.base}/openapi.json", client.app)
    schema.config.update(base_url=f"http://testserver{args.base}",
                         headers={"Authorization": f"Bearer {world['north']['key']}"})
    rejection = schema.config.checks.negative_data_rejection  # a body over 256 KB is rejected with 413
    rejection.expected_statuses = [*rejection.expected_statuses, "413"]
    operations = [result.ok() for result in schema.get_all_operations()]
    counts, failures, statuses, skipped, examples = Counter(), Counter(), Counter(), [], {}
    turn = itertools.count()

    def checker(operation, mode):
        def check(case):
            counts["cases"] += 1
            if mode is GenerationMode.POSITIVE and case.path_parameters and next(turn) % 2 == 0:
                # Every other positive case names real records (of the key's agency or, a quarter of the time,
                # of the other agency), so the fuzzer gets past 404.
                owner = "south" if counts["cases"] % 4 == 0 else "north"
                case.path_parameters = {k: world[owner].get(k, v) for k, v in case.path_parameters.items()}
            try:
                response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
                statuses[response.status_code] += 1
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # a failed check (schemathesis' FailureGroup is a BaseExceptionGroup)
                found = getattr(exc, "exceptions", None) or [exc]
                first = "; ".join(sorted({getattr(e, "title", None) or type(e).__name__ for e in found}))
                label = f"{operation.method.upper()} {operation.path} [{mode.value}]: {first}"
                failures[label] += 1
                sent = f"{case.method} {case.formatted_path} body {getattr(case, 'body', None)!r}"[:1000]
                examples.setdefault(label, sent + "\n" + str(exc).strip()[:1500])
        return check

    started = time.monotonic()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            test = settings(max_examples=args.examples, deadline=None, database=None,
                            suppress_health_check=list(HealthCheck))(
                given(case=operation.as_strategy(generation_mode=mode))(checker(operation, mode)))
            if args.seed is not None:
                test = seed(args.seed)(test)
            try:
                test()
            except Unsatisfiable:
                skipped.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: nothing to generate")
    duration = time.monotonic() - started

    print(f"operations: {len(operations)} at {args.base} ({'PostgreSQL' if url.startswith('postgres') else 'SQLite'})")
    print(f"cases: {counts['cases']}")
    print(f"failures: {sum(failures.values())} ({len(failures)} distinct)")
    for message, count in failures.most_common():
        print(f"  {count:>5} x {message}")
        if args.verbose:
            print("    " + examples[message].replace("\n", "\n    "))
    print(f"skipped: {len(skipped)}")
    for message in skipped:
        print(f"  {message}")
    print("responses by status: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    print(f"duration: {duration:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
