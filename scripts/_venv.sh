# Sourced by serve.sh and test.sh: `venv_setup [EXTRA]` makes .venv with the pinned dependencies
# (and the optional extra, e.g. `test`). Re-installs only when pyproject.toml changed since the
# last install or the extra was not installed yet; an install with the extra serves without it.
venv_setup() {
  local extra="${1:-}" py="${PYTHON:-python3}" stamp=".venv/.installed"
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  if [ -f "$stamp" ] && [ ! pyproject.toml -nt "$stamp" ] && { [ -z "$extra" ] || grep -qx "$extra" "$stamp"; }; then
    return 0
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra:+[$extra]}"
  # The stamp lists the extras installed with this pyproject.toml ("" = the base install).
  { [ -f "$stamp" ] && [ ! pyproject.toml -nt "$stamp" ] && cat "$stamp"; echo "$extra"; } | sort -u > "$stamp.new"
  mv "$stamp.new" "$stamp"
}
export NO_MKDOCS_2_WARNING=1
