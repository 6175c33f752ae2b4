#!/bin/sh
# run.sh: what `make bench` runs: every benchmark in bench/.
set -e
cd "$(dirname "$0")"
./loggers.sh
