"""Log-in is required everywhere but the log-in page itself and the language switch."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_PREFIXES = ("accounts/login", "accounts/password_reset", "accounts/reset", "language/",
                   "jsi18n/", "static/", "verify/", "handbook/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
            yield route


PRIVATE_ROUTES = sorted(
    {route.lstrip("^").rstrip("$") for route in _routes(get_resolver().url_patterns)
     if not route.startswith(PUBLIC_PREFIXES) and not route.startswith("admin/")}
)


def test_the_walk_found_the_product_pages():
    assert {"work/home/", "work/queue/", "directory/organisations/"} <= set(PRIVATE_ROUTES)


@pytest.mark.parametrize("route", PRIVATE_ROUTES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db, route):
    response = client.get("/" + route)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_login_page_is_public(client, db):
    assert client.get("/accounts/login/").status_code == 200
