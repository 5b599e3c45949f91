"""What is asked for: the material catalogue and sites, supply applications, and
returnee cases. One module per part; this package re-exports them for Django."""

from .catalogue import Material, Site, Unit
from .returnees import (
    CaseEvent,
    CheckpointDay,
    ConsentDeclaration,
    Crossing,
    ForcedReturnReport,
    HouseholdMember,
    IdentityDocument,
    MedicalNote,
    OfficeVisit,
    PersonalDataAccess,
    ReportStep,
    ReturneeCase,
    TownConsent,
)
from .supply import (
    ApplicationLine,
    ApplicationRevision,
    Attachment,
    Shipment,
    ShipmentLine,
    SupplyApplication,
)

__all__ = [
    "ApplicationLine", "ApplicationRevision", "Attachment", "CaseEvent", "CheckpointDay",
    "ConsentDeclaration", "Crossing", "ForcedReturnReport", "HouseholdMember",
    "IdentityDocument", "Material", "MedicalNote", "OfficeVisit", "PersonalDataAccess",
    "ReportStep", "ReturneeCase", "Shipment", "ShipmentLine", "Site", "SupplyApplication",
    "TownConsent", "Unit",
]
