#!/usr/bin/env bash
# Installs the Debian packages listed in the given files (one a line, # comments), those missing.
# Usage: scripts/install-apt.sh scripts/apt/*.txt
# Idempotent: nothing runs when every package is installed; apt-get update runs at most once.
set -u

packages=()
for list in "$@"; do
  while read -r line; do
    name=${line%%#*}
    name=${name//[[:space:]]/}
    [ -n "$name" ] && packages+=("$name")
  done < "$list"
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

hint="Install them by hand (as root): apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-apt: missing ${missing[*]}, and this is not root on Debian. $hint" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# One apt at a time on a shared machine.
run() { if command -v flock >/dev/null 2>&1; then flock /tmp/apt.lock "$@"; else "$@"; fi; }
if ! run apt-get update -qq || ! run apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "install-apt: could not install ${missing[*]}. $hint" >&2
  exit 1
fi
echo "install-apt: installed ${missing[*]}"
