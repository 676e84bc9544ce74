# Shared by run-bot and run-tests: a virtual environment in .venv with the project installed,
# its runtime dependencies at the versions (and hashes) of requirements.lock — the ones the
# Docker image runs. Re-installs only when pyproject.toml or requirements.lock changed.
VENV="${VENV:-.venv}"

ensure_venv() {
  local extras="$1"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2
    echo "Install it, or point PYTHON at it: PYTHON=python3.12 $0" >&2
    exit 1
  fi
  [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
  local stamp="$VENV/.installed$extras"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --require-hashes -r requirements.lock
    "$VENV/bin/python" -m pip install --quiet -e ".$extras"
    touch "$stamp"
  fi
}
