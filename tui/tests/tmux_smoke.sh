#!/usr/bin/env bash
# Smoke test of the real `hcsim` binary in a real terminal (tmux): type commands, read the
# screen, quit through the confirmation, and check the terminal was given back.
# Usage: tui/tests/tmux_smoke.sh path/to/hcsim
set -euo pipefail

BIN=${1:?usage: tmux_smoke.sh path/to/hcsim}
[ -x "$BIN" ] || { echo "tmux_smoke: $BIN is not an executable" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux_smoke: tmux is not installed" >&2; exit 2; }

S="hcsim-smoke-$$"
# A private tmux server: never touches the user's sessions.
T=(tmux -L "$S" -f /dev/null)
cleanup() { "${T[@]}" kill-server 2>/dev/null || true; }
trap cleanup EXIT

fail() {
    echo "tmux_smoke: FAIL: $*" >&2
    echo "----- screen -----" >&2
    "${T[@]}" capture-pane -t "$S" -p >&2 2>/dev/null || true
    exit 1
}

# wait_for TEXT [SECONDS]: polls the screen until TEXT shows (bounded).
wait_for() {
    local text=$1 limit=${2:-10} i
    for ((i = 0; i < limit * 20; i++)); do
        if "${T[@]}" capture-pane -t "$S" -p 2>/dev/null | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.05
    done
    fail "'$text' did not appear within ${limit}s"
}

# A shell in the pane, so that after hcsim exits we can see the terminal is usable again.
"${T[@]}" new-session -d -s "$S" -x 120 -y 40 "env -i PATH=$PATH HOME=${HOME:-/tmp} TERM=xterm-256color PS1='smoke\$ ' bash --norc --noprofile"
"${T[@]}" set-option -t "$S" remain-on-exit on >/dev/null
wait_for 'smoke$'
"${T[@]}" send-keys -t "$S" "$BIN --seed 42; echo hcsim-exit=\$?" Enter
wait_for 'seed 42'
wait_for 'Training (11111111'

"${T[@]}" send-keys -t "$S" ':' 'az group create -n rg1 -l eastus' Enter
wait_for 'rg1  ✓ Succeeded'
"${T[@]}" send-keys -t "$S" ':' 'az healthcareapis workspace create -n ws1 -g rg1 --no-wait' Enter
wait_for 'ws1  … Creating'
# `.` jumps to the next scheduled completion: the workspace is provisioned.
"${T[@]}" send-keys -t "$S" '.'
wait_for 'ws1  ✓ Succeeded'
# A broken rule pops up, explained.
"${T[@]}" send-keys -t "$S" ':' 'az healthcareapis workspace fhir-service create -n f1 --workspace-name nows -g rg1' Enter
wait_for 'Fix:'
"${T[@]}" send-keys -t "$S" Escape
"${T[@]}" send-keys -t "$S" '?'
wait_for 'run_pause'
"${T[@]}" send-keys -t "$S" Escape

# Quit: there is unsaved work, so hcsim asks first.
"${T[@]}" send-keys -t "$S" 'q'
wait_for 'unsaved work'
"${T[@]}" send-keys -t "$S" 'y'
wait_for 'hcsim-exit=0'

# The terminal is back: the shell prompt shows, and the pane left the alternate screen.
"${T[@]}" capture-pane -t "$S" -p | grep -q 'hcsim: session seed 42' || fail "the exit message is missing"
alt=$("${T[@]}" display-message -p -t "$S" '#{alternate_on}')
[ "$alt" = "0" ] || fail "the alternate screen is still on"
"${T[@]}" send-keys -t "$S" 'echo still-alive' Enter
wait_for 'still-alive' 5
echo "tmux_smoke: ok"
