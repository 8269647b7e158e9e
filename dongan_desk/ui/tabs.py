"""The tabs of the main window, in order. Listed here explicitly, never discovered."""
from .tab_roster import RosterTab

TABS = (RosterTab,)
