#!/usr/bin/env bash
# Regenerates the checked-in shell completions (completions/) and man pages (man/) from kt's
# clap definitions. tests/it/docs_fresh.rs fails until this has been run after a flag changes.
set -euo pipefail
ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$ROOT"
cargo build --release --quiet
KT="${CARGO_TARGET_DIR:-target}/release/kt"
mkdir -p completions
"$KT" completions bash > completions/kt.bash
"$KT" completions zsh > completions/_kt
"$KT" completions fish > completions/kt.fish
"$KT" completions elvish > completions/kt.elv
"$KT" completions powershell > completions/_kt.ps1
rm -rf man
"$KT" man man
echo "completions/ and man/ regenerated"
