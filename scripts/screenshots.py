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


def shoot(page, name, full_page=False):
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
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


ORDER = OUT.parent.parent / "var" / "demo-delivery-order.pdf"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    _export_delivery_order()
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
        page.goto(f"{BASE}/supply/applications/")
        page.locator("tr", has_text="SA-KHU-2018-02").locator("a").first.click()
        shoot(page, "application-ar", full_page=True)
        switch(page, "en")
        shoot(page, "application-en", full_page=True)
        page.context.clear_cookies()

        log_in(page, "ministry.official")
        switch(page, "en")
        page.goto(f"{BASE}/work/queue/")
        shoot(page, "queue-en")
        page.locator("tr", has_text="SA-KRM-2018-01").locator("a").first.click()
        shoot(page, "task-en", full_page=True)
        page.context.clear_cookies()

        log_in(page, "reception.salhiyah")
        switch(page, "en")
        page.goto(f"{BASE}/returns/cases/?status=scheduled")
        page.locator("tr.returns-case a").first.click()
        shoot(page, "case-en", full_page=True)
        page.goto(f"{BASE}/returns/counts/")
        shoot(page, "counts-en")
        page.context.clear_cookies()

        page.goto(f"{BASE}/handbook/")
        shoot(page, "handbook-en")
        page.goto(f"{BASE}/verify/")
        page.set_input_files("input[type=file]", str(ORDER))
        page.locator("form button.returns-button").click()
        shoot(page, "verify-en", full_page=True)
        browser.close()


def _export_delivery_order():
    """The demo's Arabic delivery order: kept for the upload, and its page as a picture."""
    import os
    import subprocess

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from documents.models import Document

    order = Document.objects.get(kind="delivery_order", application__number="SA-KHU-2018-02")
    with order.file.open("rb") as handle:
        ORDER.write_bytes(handle.read())
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(ORDER),  # noqa: S603, S607
                    str(OUT / "delivery-order-ar")], check=True)
    print(OUT / "delivery-order-ar.png")
    book = Document.objects.filter(kind="handbook", language="ar", status="valid").first()
    for page_number, name in ((2, "handbook-ar-contents"), (5, "handbook-ar-page")):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page_number), "-l",  # noqa: S603, S607
                        str(page_number), "-singlefile", book.file.path, str(OUT / name)],
                       check=True)
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
