#!/usr/bin/env bash
# Crypto benchmark (issue #6, point 7): 1,000 messages of 20 KB signed and
# encrypted, then decrypted and verified, by Tern and by gpg, in a throw-away
# GnuPG home holding alice's and bob's keys. Report: build/bench/crypto.txt.
# Usage: run.sh [BUILD_DIR] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
n=${2:-1000}
home=$(mktemp -d /tmp/tern-bench-gpg-XXXXXX)
trap 'gpgconf --homedir "$home" --kill all; rm -rf "$home"' EXIT
chmod 700 "$home"
for who in "Alice <alice@example.test>" "Bob <bob@example.test>"; do
  gpg --homedir "$home" --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "$who" default default never 2>/dev/null
done
mkdir -p "$build/bench"
GNUPGHOME=$home "$build/bin/tern-bench-crypto" "$n" | tee "$build/bench/crypto.txt"
