"""The core's peewee models: the base, the unit and its settings, the people register every
ledger links to (grids, households, residents, their categories), and the export/import logs.

Each ledger's own models live in its folder (``ledgers/<ledger>/models.py``); the full list of
record types, ``ALL_MODELS``, is assembled by ``ledgers/registry.py``."""
from .base import BaseModel, new_uid, now
from .roster import (CATEGORY_GROUPS, GRID_LEVELS, GRID_ROLES, NAME_MAX, RELATIONS, ROSTER_MODELS,
                     TEXT_MAX, UNIT_KINDS, Category, Grid, GridMember, Household, Resident,
                     ResidentCategory, Setting, Unit)
from .exchange_log import EXCHANGE_MODELS, AccessCode, ExportRecord, ImportRecord, LocalValue
from .accounts import ACCOUNT_MODELS, ACTION_LABELS, AUDIT_ACTIONS, Account, AuditEntry
