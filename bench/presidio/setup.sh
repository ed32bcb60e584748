#!/usr/bin/env bash
# make bench PRESIDIO=1: Microsoft Presidio in a virtualenv from PyPI, cached
# under ~/.cache/phi-guard/presidio-venv and keyed on the pinned versions
# (a second run skips it). No spaCy model is downloaded: run.py gives
# Presidio a blank English pipeline (tokenizer only), see run.py.
set -euo pipefail
CACHE="${PHI_GUARD_CACHE:-$HOME/.cache/phi-guard}"
VENV="$CACHE/presidio-venv"
PINS="presidio-analyzer==2.2.366 spacy==3.8.18"
stamp="$VENV/.phi-guard-pins"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$PINS" ]; then exit 0; fi
echo "[bench] creating $VENV ($PINS)" >&2
rm -rf "$VENV"
python3 -m venv "$VENV"
# shellcheck disable=SC2086
"$VENV/bin/pip" install -q $PINS >&2
echo "$PINS" > "$stamp"
