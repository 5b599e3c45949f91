"""Take the README's pictures from a running demo (`make run` first).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "returns-demo-2026"  # noqa: S105 - the demo password, printed in the README
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def shoot(page, name):
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def switch(page, language):
    page.locator(f".returns-language button[lang={language}]").first.click()
    page.wait_for_load_state("networkidle")


def log_in(page, username):
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.vf-form button[type=submit]").click()
    page.wait_for_url(f"{BASE}/work/home/")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.goto(f"{BASE}/accounts/login/")
        switch(page, "en")
        shoot(page, "login-en")
        switch(page, "ar")
        shoot(page, "login-ar")
        switch(page, "en")
        log_in(page, "head.khusham")
        switch(page, "en")
        shoot(page, "home-en")
        switch(page, "ar")
        shoot(page, "home-ar")
        switch(page, "en")
        browser.close()


if __name__ == "__main__":
    main()
