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
    widths = [int(w) for w in os.environ.get("SHOT_WIDTHS", "1400,390").split(",")]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in widths:
            page = browser.new_page(viewport={"width": width, "height": 900 if width < 800 else 1000})
            for path in pages:
                for lang in ("vi", "en"):
                    joiner = "&" if "?" in path else "?"
                    page.goto(f"{base}/{path}{joiner}lang={lang}")
                    page.wait_for_selector("[data-testid='stApp']")
                    page.wait_for_timeout(1500)
                    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
                    page.wait_for_timeout(2500)
                    # Streamlit scrolls inside stMain: grow the viewport to its height for a whole-page picture.
                    height = page.evaluate(
                        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                        " return m ? m.scrollHeight : document.documentElement.scrollHeight; }"
                    )
                    page.set_viewport_size({"width": width, "height": min(max(height, 900), 16000)})
                    page.wait_for_timeout(800)
                    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in (path or "overview"))
                    page.screenshot(path=str(out / f"{name}-{lang}-{width}.png"), full_page=True)
                    page.set_viewport_size({"width": width, "height": 900 if width < 800 else 1000})
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
