"""The same 接入码 on a test's village PC and its township PC (as the clerks would type it)."""
from dongan_desk.units import home_unit, villages
from dongan_desk.exchange.access import set_home_access_code, store_access_code

TEST_ACCESS_CODE = "ABCD-EFGH-JKMN-PQRS"


def village_has_code() -> None:
    set_home_access_code(home_unit(), TEST_ACCESS_CODE)


def township_has_codes() -> None:
    for village in villages():
        store_access_code(village, TEST_ACCESS_CODE)
