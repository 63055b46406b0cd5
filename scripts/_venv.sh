# Sourced by serve.sh and test.sh: a virtualenv in .venv with the pinned dependencies.
# Re-installs only when pyproject.toml changed since the last install.
PY=${PYTHON:-python3}
EXTRA=${1:-}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed${EXTRA:+-$EXTRA}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${EXTRA:+[$EXTRA]}"
  touch "$stamp"
fi
export NO_MKDOCS_2_WARNING=1
