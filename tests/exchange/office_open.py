"""Run by the system's python3 (where LibreOffice's ``uno`` module lives, not in the venv):
open each FILE=PASSWORD in a headless LibreOffice Calc and print, as one JSON line each, whether
it opened, its sheet names and the first rows of its first sheets. Used by
tests/exchange/test_package_in_an_office_program.py; the township's Excel/WPS do the same with
the same file format (ECMA-376 Agile encryption).

Usage: python3 office_open.py PROFILE_DIR PORT FILE=PASSWORD ..."""
import json
import subprocess
import sys
import time

import uno  # noqa: F401 - sets up the com.sun.star imports
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main(profile: str, port: str, jobs: list[str]) -> None:
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{profile}",
                               f"--accept=socket,host=localhost,port={port};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(90):
            try:
                ctx = resolver.resolve(f"uno:socket,host=localhost,port={port};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(1)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for job in jobs:
            path, password = job.split("=", 1)
            args = (_prop("Hidden", True), _prop("Password", password))
            try:
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, args)
            except Exception as exc:  # noqa: BLE001 - a wrong password is an IllegalArgumentException
                print(json.dumps({"file": path, "opened": False, "why": type(exc).__name__}), flush=True)
                continue
            if doc is None:
                print(json.dumps({"file": path, "opened": False, "why": "None"}), flush=True)
                continue
            sheets = doc.getSheets()
            names = list(sheets.getElementNames())
            rows = {}
            for name in names[:2] + [n for n in names if n == "人员"]:
                sheet = sheets.getByName(name)
                rows[name] = [[sheet.getCellByPosition(c, r).getString() for c in range(6)] for r in range(3)]
            print(json.dumps({"file": path, "opened": True, "sheets": names, "rows": rows},
                             ensure_ascii=False), flush=True)
            doc.close(True)
        desktop.terminate()
    finally:
        office.kill()
        office.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
