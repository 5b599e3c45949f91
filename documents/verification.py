"""The verdict on a PDF: pyHanko's validation against our own authority.

Valid means: at least one signature; every signature intact, made with a certificate of
our authority that is not revoked, and trusted; no change after a signature beyond form
filling (the later signatures); the last signature covers the whole file; and the same
for every signed decision record embedded in it. poppler's pdfsig is not used: it exits
0 on a digest mismatch and does not flag content appended after the last signature.
"""

from dataclasses import dataclass, field
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from . import pki
from .models import SigningCertificate
from .signing import outside_event_loop

ACCEPTED_CHANGES = (ModificationLevel.NONE, ModificationLevel.FORM_FILLING)


@dataclass
class SignatureVerdict:
    field: str
    signer: str
    signed_at: object
    valid: bool
    certifies: bool
    problems: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    name: str
    signatures: list[SignatureVerdict] = field(default_factory=list)
    embedded: list["Verdict"] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return (not self.problems and bool(self.signatures)
                and all(signature.valid for signature in self.signatures)
                and all(record.valid for record in self.embedded))

    def lines(self, indent: str = "") -> list[str]:
        out = [f"{indent}{self.name}: {_('VALID') if self.valid else _('INVALID')}"]
        out += [f"{indent}  ! {problem}" for problem in self.problems]
        for signature in self.signatures:
            state = _("valid") if signature.valid else _("invalid")
            out.append(f"{indent}  - {signature.field}: {signature.signer}, "
                       f"{signature.signed_at:%Y-%m-%d %H:%M:%S %Z} ({state})"
                       if signature.signed_at else f"{indent}  - {signature.field} ({state})")
            out += [f"{indent}    ! {problem}" for problem in signature.problems]
        for record in self.embedded:
            out += record.lines(indent + "  ")
        return out


def _context() -> ValidationContext:
    ca = pki.authority()
    root = asn1_x509.Certificate.load(ca.x509.public_bytes(Encoding.DER))
    crls = [bytes(ca.crl_der)] if ca.crl_der else []
    return ValidationContext(trust_roots=[root], crls=crls, allow_fetching=False,
                             revocation_mode="soft-fail")


def _embedded_pdfs(reader: PdfFileReader) -> list[tuple[str, bytes]]:
    names = reader.root.get("/Names")
    if names is None or "/EmbeddedFiles" not in names:
        return []
    tree = names["/EmbeddedFiles"]
    flat = list(tree.get("/Names", []))
    for kid in tree.get("/Kids", []):
        flat += list(kid.get_object().get("/Names", []))
    found = []
    for name, spec in zip(flat[::2], flat[1::2], strict=True):
        data = spec.get_object()["/EF"]["/F"].get_object().data
        if data.startswith(b"%PDF-"):
            found.append((str(name), data))
    return found


def verify(data: bytes, name: str = "document", *, context=None, depth: int = 0) -> Verdict:
    verdict = Verdict(name=name)
    context = context or _context()
    revoked = set(SigningCertificate.objects.filter(revoked_at__isnull=False)
                  .values_list("serial", flat=True))
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        verdict.problems.append(_("This is not a readable PDF (%(error)s).") % {"error": error})
        return verdict
    if not signatures:
        verdict.problems.append(_("The file carries no signature."))
    for index, embedded in enumerate(signatures):
        last = index == len(signatures) - 1
        try:
            status = outside_event_loop(lambda sig=embedded: validate_pdf_signature(sig, context))
        except (SignatureValidationError, PdfError, ValueError) as error:
            verdict.signatures.append(SignatureVerdict(
                embedded.field_name, "?", None, False, False, [str(error)]))
            continue
        problems = []
        if not status.intact:
            problems.append(_("The signed content has been changed."))
        if not status.trusted:
            problems.append(_("The signer's certificate is not one of ours, or is revoked."))
        serial = format(status.signing_cert.serial_number, "x")
        if serial in revoked:
            problems.append(_("The signer's certificate has been revoked."))
        if status.modification_level not in ACCEPTED_CHANGES or not status.docmdp_ok:
            problems.append(_("The file was changed after this signature."))
        if last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problems.append(_("The last signature does not cover the whole file."))
        if not status.bottom_line and not problems:
            problems.append(_("The signature does not validate."))
        verdict.signatures.append(SignatureVerdict(
            field=embedded.field_name,
            signer=status.signing_cert.subject.native.get("common_name", "?"),
            signed_at=status.signer_reported_dt, valid=not problems,
            certifies=embedded.sig_object.get("/Reference") is not None and index == 0
            and bool(embedded.docmdp_level), problems=problems))
    if depth == 0:
        verdict.embedded = [verify(content, attachment, context=context, depth=1)
                            for attachment, content in _embedded_pdfs(reader)]
    return verdict
