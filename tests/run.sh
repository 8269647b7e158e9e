#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian/Ubuntu machine, then runs them under Xvfb.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)
command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q . || need+=(fonts-wqy-microhei fontconfig)
python3 -c "import tkinter" >/dev/null 2>&1 || need+=(python3-tk)
python3 -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# PyInstaller (tests/test_build.py) needs objdump, and Python's shared library (Debian ships it apart).
command -v objdump >/dev/null 2>&1 || need+=(binutils)
python3 -c 'import sysconfig as s, pathlib, sys; n = s.get_config_var("INSTSONAME") or "-"; d = s.get_config_var("LIBDIR") or ""
sys.exit(not any(pathlib.Path(d, m, n).exists() for m in ("", s.get_config_var("MULTIARCH") or "")))' \
  || need+=("libpython$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')")
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
# The office screen the window must fit (issue 12): the UI tests check every tab at 1366×768.
exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m pytest "$@"
