#!/usr/bin/env bash
# `make run`: the web server and the background sweep (viewflow timers, deadlines)
# side by side; stopping one (Ctrl-C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
python=.venv/bin/python

$python manage.py sweep --loop &
sweep_pid=$!
trap 'kill $sweep_pid 2>/dev/null || true' EXIT INT TERM
echo "Serving http://127.0.0.1:${PORT}/ (demo password: returns-demo-2026)"
$python manage.py runserver "127.0.0.1:${PORT}"
