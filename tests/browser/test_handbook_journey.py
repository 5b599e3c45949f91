"""The handbook as its people meet it: the foreign-affairs official edits a section and
sends the draft; the JCC comments, returns, then approves; the public page shows the new
version with the old one superseded."""

import pytest
from playwright.sync_api import expect

from documents.models import HandbookSection

pytestmark = pytest.mark.browser


def test_edit_review_publish_and_the_public_page(browser_as, page, site):
    section = HandbookSection.objects.order_by("position").first()
    author = browser_as("mfa.official")
    author.goto(f"{site}/directory/handbook/{section.pk}/en/")
    body = author.locator("textarea[name=body]")
    body.fill(body.input_value() + "\n\nAsk at the embassy for the latest version.")
    author.locator("form.returns-form button[type=submit]").click()
    expect(author.locator(f"tr[data-section='{section.key}'] .returns-attention")).to_contain_text(
        "changed only in")
    author.locator("button[value=submit]").click()
    expect(author.locator(".returns-handbook-open")).to_contain_text("In review")

    reviewer = browser_as("jcc.officer")
    reviewer.goto(f"{site}/directory/handbook/")
    reviewer.fill(".returns-comment input[name=text]", "Add the same sentence in Arabic.")
    reviewer.locator(".returns-comment button").click()
    reviewer.locator("button[value=return]").click()
    expect(reviewer.locator(".returns-handbook-open")).to_contain_text("Returned")

    author.goto(f"{site}/directory/handbook/{section.pk}/ar/")
    body = author.locator("textarea[name=body]")
    body.fill(body.input_value() + "\n\nاسأل في السفارة عن أحدث نسخة.")
    author.locator("form.returns-form button[type=submit]").click()
    author.locator("button[value=submit]").click()
    expect(author.locator(".returns-handbook-open")).to_contain_text("In review")

    reviewer.goto(f"{site}/directory/handbook/")
    reviewer.locator("button[value=approve]").click()
    expect(reviewer.locator(".returns-messages")).to_contain_text("Version 2 is published")

    page.goto(f"{site}/handbook/")  # no log-in
    expect(page.locator("h2").first).to_contain_text("Version 2")
    expect(page.locator("h2.returns-handbook-superseded")).to_contain_text("Version 1")
    expect(page.locator("a", has_text="Download")).to_have_count(6)
