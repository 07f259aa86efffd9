"""The desk under load: `storyline serve` (one uvicorn process) over a store of synthetic
news, 50 clients at a fixed total rate over the main pages and API routes, while an
ingest (another process) writes to the same store; the desk making every answer
(`--no-cache`, the baseline) and keeping its answers, each on a fresh copy of the store,
in the same run.

    python benchmarks/serve.py                 # 20,000 articles, 200 requests/s for 30 s
    python benchmarks/serve.py --quick         # 2,000 articles, 100 requests/s for 10 s
    python benchmarks/serve.py --keep-store /tmp/desk --desks cached   # reuse the store
    python benchmarks/serve.py --previous 0fe49c4 --rounds 3   # and that commit's desk

Needs no data: the archive is `refresh.py`'s seeded synthetic news (40 outlets over a
year), ingested and clustered into a fresh store; the top stories are analysed first (a
story page of a story not analysed yet answers at once with "analysing" and queues the
analysis, which would put the language model on the CPU the clients measure). The load is
open-loop: request i is due at start + i/rate whatever the answers before it, and its
latency is counted from when it was due (a slow server is not flattered by clients that
wait for it), beside the service time (from when it was sent).

Reported per desk: requests, errors (5xx or no answer), "database is locked" in the
server's or the ingest's log, the achieved rate, p50/p95/p99 latency overall, after the
first WARM_SECONDS (a server just started makes each of the 49 answers once, all at the
same moment) and per route, the service time, how late the clients sent (all 50 busy, or
the client process waiting for a core), the load average, and ratios against the
baseline. `--previous REV` adds the desk of an earlier commit (its `src/`, from git, keeping
answers: "previous"); `--rounds N` runs every desk N times, in turn, and reports each
figure's median over the rounds (the machine is shared: one round's figures move with the
load). Aims (issue 14): zero errors, no "database is locked", p95 under 100 ms for pages
and API reads.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

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
#: Seconds from the start of the load after which a request counts as "steady".
WARM_SECONDS = 2.0
#: A request slower than this is counted (the aim's bound, in seconds).
SLOW_SECONDS = 0.1


def _build(folder: Path, size: int, seed: int) -> tuple[Path, Path]:
    from storyline.flow.ingest import analyze_stories, ingest, plan, refresh_stories
    from storyline.settings import Settings
    from storyline.store import Store

    folder.mkdir(parents=True, exist_ok=True)
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
    targets = [("page /", "/"), ("page / filtered", f"/?{urlencode({'outlet': outlet})}"),
               ("page /search", f"/search?{urlencode({'q': word})}"), ("page /feeds", "/feeds"),
               ("api stories", "/api/stories"),
               ("api stories next", f"/api/stories?{urlencode({'cursor': cursor})}"),
               ("api stories q", f"/api/stories?{urlencode({'q': word})}"),
               ("api search", f"/api/search?{urlencode({'q': word})}"),
               ("api health", "/api/health")]
    for story_id, article_id in zip(ids, articles, strict=True):
        story, article = quote(story_id, safe=""), quote(article_id, safe="")
        targets += [("page story", f"/stories/{story}"), ("api story", f"/api/stories/{story}"),
                    ("page article", f"/articles/{article}"),
                    ("api article", f"/api/articles/{article}")]
    return targets


class _Connection:
    """One client's keep-alive HTTP/1.1 connection on bare asyncio streams. httpx's
    AsyncClient spends ~6 ms of CPU a request: at 200 requests/s the clients would need a
    core of their own, and on a shared 2-core machine they, not the desk, set the pace
    (they did: see benchmarks/README). Every answer of the desk has a Content-Length."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, url: str) -> int:
        """The answer's status (its body read whole); 0 when there was none."""
        for attempt in range(2):  # a keep-alive connection the server closed: once more
            try:
                if self.streams is None:
                    self.streams = await asyncio.open_connection(self.host, self.port)
                reader, writer = self.streams
                writer.write(f"GET {url} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n"
                             .encode("latin-1"))
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                status = int(lines[0].split(" ", 2)[1])
                fields = {k.strip().lower(): v.strip() for k, _, v in
                          (line.partition(":") for line in lines[1:] if line)}
                await reader.readexactly(int(fields.get("content-length", "0")))
                if fields.get("connection", "").lower() == "close":
                    await self.close()
                return status
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                await self.close()
                if attempt:
                    return 0
        return 0

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


Outcome = tuple[str, float, float, int, float, float]


