"""The tabs of the main window, in order. Listed here explicitly, never discovered."""
from .tab_roster import RosterTab
from .tab_pairing import PairingTab
from .tab_council import CouncilTab
from .tab_mediation import MediationTab

TABS = (RosterTab, PairingTab, CouncilTab, MediationTab,)
