#!/bin/sh
# Installs the Debian 12 packages Tern needs (packaging/debian-packages.txt,
# or the list file given as the argument) that are not installed yet. Non-interactive; as root directly, otherwise
# through sudo, otherwise it names the command to run and fails.
set -eu
list="${1:-$(dirname "$0")/debian-packages.txt}"
missing=""
for pkg in $(sed -e 's/#.*//' "$list"); do
  if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing="$missing $pkg"
  fi
done
[ -n "$missing" ] || exit 0

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "install-deps: not root and no sudo; as root, run:" >&2
  echo "  apt-get update && apt-get install -y$missing" >&2
  exit 1
fi
# Postfix must not ask questions or configure a system MTA: Tern runs its own
# private instance from a directory of its own.
echo "postfix postfix/main_mailer_type select No configuration" | $as_root debconf-set-selections
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