async def _load(base: str, targets: list[tuple[str, str]], rate: float, seconds: float
                ) -> list[Outcome]:
    """(route, latency from due, service time, status (0 = no answer), how late the
    client sent it, when it was due from the start) per request."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    total = int(rate * seconds)
    queue: asyncio.Queue[tuple[int, float] | None] = asyncio.Queue()
    results: list[Outcome] = []
    start = time.perf_counter()

    async def client() -> None:
        connection = _Connection(host, int(port))
        while (item := await queue.get()) is not None:
            number, due = item
            route, url = targets[number % len(targets)]
            sent = time.perf_counter()
            status = await asyncio.wait_for(connection.get(url), timeout=30)
            done = time.perf_counter()
            results.append((route, done - due, done - sent, status, sent - due, due - start))
        await connection.close()

    clients = [asyncio.create_task(client()) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for number in range(total):
        due = start + number / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        queue.put_nowait((number, due))
    for _ in clients:
        queue.put_nowait(None)
    await asyncio.gather(*clients)
    return results


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50_ms": round(cut[49] * 1000, 1), "p95_ms": round(cut[94] * 1000, 1),
            "p99_ms": round(cut[98] * 1000, 1)}


#: The desks compared in one run, each on a fresh copy of the same store with the same
#: ingest writing: (name, `storyline serve` options). The first is the baseline: every
#: answer computed (the desk before its answer cache).
DESKS = (("computed", ("--no-cache",)), ("cached", ()))
#: The desk of an earlier commit (`--previous`), keeping answers.
PREVIOUS = "previous"


def _previous_src(rev: str, folder: Path) -> Path:
    """The `src/` of commit `rev`, unpacked from git into `folder`."""
    target = folder / "previous"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def _run_desk(folder: Path, db: Path, extra: Path, options: tuple[str, ...], rate: float,
              seconds: float, src: Path | None = None) -> dict[str, Any]:
    """One desk under load: a fresh copy of the store, the server (from `src` when given),
    the ingest, the clients."""
    import httpx

    copy = folder / "desk.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    port = _port()
    base = f"http://127.0.0.1:{port}"
    load_before = os.getloadavg()
    server_env = {**os.environ, "PYTHONPATH": str(src)} if src is not None else None
    with (folder / "serve.log").open("w+") as log:
        server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", str(copy),
                                   "--port", str(port), "--quiet", *options],
                                  stdout=log, stderr=log, env=server_env)
        writer = None
        try:
            for _ in range(600):
                try:
                    httpx.get(f"{base}/api/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            targets = _targets(base)
            env = {**os.environ, "STORYLINE_BATCH_SIZE": str(INGEST_BATCH)}
            writer = subprocess.Popen([sys.executable, "-m", "storyline", "ingest", str(extra),
                                       "--db", str(copy), "-q"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True)
            # the clients' own pauses count as the desk's latency: what this process holds
            # already is kept out of the garbage collector's passes during the load
            gc.collect()
            gc.freeze()
            started = time.perf_counter()
            try:
                results = asyncio.run(_load(base, targets, rate, seconds))
            finally:
                gc.unfreeze()
            elapsed = time.perf_counter() - started
            writing = writer.poll() is None
            if writing:  # the rest of the ingest measures nothing: stopped (its batches kept)
                writer.terminate()
            writer_status = writer.wait(timeout=60)
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
    routes = {}
    for route in sorted({r[0] for r in results}):
        mine = [r for r in results if r[0] == route]
        routes[route] = {"requests": len(mine), **_percentiles([r[1] for r in mine])}
    steady = [r for r in results if r[5] >= WARM_SECONDS]
    return {"options": list(options), "requests": len(results),
            "achieved_rate": round(len(results) / elapsed, 1), "errors": len(errors),
            "database_locked": locked,
            "statuses": {str(s): sum(r[3] == s for r in results)
                         for s in sorted({r[3] for r in results})},
            "ingest_still_writing_at_end": writing,
            "ingest_status": "stopped at the end" if writing else writer_status,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "latency": _percentiles([r[1] for r in results]),
            "latency_steady": _percentiles([r[1] for r in steady]),
            "slow": {"all": sum(r[1] > SLOW_SECONDS for r in results),
                     "steady": sum(r[1] > SLOW_SECONDS for r in steady)},
            "service_time": _percentiles([r[2] for r in results]),
            "client_lag": _percentiles([r[4] for r in results]), "routes": routes}


def _show(name: str, row: dict[str, Any], size: int) -> None:
    overall, service = row["latency"], row["service_time"]
    ingest = ("still writing at the end, then stopped" if row["ingest_still_writing_at_end"]
              else f"done, exit {row['ingest_status']}")
    print(f"\n{name} ({' '.join(row['options']) or 'default options'}): {row['requests']:,} "
          f"requests at {row['achieved_rate']}/s from {CLIENTS} clients over {size:,} articles, "
          f"an ingest of {EXTRA_ARTICLES:,} writing ({ingest}); load "
          f"{row['load_average_before'][0]:.1f} -> {row['load_average_after'][0]:.1f}")
    steady = row["latency_steady"]
    print(f"errors {row['errors']}, 'database is locked' {row['database_locked']}; latency p50 "
          f"{overall['p50_ms']} p95 {overall['p95_ms']} p99 {overall['p99_ms']} ms (service time "
          f"p95 {service['p95_ms']} ms; the clients sent late by p95 "
          f"{row['client_lag']['p95_ms']} ms)", flush=True)
    print(f"after the first {WARM_SECONDS:g} s: latency p50 {steady['p50_ms']} p95 "
          f"{steady['p95_ms']} p99 {steady['p99_ms']} ms; slower than "
          f"{SLOW_SECONDS * 1000:g} ms: {row['slow']['steady']:,} (of all: "
          f"{row['slow']['all']:,})", flush=True)
    for route, figures in row["routes"].items():
        print(f"  {route:<18} {figures['requests']:>5}  p50 {figures['p50_ms']:>8} "
              f"p95 {figures['p95_ms']:>8} p99 {figures['p99_ms']:>8} ms", flush=True)


def _over_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One desk's rounds as one row: each figure the median over the rounds (the load
    averages and statuses as measured in each round, under `rounds`)."""
    if len(rounds) == 1:
        return rounds[0]
    row = _median(rounds)
    row["rounds"] = [{k: r[k] for k in ("latency", "latency_steady", "service_time", "slow",
                                       "errors", "load_average_before", "load_average_after")}
                     for r in rounds]
    return row


