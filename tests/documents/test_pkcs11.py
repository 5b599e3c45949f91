"""A PKCS#11 token (SoftHSM2) holds the issuing service's key instead of a file: the same
signing code path, chosen by settings."""

import os
import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from documents.models import Document, SigningCertificate
from documents.verification import verify

MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.fixture
def token(tmp_path_factory, settings):
    if not (os.path.exists(MODULE) and shutil.which("softhsm2-util")):
        pytest.fail("SoftHSM2 is missing: scripts/install-system-packages.sh installs it")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\n"
                      "objectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(config)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "returns-test",  # noqa: S603, S607
                    "--pin", "1234", "--so-pin", "5678"], check=True, capture_output=True)
    settings.DOCUMENTS_PKCS11 = {"module": MODULE, "token_label": "returns-test",
                                 "user_pin": "1234"}
    yield
    from documents import signing
    for session in signing._pkcs11_sessions.values():
        session.close()
    signing._pkcs11_sessions.clear()


def test_the_service_key_on_a_token_certifies_orders_that_verify(token, approved, demo):
    out = StringIO()
    call_command("issue_certificate", "--service", "--pkcs11-label", "service-key", stdout=out)
    assert "issuing service (token)" in out.getvalue()
    certificate = SigningCertificate.objects.filter(kind="service").latest("issued_at")
    assert certificate.key_store == "pkcs11" and certificate.key_file == ""

    application = approved()
    order = Document.objects.get(application=application, kind="delivery_order")
    with order.file.open("rb") as handle:
        verdict = verify(handle.read())
    assert verdict.valid, verdict.lines()
    assert verdict.signatures[0].signer == "Returns and Reconstruction issuing service (token)"
