"""All peewee models. ``ALL_MODELS`` is every record type the program keeps, in dependency order;
the 报送包 and the migrations read it, so a new model must be added here."""
from .base import BaseModel, new_uid, now
from .roster import (
    CATEGORY_GROUPS,
    GRID_LEVELS,
    GRID_ROLES,
    NAME_MAX,
    RELATIONS,
    ROSTER_MODELS,
    TEXT_MAX,
    UNIT_KINDS,
    Category,
    Grid,
    GridMember,
    Household,
    Resident,
    ResidentCategory,
    Setting,
    Unit,
)
from .pairing import END_REASONS, MOODS, PAIRING_MODELS, VISIT_WAYS, Pairing, PartyMemberProfile, Visit
from .mediation import (
    MEDIATION_MODELS,
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    MediationStep,
)
from .council import (
    CEREMONY_KINDS,
    COUNCIL_MODELS,
    COUNCIL_ROLES,
    COUNCIL_TEXT_KINDS,
    MEETING_KINDS,
    OUTCOMES,
    CeremonyFiling,
    Council,
    CouncilMeeting,
    CouncilMember,
    CouncilText,
    Emcee,
    EmceeTraining,
)

from .exchange_log import EXCHANGE_MODELS, AccessCode, ExportRecord, ImportRecord, LocalValue

ALL_MODELS = (*ROSTER_MODELS, *PAIRING_MODELS, *MEDIATION_MODELS, *COUNCIL_MODELS,
              *EXCHANGE_MODELS)