def _median(values: list[Any]) -> Any:
    """The median of numbers; of dicts, key by key; anything else kept when all agree."""
    first = values[0]
    if all(isinstance(v, dict) for v in values):
        keys = dict.fromkeys(k for v in values for k in v)
        return {k: _median([v[k] for v in values if k in v]) for k in keys}
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        middle = statistics.median(values)
        return int(middle) if all(isinstance(v, int) for v in values) else round(middle, 1)
    if (all(isinstance(v, list) and len(v) == len(first) for v in values) and first
            and all(isinstance(x, (int, float)) for v in values for x in v)):
        return [_median(list(column)) for column in zip(*values, strict=True)]
    return first if all(v == first for v in values) else values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles, 100/s for 10 s")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--rate", type=float, default=None, help="requests per second")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--desks", default=",".join(name for name, _ in DESKS),
                        help="which desks to run, of: " + ", ".join(name for name, _ in DESKS))
    parser.add_argument("--keep-store", type=Path, default=None, metavar="DIR",
                        help="build the store into DIR once and reuse it on later runs")
    parser.add_argument("--previous", default=None, metavar="REV",
                        help="also run the desk of this git commit (keeping answers)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every desk this many times in turn; report medians")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    size = args.articles or (2_000 if args.quick else 20_000)
    rate = args.rate or (100.0 if args.quick else 200.0)
    seconds = args.seconds or (10.0 if args.quick else 30.0)
    chosen = [(name, options) for name, options in DESKS if name in args.desks.split(",")]
    if args.previous:
        chosen.insert(1 if chosen and chosen[0][0] == "computed" else 0, (PREVIOUS, ()))
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in chosen}
    with tempfile.TemporaryDirectory(prefix="storyline-serve-") as tmp:
        folder = Path(tmp)
        kept = args.keep_store / f"{size}-{args.seed}" if args.keep_store else None
        if kept is not None and (kept / "store.db").exists():
            db, extra = kept / "store.db", kept / "extra.jsonl"
            print(f"store of {size:,} articles reused from {kept}", flush=True)
        else:
            db, extra = _build(kept or folder, size, args.seed)
        previous = _previous_src(args.previous, folder) if args.previous else None
        for number in range(args.rounds):
            for name, options in chosen:
                row = _run_desk(folder, db, extra, options, rate, seconds,
                                previous if name == PREVIOUS else None)
                if name == PREVIOUS:
                    row["revision"] = args.previous
                rounds[name].append(row)
                _show(name + (f", round {number + 1} of {args.rounds}" if args.rounds > 1
                              else ""), row, size)
    rows = {name: _over_rounds(kept_rounds) for name, kept_rounds in rounds.items()}
    if args.rounds > 1:
        print(f"\nmedians over {args.rounds} rounds:")
        for name, row in rows.items():
            _show(name, row, size)
    for baseline in ("computed", PREVIOUS):  # ratios against the baselines of this run
        if baseline not in rows:
            continue
        base = rows[baseline]
        for row in rows.values():
            row[f"vs_{baseline}"] = {
                "achieved_rate": round(row["achieved_rate"] / base["achieved_rate"], 2),
                "p95_latency": round(row["latency"]["p95_ms"] / base["latency"]["p95_ms"], 4),
                "p95_latency_steady": round(row["latency_steady"]["p95_ms"]
                                            / base["latency_steady"]["p95_ms"], 4),
                "p50_service_time": round(row["service_time"]["p50_ms"]
                                          / max(base["service_time"]["p50_ms"], 0.1), 3)}
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        write_results(output, {"benchmark": "serve", "mode": "quick" if args.quick else "full",
                               "articles": size, "rate": rate, "seconds": seconds,
                               "clients": CLIENTS, "extra_articles": EXTRA_ARTICLES,
                               "rounds": args.rounds, "warm_seconds": WARM_SECONDS,
                               "desks": rows, "machine": machine_info(REPO)})
    return 1 if any(row["errors"] for row in rows.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
