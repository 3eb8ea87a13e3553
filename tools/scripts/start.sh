#!/usr/bin/env bash
# The README's run command (npm start): installs what is missing, starts the infrastructure and
# the five services on the local defaults, loads the demo data and prints the URL and logins.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
prepare
exec node tools/infra/dist/run-system.js
