"""The 报送包 opens in an office program with the 接入码 as its password, as the clerk types it,
and not without (msoffcrypto-tool's encryption is marked experimental: this is the check by a
program other than the one that wrote it). LibreOffice Calc stands in for Excel/WPS; the test
is skipped where LibreOffice and its python3-uno are not installed."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dongan_desk.exchange.package import export_package
from dongan_desk.units import home_unit
from tests.access_helpers import TEST_ACCESS_CODE

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).with_name("office_open.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def _office_available() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _office_available(), reason="LibreOffice with python3-uno is not installed")
def test_the_package_opens_in_libreoffice_calc_with_the_code_and_not_without(village_pc, stick, tmp_path):
    with village_pc.open():
        path = export_package(home_unit(), stick).path
    copy = tmp_path / "package.xlsx"  # a plain ASCII path for the office program's URL
    shutil.copy(path, copy)
    done = subprocess.run([SYSTEM_PYTHON, str(SCRIPT), str(tmp_path / "profile"), "2093",
                           f"{copy}={TEST_ACCESS_CODE}", f"{copy}={TEST_ACCESS_CODE.replace('-', '')}",
                           f"{copy}=WXYZ-2345-6789-KMNP"],
                          capture_output=True, text=True, timeout=240)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(results) == 3, done.stdout + done.stderr
    opened, undashed, wrong = results
    assert opened["opened"], opened
    assert opened["sheets"][0] == "说明" and "人员" in opened["sheets"]
    info = dict((row[0], row[1]) for row in opened["rows"]["说明"])
    assert info["文件类型"] == "东安台账报送包" and info["单位代码"] == "500229115001"
    assert opened["rows"]["人员"][0][0] == "唯一标识"
    assert not undashed["opened"] and not wrong["opened"]
