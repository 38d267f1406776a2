"""Screenshot every page in both languages with Debian's Chromium (for people to look at).

Usage: python scripts/screenshots.py BASE_URL OUT_DIR [PAGE ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from app_pages import PAGES

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    pages = sys.argv[3:] or [p.url_path for p in PAGES if p.module != "update_data"]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": int(os.environ.get("SHOT_HEIGHT", "2600"))})
        for path in pages:
            for lang in ("vi", "en"):
                page.goto(f"{base}/{path}?lang={lang}")
                page.wait_for_selector("[data-testid='stApp']")
                page.wait_for_timeout(1500)
                page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
                page.wait_for_timeout(2500)
                page.screenshot(path=str(out / f"{path or 'overview'}-{lang}.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
