"""Command-line tasks: `python -m app.cli seed-demo`."""

from __future__ import annotations

import argparse
import os
import sys

from app.db import session_scope
from app.services import demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    seed = sub.add_parser("seed-demo", help="load demo data if the database is empty")
    seed.add_argument("--candidates", type=int, default=int(os.environ.get("CANDOR_DEMO_CANDIDATES", "2000")))
    args = parser.parse_args(argv)
    if args.command == "seed-demo":
        with session_scope() as session:
            if not demo.is_empty(session):
                print("Database already has data: demo data not loaded.")
                return 0
            demo.seed_demo(session, candidates=args.candidates)
        print(f"Demo data loaded ({args.candidates} candidates). Sign in with admin@northwind.example.com"
              f" / {demo.DEMO_PASSWORD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
