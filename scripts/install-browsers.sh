#!/usr/bin/env bash
# Installs the browsers the ground-truth recorder and browser tests drive, from Debian's apt.
# Usage: scripts/install-browsers.sh [chromium] [firefox] [webkit]   (default: all three)
# Idempotent: a browser whose binaries are already present is skipped; apt-get update runs
# at most once, and only when something is missing.
set -u

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(chromium firefox webkit)

# browser -> "binary-check-command|apt packages"
packages_for() {
  case "$1" in
    chromium) echo "chromium fonts-liberation" ;;
    firefox|firefox-esr) echo "firefox-esr fonts-liberation" ;;
    webkit|webkit2gtk|webkitgtk) echo "webkit2gtk-driver xvfb xauth libwebkit2gtk-4.1-0 gstreamer1.0-plugins-base fonts-liberation" ;;
    *) return 1 ;;
  esac
}

minibrowser_path() {
  local p
  for p in /usr/lib/*-linux-gnu/webkit2gtk-4.1/MiniBrowser /usr/lib/*-linux-gnu/webkit2gtk-4.0/MiniBrowser \
           /usr/lib/*-linux-gnu/webkitgtk-6.0/MiniBrowser /usr/libexec/webkit2gtk-4.1/MiniBrowser; do
    [ -x "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

is_installed() {
  case "$1" in
    chromium) [ -x /usr/bin/chromium ] ;;
    firefox|firefox-esr) [ -x /usr/bin/firefox-esr ] ;;
    webkit|webkit2gtk|webkitgtk)
      command -v WebKitWebDriver >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1 \
        && command -v xvfb-run >/dev/null 2>&1 && minibrowser_path >/dev/null ;;
  esac
}

missing=()
for b in "${want[@]}"; do
  if ! packages_for "$b" >/dev/null; then
    echo "install-browsers: unknown browser '$b' (use chromium, firefox or webkit)" >&2
    exit 2
  fi
  if is_installed "$b"; then
    echo "install-browsers: $b already installed"
  else
    missing+=("$b")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

hint() {
  local b=$1
  echo "install-browsers: could not install $b. Install by hand (as root):" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(packages_for "$b")" >&2
}

if [ "$(id -u)" -ne 0 ]; then
  echo "install-browsers: not running as root, cannot apt-get install." >&2
  for b in "${missing[@]}"; do hint "$b"; done
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browsers: apt-get not found (this script supports Debian/Ubuntu only)." >&2
  for b in "${missing[@]}"; do hint "$b"; done
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq; then
  echo "install-browsers: apt-get update failed." >&2
  for b in "${missing[@]}"; do hint "$b"; done
  exit 1
fi

failed=()
for b in "${missing[@]}"; do
  # shellcheck disable=SC2046
  if apt-get install -y -qq --no-install-recommends $(packages_for "$b") && is_installed "$b"; then
    echo "install-browsers: installed $b"
  else
    failed+=("$b")
    hint "$b"
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "install-browsers: failed: ${failed[*]}" >&2; exit 1; }
if minibrowser_path >/dev/null; then echo "install-browsers: MiniBrowser at $(minibrowser_path)"; fi
exit 0
