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

# The screen now; a capture that fails (tmux busy on a loaded machine) is retried a few times.
screen() {
    local i
    for ((i = 0; i < 5; i++)); do
        "${T[@]}" capture-pane -t "$S" -p 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# Seconds a wait may take at most. Generous because a loaded 2-core CI machine can stall the
# debug binary for seconds; an idle machine is as fast as before (the screen is polled every
# 50 ms and a wait returns as soon as its text shows). SMOKE_WAIT overrides it.
LIMIT=${SMOKE_WAIT:-60}

# wait_for TEXT [SECONDS]: polls the screen until TEXT shows (bounded).
wait_for() {
    local text=$1 limit=${2:-$LIMIT} i
    for ((i = 0; i < limit * 20; i++)); do
        if screen | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.05
    done
    fail "'$text' did not appear within ${limit}s"
}

# wait_gone TEXT: polls the screen until TEXT is no longer shown (bounded). Used before a key
# that follows Escape: sent together, the two would reach the app as one Alt+key sequence.
# A popup's title says '(Esc closes)'; the screen without it is the popup closed.
wait_gone() {
    local text=$1 i
    for ((i = 0; i < LIMIT * 20; i++)); do
        if ! screen | grep -qF -- "$text"; then
            return 0
        fi
        sleep 0.05
    done
    fail "'$text' was still shown after ${LIMIT}s"
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
wait_gone '(Esc closes)'
"${T[@]}" send-keys -t "$S" '?'
wait_for 'run_pause'
"${T[@]}" send-keys -t "$S" Escape
wait_gone '(Esc closes)'

# Quit: there is unsaved work, so hcsim asks first.
"${T[@]}" send-keys -t "$S" 'q'
wait_for 'unsaved work'
"${T[@]}" send-keys -t "$S" 'y'
wait_for 'hcsim-exit=0'

# The terminal is back: the shell prompt shows, and the pane left the alternate screen.
screen | grep -qF 'hcsim: session seed 42' || fail "the exit message is missing"
alt=$("${T[@]}" display-message -p -t "$S" '#{alternate_on}' 2>/dev/null || true)
[ "$alt" = "0" ] || fail "the alternate screen is still on"
wait_for 'smoke$'
"${T[@]}" send-keys -t "$S" 'echo still-alive' Enter
wait_for 'still-alive'
echo "tmux_smoke: ok"
