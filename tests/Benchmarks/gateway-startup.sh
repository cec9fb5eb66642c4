#!/usr/bin/env bash
# Target 6 of issue 8: the gateway's size and its time from process start to the first served response
# (GET /v1/models answering 200), native AOT (net10.0)
# against the JIT (net10.0: the only runtime installed). Usage, from the repository root:
#   tests/Benchmarks/gateway-startup.sh [starts per build, default 7] [output dir, default /tmp/gateway-startup]
# Publishes both builds, then alternates AOT and JIT starts, and prints every time and the medians.
set -euo pipefail

starts="${1:-7}"
out="${2:-/tmp/gateway-startup}"
root="$(cd "$(dirname "$0")/../.." && pwd)"

# SKIP_PUBLISH=1 reuses the builds already in the output folder (to repeat the timing alone).
if [[ "${SKIP_PUBLISH:-}" != 1 ]]; then
  mkdir -p "$out"
  dotnet publish "$root/sample/Gateway/Gateway.csproj" -c Release -o "$out/aot" >"$out.aot.log" 2>&1 \
    || { cat "$out.aot.log"; exit 1; }
  dotnet publish "$root/sample/Gateway/Gateway.csproj" -c Release -p:PublishAot=false -o "$out/jit" >"$out.jit.log" 2>&1 \
    || { cat "$out.jit.log"; exit 1; }
fi

port=$((20000 + RANDOM % 20000))

# A pause of about 0.2 ms without starting a process: a read that times out on a pipe nobody writes to (the script
# holds its write end open, so the read never sees an end of file). It keeps the poll below from spinning a core that
# the starting gateway needs on a small machine.
exec {nap}<> <(:)

# Sets status to the status code of one GET /v1/models, or to "" when nothing listens yet. Bash's own /dev/tcp, so a
# try starts no process: a refused connect on loopback returns at once, and a try costs well under a millisecond.
poll_models() {
  local conn line=""
  status=""
  { exec {conn}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
  # A write to a connection the server has reset would raise SIGPIPE and end the script; let it fail instead.
  trap '' PIPE
  printf 'GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$conn" 2>/dev/null \
    && read -r -t 10 -u "$conn" line || true
  trap - PIPE
  exec {conn}>&-
  if [[ "$line" =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]]; then status="${BASH_REMATCH[1]}"; fi
}

# Milliseconds from the exec of the command to the status line of the first 200 of GET /v1/models, polled every
# ~0.2 ms (microsecond clock: bash's EPOCHREALTIME, read without a process start either).
time_first_response() {
  local start end pid status
  start="${EPOCHREALTIME/[.,]/}"
  Logging__LogLevel__Default=Warning "$@" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 {nap}>&- &
  pid=$!
  while true; do
    poll_models
    if [[ "$status" == 200 ]]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "the gateway exited before answering" >&2; return 1; fi
    read -r -t 0.0002 -u "$nap" || true
  done
  end="${EPOCHREALTIME/[.,]/}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

aot_times=(); jit_times=()
for ((i = 0; i < starts; i++)); do
  aot_times+=("$(time_first_response "$out/aot/ModelRegistry.GatewayHost")")
  jit_times+=("$(time_first_response dotnet "$out/jit/ModelRegistry.GatewayHost.dll")")
done

runtime_dir="$(dirname "$(readlink -f "$(command -v dotnet)")")/shared"
echo "native AOT (net10.0) binary: $(stat -c %s "$out/aot/ModelRegistry.GatewayHost") bytes (debug symbols in a separate .dbg, not shipped)"
echo "JIT (net10.0) publish folder: $(du -sb "$out/jit" | cut -f1) bytes, plus the shared runtime it needs:" \
  "$(du -sbc "$runtime_dir"/Microsoft.NETCore.App/10.* "$runtime_dir"/Microsoft.AspNetCore.App/10.* | tail -1 | cut -f1) bytes"
echo "native AOT ms to first response: ${aot_times[*]} (median $(printf '%s\n' "${aot_times[@]}" | median))"
echo "JIT ms to first response:        ${jit_times[*]} (median $(printf '%s\n' "${jit_times[@]}" | median))"
