"""Load benchmark of the web workspace (not a test): N simulated respondents (default 200) answering at
the same time over loopback, against a real uvicorn server, on SQLite and on PostgreSQL.

Each respondent opens their section page, then saves answers one by one as the page does (htmx POST
per answer, with the CSRF token and the revision it saw), with a think time between actions, and loads
the page again at the end. Measured per request: p50 and p95 latency of a save and of a page load. The
baseline is a bare endpoint of the same framework and middleware (``socialweb.app:bare_app``) under
the same load pattern, in the same run, measured again right before each database (the machine is
shared, so its load drifts over a run: each database is compared with the baseline next to it in time).
After the run the answers are counted in the database: every acknowledged save must be there exactly
once (rows = respondents x items, revisions = saves).

Targets: p95 of a save <= 50 ms and <= 3x the bare endpoint's p95.

    .venv/bin/python benchmarks/web_load.py [--respondents 200] [--answers 8] [--think 3.0]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]   # default: SOCIALFIT_TEST_DATABASE_URL

PostgreSQL runs in a schema of its own, dropped afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx2 as httpx  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from engine import Engine  # noqa: E402
from socialweb import migrate, store  # noqa: E402
from socialweb.config import normalise_url  # noqa: E402
from socialweb.db import Answer, make_engine, make_sessionmaker  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app: str, env: dict, port: int, log: Path, workers: int = 1) -> subprocess.Popen:
    with open(log, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1",
                                 "--port", str(port), "--log-level", "warning", "--no-access-log",
                                 # idle keep-alive longer than a think time: no close racing a request
                                 "--timeout-keep-alive", "30", "--workers", str(workers)],
                                env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=fh)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bare" if "bare" in app
                                        else f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"server {app} did not start: {log.read_text()}")
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"server {app} did not start in time")


def plan(engine: Engine, n: int) -> tuple[str, list[tuple[str, str]]]:
    """The first section (the page loaded) and ``n`` items without a show-if, each with a valid form value."""
    q = engine.questionnaire
    section = next(iter(q.sections))
    chosen = []
    for item in q.items:
        if item.show_if is not None or item.type == "multi":
            continue
        if item.type == "likert5":
            value = "3"
        elif item.type == "number":
            value = f"{(item.min + item.max) / 2:g}"
        else:
            value = str(item.options[0].value)
        chosen.append((item.id, value))
    return section, chosen[:n]


async def respondent(client, base: str, token: str, section: str, items, think: float, saves: list, loads: list,
                     bare: bool):
    await asyncio.sleep(random.uniform(0, think * 2))
    page_url = f"{base}/bare" if bare else f"{base}/r/{token}/s/{section}"
    t = time.perf_counter()
    r = await client.get(page_url)
    loads.append(time.perf_counter() - t)
    r.raise_for_status()
    csrf = "x" if bare else CSRF.search(r.text).group(1)
    for item_id, value in items:
        await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))
        url = f"{base}/bare" if bare else f"{base}/r/{token}/item/{item_id}"
        t = time.perf_counter()
        r = await client.post(url, data={"csrf": csrf, item_id: value, f"rev_{item_id}": "0"})
        saves.append(time.perf_counter() - t)
        r.raise_for_status()
        if not bare and "Saved" not in r.text and "Bewaard" not in r.text:
            raise RuntimeError(f"save not acknowledged: {r.text[:200]}")
    t = time.perf_counter()
    (await client.get(page_url)).raise_for_status()
    loads.append(time.perf_counter() - t)


async def drive(base: str, tokens: list[str], section: str, items, think: float, bare: bool):
    saves: list[float] = []
    loads: list[float] = []
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    clients = [httpx.AsyncClient(limits=limits, timeout=60) for _ in tokens]  # one browser (cookie jar) each
    try:
        await asyncio.gather(*(respondent(c, base, tok, section, items, think, saves, loads, bare)
                               for c, tok in zip(clients, tokens)))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return np.array(saves) * 1000, np.array(loads) * 1000


def pct(x: np.ndarray) -> str:
    return f"p50 {np.percentile(x, 50):6.1f} ms   p95 {np.percentile(x, 95):6.1f} ms   (n={len(x)})"


def run_database(label: str, url: str, data_dir: Path, args, engine: Engine, section: str, items) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = make_engine(url)
    migrate.upgrade(db)
    sessions = make_sessionmaker(db)
    tokens = []
    with sessions() as s:
        for _ in range(args.respondents):
            _inv, token = store.create_invitation(s, None, "other", "en", None)
            tokens.append(token)
        s.commit()
        before = s.scalar(select(func.count()).select_from(Answer))
    port = free_port()
    proc = start("socialweb.app:app_from_env", {"SOCIALFIT_DATABASE_URL": url, "SOCIALFIT_DATA_DIR": str(data_dir)},
                 port, data_dir / f"{label}.log", args.workers)
    try:
        saves, loads = asyncio.run(drive(f"http://127.0.0.1:{port}", tokens, section, items, args.think, bare=False))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    with sessions() as s:
        rows = s.scalar(select(func.count()).select_from(Answer)) - before
        revisions = s.scalar(select(func.sum(Answer.revision))) or 0
    db.dispose()
    expected = args.respondents * len(items)
    return {"saves": saves, "loads": loads, "rows": rows, "revisions": revisions, "expected": expected}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--respondents", type=int, default=200)
    ap.add_argument("--answers", type=int, default=8, help="answers each respondent saves")
    ap.add_argument("--think", type=float, default=3.0, help="mean seconds between a respondent's actions")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of the workspace server")
    ap.add_argument("--postgres", default=os.environ.get("SOCIALFIT_TEST_DATABASE_URL"),
                    help="PostgreSQL server URL (default: SOCIALFIT_TEST_DATABASE_URL); 'none' skips it")
    args = ap.parse_args()
    random.seed(1)
    engine = Engine.load()
    section, items = plan(engine, args.answers)
    tmp = Path(tempfile.mkdtemp(prefix="socialfit-load-"))
    print(f"{args.respondents} respondents x {len(items)} answers, think time ~{args.think:g} s "
          f"(~{args.respondents / args.think:.0f} requests/s), {args.workers} uvicorn worker(s)",
          file=sys.stderr)

    def bare() -> tuple[np.ndarray, np.ndarray]:
        port = free_port()
        proc = start("socialweb.app:bare_app", {}, port, tmp / "bare.log", args.workers)
        try:
            random.seed(1)
            saves, loads = asyncio.run(drive(f"http://127.0.0.1:{port}", ["-"] * args.respondents, section,
                                             items, args.think, bare=True))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        print(f"bare endpoint   POST {pct(saves)}\n                GET  {pct(loads)}")
        return saves, loads

    targets = [("sqlite", f"sqlite:///{tmp / 'load.db'}", None)]
    schema = None
    if args.postgres and args.postgres != "none":
        base = normalise_url(args.postgres)
        schema = "load_" + secrets.token_hex(4)
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
        targets.append(("postgresql", f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}", base))
    else:
        print("PostgreSQL: skipped (give --postgres URL or set SOCIALFIT_TEST_DATABASE_URL)", file=sys.stderr)
    failed = False
    try:
        for label, url, _ in targets:
            bare_saves, bare_loads = bare()
            bare_p95 = np.percentile(bare_saves, 95)
            random.seed(1)  # the same arrival pattern as the bare run
            r = run_database(label, url, tmp / "data", args, engine, section, items)
            p95 = np.percentile(r["saves"], 95)
            ok_target = p95 <= 50 and p95 <= 3 * bare_p95
            intact = r["rows"] == r["expected"] and r["revisions"] == r["expected"]
            failed |= not (ok_target and intact)
            print(f"{label:<15} save {pct(r['saves'])}   {p95 / bare_p95:4.1f}x bare p95   "
                  f"{'meets' if ok_target else 'MISSES'} target (<= 50 ms and <= 3x)")
            print(f"{'':<15} page {pct(r['loads'])}   {np.percentile(r['loads'], 95) / np.percentile(bare_loads, 95):4.1f}x bare p95")
            print(f"{'':<15} answers stored {r['rows']} of {r['expected']} acknowledged, revisions {r['revisions']}: "
                  f"{'none lost or doubled' if intact else 'MISMATCH'}")
    finally:
        if schema:
            admin = create_engine(targets[1][2])
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
