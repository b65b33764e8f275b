"""How fast a 500-card kanban loads, opens in Chromium, and how fast a move reaches a colleague.

    python bench/bench_kanban.py                       # board data load on a SQLite file
    python bench/bench_kanban.py --url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
                                                       # ... on a throw-away PostgreSQL database
    python bench/bench_kanban.py --browser             # + start Candor, open the board in Chromium,
                                                       #   and time moves seen by a second browser

"Data load" is what the page's load handler does: pipeline.board() plus building the rows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "bench-secret")

from sqlmodel import Session, select  # noqa: E402

from app.models import Agency, Application, Candidate, CandidateTag, Job, PipelineStage, Tag, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.services.actor import Actor  # noqa: E402

CARDS = 500


def seed_big_job(session: Session, agency: Agency, owner: User, cards: int = CARDS) -> Job:
    """A job with `cards` applications spread over the agency's stages, candidates with 0-3 tags."""
    rng = random.Random(11)
    stages = session.exec(select(PipelineStage).where(PipelineStage.agency_id == agency.id)
                          .order_by(PipelineStage.position)).all()
    tags = session.exec(select(Tag).where(Tag.agency_id == agency.id)).all() or []
    if not tags:
        tags = [Tag(agency_id=agency.id, name=f"Tag {i}") for i in range(10)]
        session.add_all(tags)
    job = Job(agency_id=agency.id, title=f"Bench job ({cards} candidates)", location="Leeds",
              employment_type="temp", owner_id=owner.id)
    session.add(job)
    now = utcnow()
    people = [Candidate(agency_id=agency.id, first_name=f"Bench{i}", last_name=f"Person{i}",
                        is_flagged=rng.random() < 0.05) for i in range(cards)]
    session.add_all(people)
    session.flush()
    links, apps = [], []
    for person in people:
        for tag in rng.sample(tags, rng.choice([0, 1, 1, 2, 3])):
            links.append(CandidateTag(candidate_id=person.id, tag_id=tag.id))
        apps.append(Application(agency_id=agency.id, candidate_id=person.id, job_id=job.id,
                                stage_id=rng.choice(stages).id, owner_id=owner.id,
                                stage_entered_at=now - timedelta(days=rng.randint(0, 60))))
    session.add_all(links + apps)
    session.commit()
    return job


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def bench_data_load(url: str, runs: int) -> None:
    from alembic import command

    from app.db import make_engine
    from app.services import pipeline
    from app.services.agencies import create_agency
    from app.states.job_board import build_columns
    from tests.conftest import alembic_config

    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        agency = create_agency(session, name="Bench", slug=f"bench-{random.randrange(10**9)}")
        user = User(agency_id=agency.id, email=f"bench{random.randrange(10**9)}@bench.example.com", name="Bench",
                    role="recruiter")
        session.add(user)
        session.flush()
        job = seed_big_job(session, agency, user)
    actor = Actor(user_id=user.id, agency_id=agency.id, role="recruiter", name="Bench", email=user.email)
    timings = []
    for _ in range(runs + 3):
        start = time.perf_counter()
        with Session(engine, expire_on_commit=False) as session:
            board = pipeline.board(session, actor, str(job.id))
        columns = build_columns(board, utcnow())
        timings.append((time.perf_counter() - start) * 1000)
    timings = timings[3:]  # warm-up
    assert sum(c.count for c in columns) == CARDS
    print(f"board data load, {CARDS} cards, {engine.dialect.name}: p50 {statistics.median(timings):.1f} ms, "
          f"p95 {_pct(timings, 0.95):.1f} ms over {runs} runs")
    engine.dispose()


