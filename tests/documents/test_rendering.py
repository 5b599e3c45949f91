"""The renderer reads only our own templates and static files, within a time limit."""

import logging

import pytest
from django.template import engines

from documents import rendering


@pytest.fixture
def template(tmp_path, settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    engines._engines = {}
    engines.__dict__.pop("templates", None)

    def write(body):
        (tmp_path / "probe.html").write_text(body)
        return "probe.html"

    yield write
    engines._engines = {}
    engines.__dict__.pop("templates", None)


def test_network_and_file_urls_are_not_fetched_and_are_logged(template, caplog, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the renderer tried to open a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    name = template('<html><body><img src="http://198.51.100.7/x.png">'
                    '<img src="file:///etc/passwd"><p>text</p></body></html>')
    with caplog.at_level(logging.WARNING, logger="returns.documents"):
        pdf = rendering.render_pdf(name, {}, language="en", data={})
    assert pdf.startswith(b"%PDF-")
    refused = [record.getMessage() for record in caplog.records]
    assert any("http://198.51.100.7/x.png" in message for message in refused)
    assert any("file:///etc/passwd" in message for message in refused)


def test_our_static_files_are_served_to_the_renderer(template):
    name = template('<html><body><img src="returns-static:fonts/LICENSE-Noto.txt"></body></html>')
    assert rendering.render_pdf(name, {}, language="en", data={}).startswith(b"%PDF-")


def test_a_render_over_the_time_limit_is_stopped(template, settings):
    settings.DOCUMENTS_RENDER_TIMEOUT = 0.001
    name = template("<html><body>" + "<p>long</p>" * 4000 + "</body></html>")
    with pytest.raises(rendering.RenderError, match="took longer"):
        rendering.render_pdf(name, {}, language="en", data={})
