#!/usr/bin/env bash
# Install Debian packages whose commands are missing. Arguments: command:package ...
set -euo pipefail
missing=()
for pair in "$@"; do
  command_name=${pair%%:*}
  package=${pair#*:}
  if [ "$command_name" = pg_ctl ]; then
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=("$package")
  else
    command -v "$command_name" >/dev/null 2>&1 || missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
