#!/bin/bash
# The short soak: tests/soak/soak.sh for about a minute (SOAK_SHORT_SECONDS,
# default 60) with a drawn seed, as part of make check; `make soak` runs the
# same for 10 minutes. One test point per end check: exactly once per
# service by pid, no line missing, repeats within the documented bounds,
# archives intact, memory flat, the report written (build/soak-short/;
# build/soak-short-san/ for a run against another build, PERP_BIN).
export SOAK_SECONDS=${SOAK_SHORT_SECONDS:-60}
export SOAK_OUT=${SOAK_OUT:-$(cd "$(dirname "$0")/../.." && pwd)/build/soak-short${PERP_BIN:+-san}}
exec "$(dirname "$0")/../soak/soak.sh" "$@"
