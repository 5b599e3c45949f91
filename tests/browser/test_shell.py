"""Log in as each demo role, find the right menus; switch to Arabic and read right to left."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import switch_language

pytestmark = pytest.mark.browser

ARABIC = re.compile(r"[\u0600-\u06FF]")

EVERYONE = ["Home", "Inbox", "Queue", "Archive", "Organisations", "My account"]
MENUS = {
    "head.khusham": (EVERYONE, ["Checkpoints", "Administration"]),
    "ministry.official": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "jcc.officer": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "reception.salhiyah": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "mfa.official": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "logistics": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "duty.officer": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "observer": (EVERYONE + ["Checkpoints"], ["Administration"]),
    "admin": (EVERYONE + ["Checkpoints", "Administration"], []),
}


def _menu_labels(page):
    page.goto(page.url.split("/work/")[0] + "/directory/organisations/")
    directory = page.locator(".vf-page__menu-primary .mdc-list-item__content").all_inner_texts()
    page.go_back()
    work = page.locator(".vf-page__menu-primary .mdc-list-item__content").all_inner_texts()
    return {label.strip() for label in directory + work}


@pytest.mark.parametrize("username", MENUS)
def test_each_role_logs_in_and_sees_its_menus(log_in, username):
    page = log_in(username)
    expect(page.locator(".vf-page__menu-title")).not_to_be_empty()
    labels = _menu_labels(page)
    shown, hidden = MENUS[username]
    assert set(shown) <= labels
    assert not set(hidden) & labels


def test_a_wrong_password_is_refused_with_a_message(page, site):
    page.goto(f"{site}/")
    page.fill("input[name=username]", "head.khusham")
    page.fill("input[name=password]", "not-the-password")
    page.locator("form.vf-form button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Please enter a correct username and password")
    assert "/accounts/login/" in page.url


def test_switching_to_arabic_gives_a_right_to_left_arabic_page_and_is_remembered(
        log_in, site, demo_password):
    page = log_in("head.khusham")
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    heading = page.locator(".returns-card h1").inner_text()
    assert ARABIC.search(heading), heading
    assert ARABIC.search(page.locator(".vf-page__menu-primary").inner_text())

    # Remembered for the person: a new browser session opens in Arabic after log-in.
    page.context.clear_cookies()
    page.goto(f"{site}/")
    expect(page.locator("html")).not_to_have_attribute("dir", "rtl")
    page.fill("input[name=username]", "head.khusham")
    page.fill("input[name=password]", demo_password)
    page.locator("form.vf-form button[type=submit]").click()
    page.wait_for_url(f"{site}/work/home/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_russian_login_page(page, site):
    page.goto(f"{site}/")
    switch_language(page, "ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("form.vf-form button[type=submit]")).to_contain_text(re.compile("[А-Яа-я]"))


def test_the_arabic_page_uses_our_own_arabic_font(log_in):
    page = log_in("head.khusham")
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    loaded = page.evaluate(
        "async () => (await document.fonts.load('16px \"Noto Sans Arabic\"', 'عربي'))"
        ".map(face => face.family + ' ' + face.status)"
    )
    assert loaded and all(face.endswith("loaded") for face in loaded), loaded
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body_font.startswith('"Noto Sans Arabic"'), body_font
