"""The demo's Handbook on Repatriation: the sections of handbook_demo.json in three
languages, written by the foreign-affairs official, approved by the JCC and published as
version 1 (so /handbook/ is never empty), and sent to the embassies and the CPs."""

import json
from pathlib import Path

from approvals.models import Organisation, User
from approvals.roles import OrganisationKind

from . import handbook
from .models import HandbookSection, HandbookVersion

CONTENT = Path(__file__).resolve().parent / "handbook_demo.json"


def seed_handbook() -> int:
    if HandbookVersion.objects.exists():
        return 0
    author = User.objects.get(username="mfa.official")
    for position, entry in enumerate(json.loads(CONTENT.read_text())["sections"], start=1):
        section, _created = HandbookSection.objects.get_or_create(
            key=entry["key"], defaults={"position": position})
        for language in handbook.LANGUAGES:
            handbook.save_text(actor=author, section=section, language=language,
                               title=entry[language]["title"], body=entry[language]["body"])
    version = handbook.approve(version=handbook.submit(actor=author),
                               actor=User.objects.get(username="jcc.officer"))
    for organisation in Organisation.objects.filter(
            kind__in=[OrganisationKind.EMBASSY, OrganisationKind.RECEPTION_OFFICE]):
        distribution = handbook.send(actor=author, version=version, recipient=organisation,
                                     language="ar", copies=200)
        if organisation.kind == OrganisationKind.EMBASSY:
            handbook.acknowledge(actor=author, distribution=distribution)
    return version.number
