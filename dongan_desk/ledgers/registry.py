"""The ledgers of the plan, listed explicitly (never discovered), and what the core needs of each."""
from __future__ import annotations

from ..store.models import EXCHANGE_MODELS, ROSTER_MODELS
from .council.models import COUNCIL_MODELS
from .mediation.models import MEDIATION_MODELS
from .pairing.models import PAIRING_MODELS

ALL_MODELS = (*ROSTER_MODELS, *PAIRING_MODELS, *MEDIATION_MODELS, *COUNCIL_MODELS,
              *EXCHANGE_MODELS)
