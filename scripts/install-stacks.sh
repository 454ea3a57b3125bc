#!/usr/bin/env bash
# Installs, from Debian's apt, the frameworks and servers the stack proofs (test/stacks) run:
# Flask + flask-cors, Django + django-cors-headers, FastAPI + uvicorn, Rack + rack-cors + WEBrick,
# Rails (railties, actionpack), Go + rs/cors, nginx, Apache and Caddy. The npm ones (Express, Fastify,
# Hono, Koa, NestJS, Next.js) are devDependencies. The audit's real-server suite (test/audit/real)
# uses Flask + flask-cors and nginx from this list, and openssl for its attacker pages' certificate.
# Idempotent: packages already installed are skipped; apt-get update runs at most once, and only
# when something is missing. Services are not started (nor left running) by the install.
set -u

packages=(
  python3-flask python3-flask-cors
  python3-django python3-django-cors-headers
  python3-fastapi python3-uvicorn
  ruby ruby-rack ruby-rack-cors ruby-webrick ruby-railties ruby-actionpack
  golang-go golang-github-rs-cors-dev
  nginx apache2 caddy
  openssl
)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-stacks: all ${#packages[@]} packages already installed"
  exit 0
fi

hint() {
  echo "install-stacks: install by hand (as root):" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
}

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-stacks: missing ${missing[*]}, and cannot apt-get install (needs root on Debian/Ubuntu)." >&2
  hint
  exit 1
fi

# nginx and apache2 would start on port 80 when installed (and fail where it is taken): a
# policy-rc.d that answers 101 keeps every service from starting during this install.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
fi
cleanup() { [ "$own_policy" -eq 1 ] && rm -f "$policy"; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
echo "install-stacks: installing ${missing[*]}"
if ! apt-get update -qq; then
  echo "install-stacks: apt-get update failed." >&2
  hint
  exit 1
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "install-stacks: apt-get install failed." >&2
  hint
  exit 1
fi
for p in "${missing[@]}"; do
  installed "$p" || { echo "install-stacks: $p is still not installed." >&2; hint; exit 1; }
done
echo "install-stacks: installed ${missing[*]}"
exit 0
