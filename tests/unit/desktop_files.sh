#!/bin/sh
# The desktop files as a software centre and a desktop read them: the .desktop
# file through desktop-file-validate, the AppStream metainfo through
# appstreamcli validate (no network), then both as `cmake --install` lays them
# out, with the icon, through appstreamcli validate-tree.
# Usage: desktop_files.sh SOURCE_DIR BUILD_DIR. Any error or warning fails.
set -u
src="$1"
build="$2"
fail=0

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "FAIL: $1 is missing (Debian package $2, listed in packaging/debian-packages.txt)"
  exit 1
}
need desktop-file-validate desktop-file-utils
need appstreamcli appstream

# check NAME COMMAND…: runs it; a non-zero exit, or an error or warning printed, fails.
check() {
  name="$1"
  shift
  out=$("$@" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  if [ $rc -ne 0 ] || printf '%s\n' "$out" | grep -Eq '(^|: )(error|warning):|^[EW]: '; then
    echo "FAIL: $name (exit $rc)"
    fail=1
  else
    echo "PASS: $name"
  fi
}

check "desktop-file-validate" desktop-file-validate "$src/packaging/org.tern.Tern.desktop"
check "appstreamcli validate" appstreamcli validate --no-net --no-color "$src/packaging/org.tern.Tern.metainfo.xml"

grep -q '^MimeType=.*x-scheme-handler/mailto;' "$src/packaging/org.tern.Tern.desktop" ||
  { echo "FAIL: the .desktop file is not the mailto: handler"; fail=1; }
grep -q '^Exec=tern %U$' "$src/packaging/org.tern.Tern.desktop" ||
  { echo "FAIL: the .desktop file does not pass the URL to tern"; fail=1; }

# The installed layout: metainfo, launcher and icon found where a desktop looks.
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
if cmake --install "$build" --component desktop --prefix "$tree/usr" >"$tree/install.log" 2>&1; then
  for f in share/applications/org.tern.Tern.desktop share/metainfo/org.tern.Tern.metainfo.xml \
           share/icons/hicolor/scalable/apps/org.tern.Tern.svg share/icons/hicolor/48x48/apps/org.tern.Tern.png \
           share/icons/hicolor/256x256/apps/org.tern.Tern.png; do
    [ -f "$tree/usr/$f" ] || { echo "FAIL: not installed: $f"; fail=1; }
  done
  check "appstreamcli validate-tree" appstreamcli validate-tree --no-net --no-color "$tree"
else
  cat "$tree/install.log"
  echo "FAIL: cmake --install --component desktop"
  fail=1
fi
exit $fail
