"""The desk under load: `storyline serve` (one uvicorn process) over a store of synthetic
news, 50 clients at a fixed total rate over the main pages and API routes, while an
ingest (another process) writes to the same store.

    python benchmarks/serve.py                 # 20,000 articles, 200 requests/s for 30 s
    python benchmarks/serve.py --quick         # 2,000 articles, 100 requests/s for 10 s

Needs no data: the archive is `refresh.py`'s seeded synthetic news (40 outlets over a
year), ingested and clustered into a fresh store; the top stories are analysed first (a
story page of a story not analysed yet answers at once with "analysing" and queues the
analysis, which would put the language model on the CPU the clients measure). The load is
open-loop: request i is due at start + i/rate whatever the answers before it, and its
latency is counted from when it was due (a slow server is not flattered by clients that
wait for it), beside the service time (from when it was sent).

Reported: requests, errors (5xx or no answer), "database is locked" in the server's log,
the achieved rate, and p50/p95/p99 latency overall and per route. Aims (issue 14): zero
errors, no "database is locked", p95 under 100 ms for pages and API reads.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import machine_info, write_results  # noqa: E402
from refresh import START, Archive  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "serve.json"
#: Concurrent clients (connections), and stories analysed before the load (the routes ask
#: only for those: see the module's docstring).
CLIENTS = 50
ANALYSED = 10
#: Articles the concurrent ingest writes, in batches of this many (a commit each).
EXTRA_ARTICLES = 2_000
INGEST_BATCH = 100


def _build(folder: Path, size: int, seed: int) -> tuple[Path, Path]:
    from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
    from storyline.settings import Settings
    from storyline.store import Store

    archive = Archive(seed)
    base, extra = folder / "archive.jsonl", folder / "extra.jsonl"
    archive.write(base, [archive.next() for _ in range(size)], START, 365)
    archive.write(extra, [archive.next() for _ in range(EXTRA_ARTICLES)], START, 400)
    db = folder / "store.db"
    started = time.perf_counter()
    with Store.open(db) as store:
        ingest(plan([base]), store, Settings(db_path=str(db)))
        refresh_stories(store)
        analyze_stories(store, store.stories(ANALYSED), workers=1)
    print(f"store of {size:,} articles built and its top {ANALYSED} stories analysed in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    return db, extra


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _targets(base: str) -> list[tuple[str, str]]:
    """(route, URL) pairs the clients cycle through: pages and API reads."""
    import httpx

    stories = httpx.get(f"{base}/api/stories", params={"limit": ANALYSED}, timeout=30).json()
    ids = [s["id"] for s in stories["stories"]]
    articles = [s["articles"][0] for s in stories["stories"]]
    cursor = httpx.get(f"{base}/api/stories", params={"limit": 40}, timeout=30).json()["next_cursor"]
    head = httpx.get(f"{base}/api/stories/{ids[0]}", timeout=30).json()
    word = max((w.strip(".,;:\"'") for w in head["headline"].split()), key=len)
    outlet = head["outlets"][0]
    targets = [("page /", "/"), ("page / filtered", f"/?outlet={outlet}"),
               ("page /search", f"/search?q={word}"), ("page /feeds", "/feeds"),
               ("api stories", "/api/stories"), ("api stories next", f"/api/stories?cursor={cursor}"),
               ("api stories q", f"/api/stories?q={word}"), ("api search", f"/api/search?q={word}"),
               ("api health", "/api/health")]
    for story_id, article_id in zip(ids, articles, strict=True):
        targets += [("page story", f"/stories/{story_id}"), ("api story", f"/api/stories/{story_id}"),
                    ("page article", f"/articles/{article_id}"),
                    ("api article", f"/api/articles/{article_id}")]
    return targets


async def _load(base: str, targets: list[tuple[str, str]], rate: float, seconds: float
                ) -> list[tuple[str, float, float, int]]:
    """(route, latency from due, service time, status; 0 = no answer) per request."""
    import httpx

    total = int(rate * seconds)
    queue: asyncio.Queue[tuple[int, float] | None] = asyncio.Queue()
    results: list[tuple[str, float, float, int]] = []
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker() -> None:
            while (item := await queue.get()) is not None:
                number, due = item
                route, url = targets[number % len(targets)]
                sent = time.perf_counter()
                try:
                    status = (await client.get(url)).status_code
                except httpx.HTTPError:
                    status = 0
                done = time.perf_counter()
                results.append((route, done - due, done - sent, status))

        workers = [asyncio.create_task(worker()) for _ in range(CLIENTS)]
        start = time.perf_counter()
        for number in range(total):
            due = start + number / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            queue.put_nowait((number, due))
        for _ in workers:
            queue.put_nowait(None)
        await asyncio.gather(*workers)
    return results


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50_ms": round(cut[49] * 1000, 1), "p95_ms": round(cut[94] * 1000, 1),
            "p99_ms": round(cut[98] * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles, 100/s for 10 s")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--rate", type=float, default=None, help="requests per second")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    size = args.articles or (2_000 if args.quick else 20_000)
    rate = args.rate or (100.0 if args.quick else 200.0)
    seconds = args.seconds or (10.0 if args.quick else 30.0)
    with tempfile.TemporaryDirectory(prefix="storyline-serve-") as tmp:
        folder = Path(tmp)
        db, extra = _build(folder, size, args.seed)
        port = _port()
        base = f"http://127.0.0.1:{port}"
        log = (folder / "serve.log").open("w+")
        server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", str(db),
                                   "--port", str(port), "--quiet"], stdout=log, stderr=log)
        writer = None
        try:
            import httpx

            for _ in range(300):
                try:
                    httpx.get(f"{base}/api/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            targets = _targets(base)
            env = {**os.environ, "STORYLINE_BATCH_SIZE": str(INGEST_BATCH)}
            writer = subprocess.Popen([sys.executable, "-m", "storyline", "ingest", str(extra),
                                       "--db", str(db), "-q"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            started = time.perf_counter()
            results = asyncio.run(_load(base, targets, rate, seconds))
            elapsed = time.perf_counter() - started
            writing = writer.poll() is None
            writer_status = writer.wait(timeout=600)
            writer_err = writer.stderr.read() if writer.stderr else ""
        finally:
            if writer is not None and writer.poll() is None:
                writer.terminate()
            server.terminate()
            server.wait(timeout=30)
        log.seek(0)
        server_log = log.read()
    errors = [r for r in results if r[3] == 0 or r[3] >= 500]
    locked = server_log.count("database is locked") + writer_err.count("database is locked")
    overall = _percentiles([r[1] for r in results])
    service = _percentiles([r[2] for r in results])
    routes = {}
    for route in sorted({r[0] for r in results}):
        mine = [r for r in results if r[0] == route]
        routes[route] = {"requests": len(mine), **_percentiles([r[1] for r in mine])}
    row = {"articles": size, "rate": rate, "seconds": seconds, "clients": CLIENTS,
           "requests": len(results), "achieved_rate": round(len(results) / elapsed, 1),
           "errors": len(errors), "database_locked": locked,
           "statuses": {str(s): sum(r[3] == s for r in results) for s in sorted({r[3] for r in results})},
           "ingest_still_writing_at_end": writing, "ingest_status": writer_status,
           "latency": overall, "service_time": service, "routes": routes}
    print(f"{len(results):,} requests at {row['achieved_rate']}/s from {CLIENTS} clients over "
          f"{size:,} articles, an ingest of {EXTRA_ARTICLES:,} writing "
          f"({'still' if writing else 'done'} at the end; exit {writer_status})")
    print(f"errors {len(errors)}, 'database is locked' {locked}; latency p50 {overall['p50_ms']} "
          f"p95 {overall['p95_ms']} p99 {overall['p99_ms']} ms (service time p95 "
          f"{service['p95_ms']} ms)")
    for route, figures in routes.items():
        print(f"  {route:<18} {figures['requests']:>5}  p50 {figures['p50_ms']:>7} "
              f"p95 {figures['p95_ms']:>7} p99 {figures['p99_ms']:>7} ms")
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        write_results(output, {"benchmark": "serve", "mode": "quick" if args.quick else "full",
                               **row, "machine": machine_info(REPO)})
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