def bench_browser(moves: int) -> None:
    """Start Candor on a fresh SQLite database with demo data plus the 500-card job, then time the browser."""
    import subprocess

    from playwright.sync_api import sync_playwright

    from app.db import make_engine
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, _server_env, _wait_until_up

    data_dir = Path(tempfile.mkdtemp(prefix="candor-bench-"))
    port = _free_port()
    env = _server_env(data_dir, port)
    py = sys.executable
    subprocess.run([py, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([py, "-m", "app.cli", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    engine = make_engine(env["DATABASE_URL"])
    with Session(engine, expire_on_commit=False) as session:
        agency = session.exec(select(Agency).where(Agency.slug == "northwind")).one()
        owner = session.exec(select(User).where(User.email == "recruiter@northwind.example.com")).one()
        job = seed_big_job(session, agency, owner)
    engine.dispose()
    log = data_dir / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(Path(py).parent / "reflex"), "run", "--env", "prod", "--frontend-port",
                                 str(port), "--backend-port", str(port)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{port}"
    try:
        _wait_until_up(url, proc, log)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            _time_browser(browser, url, f"/jobs/{job.id}", moves)
            browser.close()
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


def _signed_in(browser, url: str, email: str):
    ctx = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", "candor-demo")
    page.click("#sign-in")
    page.wait_for_selector("#agency-name:not(:empty)")
    return page


ALL_CARDS = f"document.querySelectorAll('.kanban-card').length === {CARDS}"


def _time_browser(browser, url: str, board: str, moves: int) -> None:
    page = _signed_in(browser, url, "recruiter@northwind.example.com")
    opens = []
    for _ in range(4):
        page.goto("/jobs")
        page.wait_for_selector("#jobs-table")
        start = time.perf_counter()
        page.goto(board)
        page.wait_for_function(ALL_CARDS, polling="raf", timeout=30_000)
        opens.append((time.perf_counter() - start) * 1000)
    print(f"page open (navigation until all {CARDS} cards are in the page): first {opens[0]:.0f} ms, "
          f"then {', '.join(f'{t:.0f}' for t in opens[1:])} ms")

    colleague = _signed_in(browser, url, "admin@northwind.example.com")
    colleague.goto(board)
    colleague.wait_for_function(ALL_CARDS, polling="raf", timeout=30_000)
    latencies, moved = [], []
    for i in range(moves):
        card = page.locator('.kanban-col[data-stage="New"] .kanban-card').nth(i) if i % 2 == 0 else moved[-1]
        card_id = card.get_attribute("id")
        target = "Offer" if i % 2 == 0 else "Screening"
        # The colleague's page notes the moment the card shows up in the target column.
        colleague.evaluate(
            """([id, stage]) => { window.__seen = null; const check = () => {
                 if (document.querySelector(`.kanban-col[data-stage="${stage}"] #${id}`)) {
                   window.__seen = Date.now(); obs.disconnect(); } };
               const obs = new MutationObserver(check); obs.observe(document.body, {subtree: true, childList: true});
               check(); }""", [card_id, target])
        page.locator(f"#{card_id} .card-move").click()
        item = page.get_by_role("dialog").get_by_role("button", name=target)
        item.wait_for()
        # The clock starts when the click reaches the page, not when Playwright starts waiting for the
        # dialog's opening animation to settle before clicking.
        page.evaluate("""() => { window.__clicked = null; document.addEventListener('click',
                         () => { window.__clicked = Date.now(); }, {capture: true, once: true}); }""")
        item.click()
        colleague.wait_for_function("window.__seen !== null", timeout=10_000)
        latencies.append(colleague.evaluate("window.__seen") - page.evaluate("window.__clicked"))
        page.locator(f'.kanban-col[data-stage="{target}"] #{card_id}').wait_for()
        moved.append(page.locator(f"#{card_id}"))
    print(f"card move seen by a second browser ({moves} moves, {CARDS}-card board): "
          f"p50 {statistics.median(latencies):.0f} ms, p95 {_pct(latencies, 0.95):.0f} ms, "
          f"max {max(latencies):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="PostgreSQL admin URL: a throw-away database is created and dropped")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--browser", action="store_true", help="also time the page in Chromium")
    parser.add_argument("--moves", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        bench_data_load(f"sqlite:///{tmp}/bench.db", args.runs)
    if args.url:
        import tests.conftest as fixtures

        fixtures.PG_ADMIN_URL = args.url
        with fixtures.ThrowawayPostgres() as url:
            bench_data_load(url, args.runs)
    if args.browser:
        bench_browser(args.moves)


if __name__ == "__main__":
    main()
