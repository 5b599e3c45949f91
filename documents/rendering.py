"""HTML to PDF/A-3b with weasyprint, safely.

- The renderer reads only our own static files (the `returns-static:` scheme); anything
  else a template names (http, file://...) is refused and logged.
- A render has a time limit.
- weasyprint reports problems only through its logger: they go to our log.
- The document's canonical data is embedded as a JSON attachment (relationship Data).
"""

import concurrent.futures
import json
import logging
import mimetypes
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("returns.documents")
SCHEME = "returns-static:"
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="render")


class RenderError(Exception):
    pass


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if not url.startswith(SCHEME):
            logger.warning("document render refused to fetch %s", url[:200])
            raise ValueError("Only the product's own static files can be used in documents.")
        path = finders.find(url[len(SCHEME):].lstrip("/"))
        if path is None:
            raise ValueError(f"No such static file: {url}")
        with open(path, "rb") as handle:
            body = handle.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def canonical_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str).encode()


def render_pdf(template: str, context: dict, *, language: str, data: dict,
               attachments: list[tuple[str, bytes, str]] = ()) -> bytes:
    """Render `template` in `language` to PDF/A-3b with `data` (and `attachments`:
    name, bytes, description) embedded."""
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language,
                                           "LANGUAGE_BIDI": translation.get_language_bidi()})

    future = _pool.submit(write_pdf, html, canonical_json(data), attachments)
    try:
        pdf = future.result(timeout=settings.DOCUMENTS_RENDER_TIMEOUT)
    except concurrent.futures.TimeoutError as error:
        raise RenderError(f"Rendering {template} took longer than "
                          f"{settings.DOCUMENTS_RENDER_TIMEOUT} s") from error
    return pdf


def write_pdf(html: str, data: bytes, attachments=()) -> bytes:
    """weasyprint's part: HTML to PDF/A-3b with the canonical data attached (a plain
    function of strings and bytes, so that it can run in another process).

    weasyprint writes uncompressed and qpdf compresses: measured on a 28-page handbook,
    weasyprint's own compression costs 0.65 s, qpdf's 0.12 s for the same size."""
    fetcher = StaticOnlyFetcher()
    files = [Attachment(string=data, name="data.json", description="Canonical data",
                        relationship="Data", url_fetcher=fetcher)]
    files += [Attachment(string=content, name=name, description=description,
                         relationship="Source", url_fetcher=fetcher)
              for name, content, description in attachments]
    raw = HTML(string=html, base_url=SCHEME, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/a-3b", attachments=files, uncompressed_pdf=True,
        custom_metadata=False, finisher=_drop_info_producer,
    )
    return _compress(raw)


def _compress(pdf: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed program on our own file
            ["qpdf", "--compress-streams=y", "--recompress-flate", "--compression-level=6",  # noqa: S607
             "--object-streams=preserve", str(source), str(target)],
            capture_output=True, text=True, timeout=60)
        if result.returncode not in (0, 3) or not target.exists():
            raise RenderError(f"qpdf could not compress the document: {result.stderr[:300]}")
        return target.read_bytes()


def _drop_info_producer(document, pdf) -> None:
    """After signing, the Info Producer and the XMP producer would disagree (a PDF/A
    fault): the Info dictionary's Producer goes (a weasyprint finisher)."""
    pdf.info.pop("Producer", None)
