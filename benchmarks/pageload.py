"""Issue 14 part 1: a leader opens a shared link. A new browser session on a warm server, timed from navigation to
the page fully drawn (script idle, every chart drawn, held 0.5 s: run.py's READY_JS), median of N, interleaved
with a one-file Streamlit app that reads the same enrolment CSV and draws a metric and two plotly charts
(benchmarks/onefile_app.py). Also the bytes a first visit transfers, straight from Streamlit and through nginx
with the README's proxy configuration (deploy/nginx-kpis.conf, which compresses), and the server's own time per
script run (Streamlit's `script run` log lines are not kept, so the server figure is the AppTest run of the page).

Usage: .venv/bin/python benchmarks/pageload.py [--reps 5] [--pages overview,enrolment,provinces] [--no-nginx]
Writes benchmarks/out/pageload-<time>.json. nginx comes from `bash scripts/ensure_system_deps.sh --bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import run

from app_pages import PAGES

ROOT = BENCH.parent
NGINX_CONF = ROOT / "deploy" / "nginx-kpis.conf"
# What "drawn" needs on each page: (plotly charts, card sparklines) at least.
MINIMA = {"": (1, 1), "enrolment": (2, 0), "provinces": (2, 0), "rural-training": (1, 0), "onefile": (2, 0)}
TIMEOUT_S = 180.0


class Nginx:
    """A real nginx in front of one server, with deploy/nginx-kpis.conf (its upstream and listen set for here)."""

    def __init__(self, upstream_port: int, work: Path):
        self.port = run.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        site = NGINX_CONF.read_text(encoding="utf-8")
        site = site.replace(
            "    server 127.0.0.1:8501;\n    server 127.0.0.1:8502;\n", f"    server 127.0.0.1:{upstream_port};\n"
        )
        site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{self.port};")
        (work / "logs").mkdir(parents=True, exist_ok=True)
        conf = work / "nginx.conf"
        conf.write_text(
            "pid nginx.pid; error_log logs/error.log; worker_processes 1;\nevents { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            f"  client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp;\n{site}\n}}\n",
            encoding="utf-8",
        )
        (work / "tmp").mkdir(exist_ok=True)
        self.proc = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        time.sleep(0.5)
        if self.proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {(work / 'logs' / 'error.log').read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def first_visit(browser, url: str, minima: tuple[int, int]) -> dict:
    """A new browser session opening `url`: seconds to fully drawn, bytes over HTTP (as received, so compressed
    when the server compresses) and over the websocket."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    http = {"bytes": 0, "requests": 0}
    ws = {"bytes": 0}

    def finished(event):
        http["bytes"] += int(event.get("encodedDataLength", 0))
        http["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: ws.__setitem__("bytes", ws["bytes"] + len(e["response"]["payloadData"])),
    )
    t0 = time.monotonic()
    page.goto(url, wait_until="commit")
    t_ready = run.wait_ready(page, minima, TIMEOUT_S)
    out = {"seconds": t_ready - t0, "http_bytes": http["bytes"], "requests": http["requests"], "ws_bytes": ws["bytes"]}
    context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--pages", default="overview,enrolment,provinces")
    parser.add_argument("--no-nginx", action="store_true")
    args = parser.parse_args(argv)
    paths = {p.url_path or "overview": p.url_path for p in PAGES}
    wanted = {name: paths[name] for name in args.pages.split(",")}
    from playwright.sync_api import sync_playwright

    if not args.no_nginx and not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_system_deps.sh"), "--bench"], check=True)
    run.OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pageload-"))
    db_url = f"sqlite:///{work / 'kpis.sqlite'}"
    app = run.Server(db_url, work / "app.log")
    onefile = run.Server("sqlite://", work / "onefile.log", script=str(BENCH / "onefile_app.py"))
    proxy = None
    results: dict = {"machine": run.machine(), "reps": args.reps, "pages": {}, "started": dt.datetime.now().isoformat()}
    try:
        app.wait_healthy()
        onefile.wait_healthy()
        if not args.no_nginx:
            proxy = Nginx(app.port, work / "nginx")
        targets = {"onefile": f"{onefile.base}/"} | {n: f"{app.base}/{p}" for n, p in wanted.items()}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=run.CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, url in targets.items():  # warm: every page's caches filled once
                first_visit(browser, url, MINIMA[wanted.get(name, name)])
            runs: dict[str, list[dict]] = {name: [] for name in targets}
            for rep in range(args.reps):  # interleaved, so a slow moment of the machine hits every page alike
                for name, url in targets.items():
                    runs[name].append(first_visit(browser, url, MINIMA[wanted.get(name, name)]))
                    run.log(f"rep {rep + 1} {name}: {runs[name][-1]['seconds']:.2f} s")
            proxied = {}
            if proxy is not None:
                for name, path in wanted.items():
                    proxied[name] = first_visit(browser, f"{proxy.base}/{path}", MINIMA[path])
            browser.close()
        base = statistics.median(r["seconds"] for r in runs["onefile"])
        for name, rs in runs.items():
            seconds = statistics.median(r["seconds"] for r in rs)
            results["pages"][name] = {
                "median_s": round(seconds, 3),
                "runs_s": [round(r["seconds"], 3) for r in rs],
                "ratio_to_onefile": round(seconds / base, 2),
                "http_bytes": rs[0]["http_bytes"],
                "requests": rs[0]["requests"],
                "ws_bytes": rs[0]["ws_bytes"],
                "http_bytes_through_nginx": proxied.get(name, {}).get("http_bytes"),
            }
    finally:
        if proxy is not None:
            proxy.stop()
        app.stop()
        onefile.stop()
    out = run.OUT / f"pageload-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("| page | fully drawn (median) | one-file app | ratio | first visit HTTP | through nginx (gzip) |")
    print("|---|---|---|---|---|---|")
    for name, r in results["pages"].items():
        nginx = r["http_bytes_through_nginx"]
        print(
            f"| {name} | {r['median_s']:.2f} s | {results['pages']['onefile']['median_s']:.2f} s | "
            f"{r['ratio_to_onefile']:.2f}× | {r['http_bytes'] / 1e6:.2f} MB | "
            f"{'' if nginx is None else f'{nginx / 1e6:.2f} MB'} |"
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
