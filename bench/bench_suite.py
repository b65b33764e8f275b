"""Candor's benchmark suite: seeds its own data, starts its own servers, prints one table (not part of the tests).

    make bench                          # full scale: 1,000,000 candidates on PostgreSQL, 100,000 on SQLite
    make bench SCALE=small              # a quick run of every section
    python bench/bench_suite.py --scale small --only search --keep

Sections (--only takes one or several, comma-separated):
  search       client event -> first page of results, p50/p95 per query kind, over the socket of a running
               server (and the service alone), on PostgreSQL and SQLite
  naive        the same list done the naive way (every candidate of the agency loaded into state, filtered
               and sorted in Python): p50 and the ratio to the indexed way
  sockets      N socket.io clients (recruiters on the candidate list) for S seconds, a realistic mix of events;
               then the same clients calling a handler that touches no database (the floor)
  propagation  a card move on one client until the other clients (half on a second process, Redis) get the delta
  memory       server RSS growth per 100 connected tabs, state size per tab (Redis)
  bulk         profile-update requests for every candidate with a tag: control back to the recruiter, all
               requests created, all e-mails handed to the e-mail backend

--keep reuses the seeded databases (PostgreSQL database candor_bench_<scale>, SQLite file under /tmp) and
keeps them afterwards. Servers use the Redis database --redis-url (flushed at start and end).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("SECRET_KEY", "bench-secret")
os.environ.setdefault("CANDOR_DATA_DIR", "/tmp/candor-bench/data")
Path(os.environ["CANDOR_DATA_DIR"]).mkdir(parents=True, exist_ok=True)

import httpx  # noqa: E402
import psutil  # noqa: E402
import redis  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

import seeding  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.models import Candidate, CandidateTag, OutboxMessage, Tag  # noqa: E402
from app.services import candidate_search  # noqa: E402
from app.services.candidate_search import CandidateQuery  # noqa: E402
from tests.conftest import alembic_config  # noqa: E402

# Reflex registers states in a context variable: import them here, not inside an event loop (asyncio.run
# copies the context, so a state first imported inside one run is unknown to the next).
from app.states.candidate_list import CandidateListState  # noqa: E402,F401
from app.states.job_board import JobBoardState  # noqa: E402,F401

SCALES = {
    "small": dict(pg=20_000, sqlite=10_000, clients=50, seconds=10, floor_seconds=5, think=2.0, bulk=500,
                  repeat=15, naive_repeat=3, moves=10, watchers=6, memory_steps=(0, 50, 100)),
    "full": dict(pg=1_000_000, sqlite=100_000, clients=500, seconds=60, floor_seconds=30, think=10.0, bulk=10_000,
                 repeat=40, naive_repeat=3, moves=30, watchers=20, memory_steps=(0, 100, 200, 300)),
}
SECTIONS = ("search", "naive", "sockets", "propagation", "memory", "bulk")
PG_ADMIN = os.environ.get("CANDOR_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("CANDOR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")


# --- the table ------------------------------------------------------------------------------------------

@dataclass
class Row:
    section: str
    measure: str
    p50: str = ""
    p95: str = ""
    p99: str = ""
    other: str = ""
    target: str = ""
    verdict: str = ""


ROWS: list[Row] = []
NOTES: list[str] = []


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def ms(v: float) -> str:
    return "-" if v != v else (f"{v:.0f}" if v >= 100 else f"{v:.1f}")


def add(section, measure, p50="", p95="", p99="", other="", target="", ok: bool | None = None):
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    ROWS.append(Row(section, measure, p50, p95, p99, other, target, verdict))
    print(f"  {section:<12} {measure:<44} p50 {p50:>7} p95 {p95:>7} p99 {p99:>7} {other} {target} {verdict}",
          flush=True)


def print_table(args, scale) -> str:
    load = os.getloadavg()
    lines = [
        f"Candor benchmark suite, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, scale={args.scale} "
        f"(PostgreSQL {scale['pg']:,} candidates, SQLite {scale['sqlite']:,})",
        f"machine: {platform.machine()}, {psutil.cpu_count()} CPU cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python {platform.python_version()}; "
        f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "",
        f"| {'section':<11} | {'measure':<46} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} | {'other':<26} "
        f"| {'target':<12} | {'':<6} |",
        f"|{'-' * 13}|{'-' * 48}|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|{'-' * 28}|{'-' * 14}|{'-' * 8}|",
    ]
    for r in ROWS:
        lines.append(f"| {r.section:<11} | {r.measure:<46} | {r.p50:>7} | {r.p95:>7} | {r.p99:>7} | {r.other:<26} "
                     f"| {r.target:<12} | {r.verdict:<6} |")
    if NOTES:
        lines += ["", *[f"- {n}" for n in NOTES]]
    text = "\n".join(lines)
    print("\n" + text)
    return text


# --- databases ------------------------------------------------------------------------------------------

@contextlib.contextmanager
def databases(args, scale, need_pg: bool, need_sqlite: bool):
    """(pg_url | None, sqlite_url | None): migrated and seeded; dropped afterwards unless --keep."""
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    pg_name = f"candor_bench_{args.scale}" if args.keep else f"candor_bench_{uuid.uuid4().hex[:8]}"
    pg_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + pg_name
    sqlite_path = Path(f"/tmp/candor-bench/{args.scale}.db") if args.keep else \
        Path(f"/tmp/candor-bench/{uuid.uuid4().hex[:8]}.db")
    sqlite_url = f"sqlite:///{sqlite_path}"
    try:
        if need_pg:
            with admin.connect() as conn:
                exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": pg_name}).first()
                if not exists:
                    conn.execute(sa.text(f'CREATE DATABASE "{pg_name}"'))
            prepare(pg_url, scale["pg"], scale["bulk"])
        if need_sqlite:
            sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            prepare(sqlite_url, scale["sqlite"], scale["bulk"])
        yield (pg_url if need_pg else None), (sqlite_url if need_sqlite else None)
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
            for suffix in ("", "-wal", "-shm"):
                Path(str(sqlite_path) + suffix).unlink(missing_ok=True)
        admin.dispose()


def prepare(url: str, n: int, bulk: int) -> None:
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(url), "head")  # also brings a kept database to the latest schema
        if seeding.is_seeded(engine, n):
            print(f"  reusing the seeded {engine.dialect.name} database ({n:,} candidates)", flush=True)
            return
        seeding.seed(engine, n, bulk)
    finally:
        engine.dispose()


# --- servers --------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path
    port: int
    env: dict = field(default_factory=dict)

    def rss_mb(self) -> float:
        """RSS of the whole process tree (supervisor and workers)."""
        try:
            root = psutil.Process(self.proc.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return float("nan")
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total / 2**20


@contextlib.contextmanager
def server(database_url: str, workers: int, name: str = "bench"):
    """`scripts/prod.sh --step serve` (backend only; no frontend build needed for socket clients)."""
    port = _free_port()
    log = Path(f"/tmp/candor-bench/server-{name}-{port}.log")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "REFLEX_REDIS"))}
    env.update({"DATABASE_URL": database_url, "REFLEX_REDIS_URL": REDIS_URL, "GRANIAN_WORKERS": str(workers),
                "PORT": str(port), "HOST": "127.0.0.1", "CANDOR_SERVE_FRONTEND": "0",
                "CANDOR_PUBLIC_URL": f"http://127.0.0.1:{port}", "CANDOR_BIN": str(Path(sys.executable).parent),
                "CANDOR_LOG_LEVEL": "WARNING", "SECRET_KEY": os.environ["SECRET_KEY"],
                "REFLEX_WEB_WORKDIR": str(ROOT / f".web-bench-{name}")})
    with log.open("w") as out:
        proc = subprocess.Popen(["bash", "scripts/prod.sh", "--step", "serve"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/healthz", timeout=3).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(1)
        time.sleep(2)  # let every worker finish starting
        yield Server(url, proc, log, port, env)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def flush_redis() -> None:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


# --- the candidate list, as a recruiter's tab ------------------------------------------------------------

def _list_state():
    from app.states.candidate_list import CandidateListState

    return CandidateListState


async def open_list_tab(url: str, cookie: str):
    from sockets import Tab

    tab = await Tab(url, cookie).connect()
    await tab.hydrate()
    await tab.call(_list_state(), "load", "rows", timeout=120)
    return tab


def query_kinds(data: dict, rng: random.Random) -> list[tuple[str, list, tuple]]:
    """(kind, untimed setup events, timed event): each event is (handler, payload)."""
    names, tags = data["names"], data["tags"]
    tag_ids = [v for k, v in tags.items() if k != seeding.BULK_TAG]
    skills = [s.split()[0].lower() for s in seeding.MORE_SKILLS]
    clear = ("clear_filters", {})
    return [
        ("name prefix (3 letters)", lambda: ([clear], ("set_search", {"value": rng.choice(names)[1][:3]}))),
        ("full name", lambda: ([clear], ("set_search", {"value": " ".join(rng.choice(names))}))),
        ("skill", lambda: ([clear], ("set_search", {"value": rng.choice(skills)}))),
        ("tag", lambda: ([clear], ("set_param", {"name": "tag", "value": rng.choice(tag_ids)}))),
        ("skill+status+tag, by rating", lambda: (
            [clear, ("set_param", {"name": "tag", "value": rng.choice(tag_ids)}),
             ("set_param", {"name": "status", "value": rng.choice(["APPLIED", "IN_PROCESS", "UNDEFINED"])}),
             ("set_param", {"name": "sort", "value": "rating"})],
            ("set_search", {"value": rng.choice(skills)}))),
        ("next page (keyset), skill", lambda: (
            [clear, ("set_search", {"value": rng.choice(skills)})], ("go_page", {"page": 2}))),
        ("page 1 by last updated", lambda: ([clear], ("set_param", {"name": "sort", "value": "updated"}))),
    ]


def _query_for(events) -> CandidateQuery:
    """The CandidateQuery the state ends with after these events (for the service-only and naive timings)."""
    params: dict = {}
    for handler, payload in events:
        if handler == "clear_filters":
            params = {k: v for k, v in params.items() if k in ("sort", "size")}
            params.pop("sort", None)
        elif handler == "set_search":
            params["q"] = payload["value"]
        elif handler == "set_param":
            params[payload["name"]] = payload["value"]
        elif handler == "go_page":
            params["page"] = payload["page"]
    return CandidateQuery.from_params(params)


async def _search_over_socket(url: str, cookie: str, kinds, repeat: int) -> dict[str, list[float]]:
    state = _list_state()
    tab = await open_list_tab(url, cookie)
    times: dict[str, list[float]] = {}
    try:
        for kind, make in kinds:
            for i in range(repeat + 1):
                setup, (handler, payload) = make()
                for h, p in setup:  # until the handler is done (the count comes after the rows)
                    await tab.call(state, h, "total", timeout=120, **p)
                took, _delta = await tab.call(state, handler, "rows", timeout=120, **payload)
                if i:  # the first run warms caches
                    times.setdefault(kind, []).append(took)
    finally:
        await tab.close()
    return times


def section_search(dbs: dict, scale, args, data_by_db: dict, naive: bool, search: bool) -> None:
    for label, url in dbs.items():
        engine = make_engine(url)
        actor = seeding.bench_actor(engine)
        data = data_by_db[label]
        kinds = query_kinds(data, random.Random(5))
        n = scale["pg"] if label == "PostgreSQL" else scale["sqlite"]
        service: dict[str, list[float]] = {}
        # The service alone (count + page + tags), same queries.
        rng_kinds = query_kinds(data, random.Random(5))
        with Session(engine) as s:
            for kind, make in rng_kinds:
                for i in range(scale["repeat"] + 1):
                    setup, timed = make()
                    query = _query_for([*setup, timed])
                    after = ""
                    if timed[0] == "go_page":
                        after = candidate_search.search(s, actor, query.with_(page=1)).last_key
                    t0 = time.perf_counter()
                    candidate_search.search(s, actor, query, after=after)
                    if i:
                        service.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        if search:
            flush_redis()
            cookie = seeding.session_cookies(engine, 1)[0]
            with server(url, workers=2, name=f"search-{label[:2].lower()}") as srv:
                e2e = asyncio.run(_search_over_socket(srv.url, cookie, kinds, scale["repeat"]))
            target_ok = None
            for kind, values in e2e.items():
                p95 = pct(values, 0.95)
                if label == "PostgreSQL":
                    target_ok = p95 < 100
                add(f"search {label[:6]}", f"{kind} @ {n // 1000:,}k", ms(pct(values, 0.5)), ms(p95), "",
                    f"service p50 {ms(pct(service[kind], .5))} p95 {ms(pct(service[kind], .95))}",
                    "p95 < 100" if label == "PostgreSQL" else "", target_ok)
        if naive:
            section_naive(engine, actor, label, n, kinds, service, scale)
        engine.dispose()


def _naive_load(session, actor) -> list[dict]:
    """What the simplest CRUD template does on page load: every candidate of the agency into state."""
    rows = session.execute(sa.select(Candidate.id, Candidate.first_name, Candidate.last_name, Candidate.email,
                                     Candidate.phone, Candidate.status, Candidate.rating, Candidate.is_flagged,
                                     Candidate.updated_at, Candidate.search_text)
                           .where(Candidate.agency_id == actor.agency_id)).all()
    tag_of: dict = {}
    for cid, tid in session.execute(sa.select(CandidateTag.candidate_id, CandidateTag.tag_id)
                                    .join(Tag, Tag.id == CandidateTag.tag_id).where(Tag.agency_id == actor.agency_id)):
        tag_of.setdefault(cid, set()).add(str(tid))
    return [dict(id=str(r[0]), name=f"{r[1]} {r[2]}", first=r[1], last=r[2], email=r[3] or "", phone=r[4] or "",
                 status=r[5], rating=r[6], flagged=r[7], updated=r[8].isoformat(), text=r[9],
                 tags=sorted(tag_of.get(r[0], ()))) for r in rows]


def _naive_filter(state_rows: list[dict], query: CandidateQuery) -> tuple[list[dict], int]:
    """...and on every search: filter and sort the rows in Python; the filtered list goes to the browser."""
    toks = candidate_search.tokens(query.q)
    hits = [r for r in state_rows if all(t in r["text"] for t in toks)
            and (not query.status or r["status"] == query.status) and (not query.tag or query.tag in r["tags"])]
    key = {"name": lambda r: (r["last"], r["first"], r["id"]), "updated": lambda r: r["updated"],
           "rating": lambda r: (-(r["rating"] if r["rating"] is not None else -1), r["last"], r["first"])}
    hits.sort(key=key.get(query.sort, key["name"]), reverse=query.sort == "updated")
    return hits, len(json.dumps(hits, default=str))


def section_naive(engine, actor, label, n, kinds, service, scale) -> None:
    with Session(engine) as s:
        t0 = time.perf_counter()
        state_rows = _naive_load(s, actor)
        load_ms = (time.perf_counter() - t0) * 1000
        size = len(json.dumps(state_rows, default=str))
    add(f"naive {label[:6]}", f"page load, all {n:,} rows into state", ms(load_ms), "", "",
        f"{size / 2**20:,.0f} MB of state sent")
    for kind, make in kinds[:5]:
        times, sent = [], 0
        for _ in range(scale["naive_repeat"]):
            setup, timed = make()
            t0 = time.perf_counter()
            _hits, sent = _naive_filter(state_rows, _query_for([*setup, timed]))
            times.append((time.perf_counter() - t0) * 1000)
        ratio = statistics.median(times) / max(0.01, pct(service[kind], 0.5))
        add(f"naive {label[:6]}", f"{kind}: filter in state", ms(statistics.median(times)), "", "",
            f"x{ratio:,.0f} indexed p50, {sent / 2**20:,.1f} MB")
    del state_rows


# --- many clients -----------------------------------------------------------------------------------------

async def _client_loop(tab, data, seconds, think, results, errors, floor: bool, rng):
    state = _list_state()
    skills = [s.split()[0].lower() for s in seeding.MORE_SKILLS]
    tag_ids = [v for k, v in data["tags"].items() if k != seeding.BULK_TAG]
    try:
        await asyncio.sleep(rng.uniform(0, think))
        page = 1
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            if floor:
                handler, payload, var = "clear_selection", {}, "all_matching"
            else:
                r = rng.random()
                if r < 0.40:
                    words = skills + [n[1][:3] for n in data["names"][:50]]
                    handler, payload = "set_search", {"value": rng.choice(words)}
                    page = 1
                elif r < 0.60:
                    page += 1
                    handler, payload = "go_page", {"page": page}
                elif r < 0.75:
                    status = rng.choice(["APPLIED", "IN_PROCESS", ""])
                    handler, payload = "set_param", {"name": "status", "value": status}
                    page = 1
                elif r < 0.85:
                    handler, payload = "set_param", {"name": "tag", "value": rng.choice(tag_ids)}
                    page = 1
                else:
                    handler, payload = "clear_filters", {}
                    page = 1
                var = "rows"
            try:
                took, _ = await tab.call(state, handler, var, timeout=15, **payload)
                results.append(took)
            except Exception as exc:
                errors.append(f"{handler}: {type(exc).__name__}")
                if tab.disconnected:
                    return
            await asyncio.sleep(rng.expovariate(1 / think))
    except Exception as exc:
        errors.append(f"loop: {type(exc).__name__}")


async def _crowd(url, cookies, data, seconds, think, floor: bool):
    """Every tab connects and loads the list first (25 at a time, not timed); then the clock runs."""
    results, errors, tabs = [], [], []
    gate = asyncio.Semaphore(25)

    async def connect(cookie):
        async with gate:
            try:
                tabs.append(await open_list_tab(url, cookie))
            except Exception as exc:
                errors.append(f"connect: {type(exc).__name__}")

    await asyncio.gather(*(connect(c) for c in cookies))
    rng = random.Random(9)
    try:
        await asyncio.gather(*(_client_loop(tab, data, seconds, think, results, errors, floor,
                                            random.Random(rng.random())) for tab in tabs))
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
    return results, errors


def section_sockets(pg_url, scale, data) -> None:
    engine = make_engine(pg_url)
    cookies = seeding.session_cookies(engine, scale["clients"])
    engine.dispose()
    flush_redis()
    with server(pg_url, workers=4, name="sockets") as srv:
        n = scale["clients"]
        results, errors = asyncio.run(_crowd(srv.url, cookies, data, scale["seconds"], scale["think"], False))
        rate = len(results) / scale["seconds"]
        add("sockets", f"{n} clients, mixed list events, {scale['seconds']} s",
            ms(pct(results, .5)), ms(pct(results, .95)), ms(pct(results, .99)),
            f"{len(results):,} events ({rate:.0f}/s), {len(errors)} errors", "p95<150, 0 err",
            pct(results, .95) < 150 and not errors)
        if errors:
            NOTES.append(f"socket errors (first 5 of {len(errors)}): {', '.join(errors[:5])}")
        results, errors = asyncio.run(_crowd(srv.url, cookies, data, scale["floor_seconds"], scale["think"], True))
        add("sockets", f"{n} clients, no-op handler (floor), {scale['floor_seconds']} s",
            ms(pct(results, .5)), ms(pct(results, .95)), ms(pct(results, .99)),
            f"{len(results):,} events, {len(errors)} errors")


# --- live propagation ---------------------------------------------------------------------------------------

async def _propagation(urls, cookies, data, moves) -> tuple[list[float], list[float], int]:
    from app.states.job_board import JobBoardState
    from sockets import Tab

    board = data["board"]
    router = {"pathname": "/jobs/[job_id]", "asPath": f"/jobs/{board}", "query": {"job_id": board}}
    tabs = []
    for i, cookie in enumerate(cookies):
        tab = await Tab(urls[i % len(urls)], cookie).connect()
        await tab.hydrate(router)
        await tab.call(JobBoardState, "load", "columns", router=router, timeout=120)
        tabs.append((urls[i % len(urls)], tab))
    mover_url, mover = tabs[0]
    stages = [sid for sid, _name, kind in data["stages"] if kind not in ("rejected", "hired")]
    same, other, missed = [], [], 0
    rng = random.Random(3)
    # application -> its current stage: a move to the stage it is already in changes nothing and sends nothing
    where = dict(data.get("app_stages", {}))

    async def seen(url, tab, sent):
        try:
            at, _ = await tab.wait_for(JobBoardState, "columns", timeout=10)
            return url, (at - sent) * 1000
        except TimeoutError:
            return url, None

    try:
        for _ in range(moves):
            for _u, tab in tabs:
                tab.drain()
            app_id = rng.choice(data["apps"])
            stage = rng.choice([s for s in stages if s != where.get(app_id)])
            where[app_id] = stage
            sent = await mover.emit(JobBoardState, "move", router, application_id=app_id, stage_id=stage)
            for url, took in await asyncio.gather(*(seen(url, tab, sent) for url, tab in tabs[1:])):
                if took is None:
                    missed += 1
                else:
                    (same if url == mover_url else other).append(took)
            await asyncio.sleep(0.5)
    finally:
        for _u, tab in tabs:
            await tab.close()
    return same, other, missed


def section_propagation(pg_url, scale, data) -> None:
    engine = make_engine(pg_url)
    cookies = seeding.session_cookies(engine, scale["watchers"] + 1)
    engine.dispose()
    flush_redis()
    with server(pg_url, workers=2, name="prop-a") as a, server(pg_url, workers=2, name="prop-b") as b:
        same, other, missed = asyncio.run(_propagation([a.url, b.url], cookies, data, scale["moves"]))
    both = same + other
    add("propagation", f"card move -> {scale['watchers']} watchers, 2 processes", ms(pct(both, .5)),
        ms(pct(both, .95)), ms(pct(both, .99)),
        f"same proc p95 {ms(pct(same, .95))}, other {ms(pct(other, .95))}", "p95 < 250", pct(both, .95) < 250)
    if missed:
        NOTES.append(f"propagation: {missed} watcher deliveries not seen within 10 s")


# --- memory -----------------------------------------------------------------------------------------------

async def _memory(srv: Server, cookies, steps) -> list[tuple[int, float]]:
    points = []
    tabs = []
    for target in steps:
        while len(tabs) < target:
            tabs.append(await open_list_tab(srv.url, cookies[len(tabs)]))
        await asyncio.sleep(3)
        points.append((len(tabs), srv.rss_mb()))
    tokens = [t.token for t in tabs[:20]]
    for tab in tabs:
        await tab.close()
    return points, tokens


def state_bytes(tokens) -> float:
    client = redis.Redis.from_url(REDIS_URL)
    sizes = []
    for token in tokens:
        total = 0
        for key in client.scan_iter(match=f"{token}*", count=1000):
            with contextlib.suppress(redis.RedisError):
                total += client.memory_usage(key) or 0
        sizes.append(total)
    client.close()
    return statistics.mean(sizes) if sizes else float("nan")


def section_memory(pg_url, scale) -> None:
    engine = make_engine(pg_url)
    cookies = seeding.session_cookies(engine, max(scale["memory_steps"]))
    engine.dispose()
    flush_redis()
    with server(pg_url, workers=1, name="memory") as srv:
        points, tokens = asyncio.run(_memory(srv, cookies, scale["memory_steps"]))
        size = state_bytes(tokens)
    (n0, r0), (n1, r1) = points[0], points[-1]
    per_100 = (r1 - r0) / max(1, n1 - n0) * 100
    add("memory", f"server RSS growth, {n0}->{n1} tabs on the list (1 worker)", "", "", "",
        f"{per_100:.1f} MB / 100 tabs ({per_100 / 100:.2f} MB each)", "< 0.5 MB/tab", per_100 / 100 < 0.5)
    add("memory", "state per tab (Redis, candidate list, 25 rows)", "", "", "", f"{size / 1024:.0f} KB")
    NOTES.append("memory points (tabs, MB): " + ", ".join(f"{n}: {r:.0f}" for n, r in points))


# --- bulk profile-update requests ------------------------------------------------------------------------------

async def _bulk(srv: Server, cookie: str, tag_id: str, engine, expected: int, agency_id):
    state = _list_state()
    tab = await open_list_tab(srv.url, cookie)
    try:
        await tab.call(state, "set_param", "rows", timeout=120, name="tag", value=tag_id)
        await tab.call(state, "select_all_matching", "all_matching")
        await tab.call(state, "open_bulk", "bulk_action", action="profile_update")
        started = time.perf_counter()
        control, _ = await tab.call(state, "run_action", "job_status", timeout=300, form={})
        created_at = handed_at = None
        deadline = time.perf_counter() + 3600
        while time.perf_counter() < deadline and handed_at is None:
            with Session(engine) as s:
                rows = s.execute(sa.select(OutboxMessage.status, sa.func.count())
                                 .where(OutboxMessage.agency_id == agency_id, OutboxMessage.created_at >= _T0)
                                 .group_by(OutboxMessage.status)).all()
            counts = dict(rows)
            total = sum(counts.values())
            queued = counts.get("queued", 0)
            if created_at is None and total >= expected:
                created_at = time.perf_counter()
            if created_at is not None and queued == 0:
                handed_at = time.perf_counter()
            await asyncio.sleep(0.5)
        return control, created_at and (created_at - started), handed_at and (handed_at - started), counts
    finally:
        await tab.close()


_T0 = None


def section_bulk(pg_url, scale, data) -> None:
    global _T0
    from app.models.base import utcnow

    engine = make_engine(pg_url)
    cookie = seeding.session_cookies(engine, 1)[0]
    tag_id = data["tags"][seeding.BULK_TAG]
    with Session(engine) as s:
        expected = s.exec(select(sa.func.count()).select_from(CandidateTag)
                          .where(CandidateTag.tag_id == uuid.UUID(tag_id))).one()
    _T0 = utcnow()
    flush_redis()
    with server(pg_url, workers=2, name="bulk") as srv:
        control, created, handed, counts = asyncio.run(_bulk(srv, cookie, tag_id, engine, expected,
                                                             seeding.bench_actor(engine).agency_id))
    engine.dispose()
    add("bulk", f"{expected:,} profile-update requests: control back", ms(control), "", "", "click -> job queued")
    add("bulk", f"{expected:,} requests created (all chunks)", "", "", "",
        f"{created:.1f} s" if created else "not within 1 h")
    add("bulk", f"{expected:,} e-mails handed to the e-mail backend", "", "", "",
        f"{handed:.1f} s ({expected / handed:.0f}/s)" if handed else f"not within 1 h: {counts}")


# --- main -------------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="full")
    parser.add_argument("--only", default="", help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--keep", action="store_true", help="reuse (and keep) the seeded databases")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    scale = SCALES[args.scale]
    print(f"==> Candor bench suite, scale {args.scale}: {', '.join(only)}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    need_sqlite = bool({"search", "naive"} & set(only))
    with databases(args, scale, need_pg=True, need_sqlite=need_sqlite) as (pg_url, sqlite_url):
        dbs = {"PostgreSQL": pg_url, **({"SQLite": sqlite_url} if sqlite_url else {})}
        data_by_db = {}
        for label, url in dbs.items():
            engine = make_engine(url)
            data_by_db[label] = seeding.ids_for(engine, seeding.bench_actor(engine))
            engine.dispose()
        try:
            if {"search", "naive"} & set(only):
                print("==> search" + (" + naive" if "naive" in only else ""), flush=True)
                section_search(dbs, scale, args, data_by_db, naive="naive" in only, search="search" in only)
            for name, run in (("sockets", section_sockets), ("propagation", section_propagation),
                              ("memory", lambda u, s, d: section_memory(u, s)), ("bulk", section_bulk)):
                if name in only:
                    print(f"==> {name}", flush=True)
                    try:
                        run(pg_url, scale, data_by_db["PostgreSQL"])
                    except Exception as exc:  # one failing section must not lose the others' figures
                        add(name, f"FAILED: {type(exc).__name__}: {str(exc)[:80]}")
        finally:
            flush_redis()
    text = print_table(args, scale)
    if args.out:
        Path(args.out).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
