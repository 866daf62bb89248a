#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (pyodide-build needs it), or explain how to get one.
set -u
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }
candidates=(python3.13 python3.12 python3)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in "$root"/versions/3.13* "$root"/versions/3.12*; do
    [ -x "$v/bin/python" ] && candidates+=("$v/bin/python")
  done
fi
for v in "${HOME:-/root}"/.pyenv/versions/3.13* "${HOME:-/root}"/.pyenv/versions/3.12*; do
  [ -x "$v/bin/python" ] && candidates+=("$v/bin/python")
done
for c in "${candidates[@]}"; do
  if command -v "$c" >/dev/null 2>&1 && ok "$c"; then command -v "$c"; exit 0; fi
done
echo "No Python >= 3.12 found. Install one (for example 'pyenv install 3.13') and run make again." >&2
exit 1
