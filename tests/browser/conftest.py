"""Browser tests: pytest-django's live server, driven by Debian's Chromium through Playwright."""

import os

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # The machine has no network beyond package registries: keep Chromium from trying.
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"],
    }


def in_a_thread(function, *args, **kwargs):
    """Run product code outside Playwright's event loop: pyHanko's signing runs its own
    (asyncio.run), which cannot start inside a running one. The web server's threads
    have none, as in production."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def site(live_server, transactional_db):
    """The product served with its demo data, as `make run` serves it."""
    in_a_thread(call_command, "seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


@pytest.fixture
def log_in(page, site, demo_password):
    def log_in_as(username, password=None):
        page.goto(f"{site}/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password or demo_password)
        page.locator("form.vf-form button[type=submit]").click()
        page.wait_for_url(f"{site}/work/home/")
        return page

    return log_in_as


def switch_language(page, code):
    """Click the language switch and wait for the whole new page."""
    with page.expect_navigation(wait_until="load"):
        page.locator(f".returns-language button[lang={code}]").click()


@pytest.fixture
def browser_as(browser, site, demo_password):
    """A separate browser (context) per person, logged in, in their language."""
    pages = []

    def open_as(username, language="en"):
        from approvals.models import User

        User.objects.filter(username=username).update(language=language)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{site}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", demo_password)
        page.locator("form.vf-form button[type=submit]").click()
        page.wait_for_url(f"{site}/work/home/")
        assert page.locator("html").get_attribute("lang") == language
        pages.append(context)
        return page

    yield open_as
    for context in pages:
        context.close()
