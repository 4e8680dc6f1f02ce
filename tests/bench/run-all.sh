#!/usr/bin/env bash
# make bench: every benchmark, each side by side with its peer (fetchmail, msmtp, mbsync, notmuch, neomutt).
# Reports go to build/bench/.
set -euo pipefail
cd "$(dirname "$0")"
packaging=../../packaging
"$packaging/install-deps.sh" "$packaging/bench-packages.txt"
./pop3_smtp/run.sh "$@"
./imap_sync/run.sh
./mime/run.sh
./crypto/run.sh
./search/run.sh
./gui/run.sh
