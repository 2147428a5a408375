#!/usr/bin/env bash
# Side-by-side download timings: `gomod download` against `go mod download` on the download set of
# shared/bench/WORKLOADS.md (300 small modules; the `large` module), served by a neutral static file
# server (python3 -m http.server) on 127.0.0.1, GOSUMDB=off, a fresh GOMODCACHE for every run.
#
# Needs the .NET SDK, go and python3. Environment:
#   ROOT        where the generated proxy lives (default /tmp/gomodules-bench; generated on first use)
#   ITERATIONS  timed runs per tool and set, interleaved go/gomod (default 5)
#   SETS        comma-separated subset of small300,large (default both)
#   READY_TO_RUN 1 (default): also time gomod published ReadyToRun (framework-dependent) next to the
#               JIT build; 0: the JIT build only
# Each run is a whole process (start-up included), timed with /usr/bin/time (wall seconds, peak RSS).
# Every run gets a cache of its own; all are deleted when the script ends (about 3 GB with the defaults).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ROOT="${ROOT:-/tmp/gomodules-bench}"
ITERATIONS="${ITERATIONS:-5}"
SETS="${SETS:-small300,large}"

command -v go >/dev/null || { echo "go is not installed (apt-get install golang-go)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building GoModules.Benchmarks and gomod (Release; gomod also published ReadyToRun) ..." >&2
dotnet build -c Release "$repo/benchmarks/GoModules.Benchmarks" -v quiet -nologo >/dev/null
dotnet build -c Release "$repo/src/GoModules.Cli" -v quiet -nologo >/dev/null
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="" ;; esac
bench="$repo/benchmarks/GoModules.Benchmarks/bin/Release/net10.0/GoModules.Benchmarks.dll"
gomod_jit="$repo/src/GoModules.Cli/bin/Release/net10.0/gomod.dll"
gomod="$gomod_jit"
if [ -n "$rid" ] && [ "${READY_TO_RUN:-1}" = 1 ]; then
  # The same build compiled ahead of time (framework-dependent, ReadyToRun): what takes start-up JIT
  # out of a short-lived process. Both variants are timed.
  dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true "$repo/src/GoModules.Cli" -o "$work/gomod-r2r" -v quiet -nologo >/dev/null
  gomod="$work/gomod-r2r/gomod.dll"
fi

echo "generating the download set in $ROOT (skipped when up to date) ..." >&2
proxy="$(dotnet "$bench" download-generate --root "$ROOT" | tail -1)"

# Port 0: the server picks a free port and says which on its first line.
python3 -u -m http.server --bind 127.0.0.1 0 --directory "$proxy" >"$work/server.log" 2>&1 &
server=$!
PORT=""
for _ in $(seq 1 100); do
  PORT="$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$work/server.log" | head -1)"
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "the static server did not start" >&2; exit 1; }
curl -fs "http://127.0.0.1:$PORT/example.com/bench/@v/list" >/dev/null || { echo "the static server does not serve the proxy" >&2; exit 1; }

args_for() {
  case "$1" in
    small300) for i in $(seq -f '%03g' 0 299); do printf 'example.com/dep/m%s@v1.0.0 ' "$i"; done ;;
    large) printf 'example.com/bench@v1.0.0' ;;
  esac
}

mkdir -p "$work/outside" "$work/gopath"
run_one() { # tool set index -> "seconds peakKiB"
  local tool=$1 set=$2 n=$3 cache="$work/cache-$1-$2-$3"
  local env=(env GOMODCACHE="$cache" GOPATH="$work/gopath" GOPROXY="http://127.0.0.1:$PORT" GOSUMDB=off GOFLAGS= GONOSUMDB= GOPRIVATE= GONOPROXY= GOENV=off GOTOOLCHAIN=local)
  local cmd
  case "$tool" in
    go) cmd=(go mod download) ;;
    gomod) cmd=(dotnet "$gomod" download) ;;
    gomod-jit) cmd=(dotnet "$gomod_jit" download) ;;
  esac
  # shellcheck disable=SC2046
  (cd "$work/outside" && /usr/bin/time -f '%e %M' -o "$work/time" "${env[@]}" "${cmd[@]}" $(args_for "$set") >/dev/null 2>"$work/err") || { cat "$work/err" >&2; exit 1; }
  cat "$work/time"
  # The caches stay until the script ends: deleting thousands of files right before the next run would
  # make that run's file creation pay for ext4's scan of recently deleted inodes (without a journal,
  # recently_deleted() in the inode allocator), measuring the harness rather than the tools.
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(go version | awk '{print $3}'); dotnet $(dotnet --version)"
printf '%-9s %-10s %12s %12s %10s %12s %10s\n' set gomod "gomod (s)" "go (s)" "go/gomod" "gomod MiB" "go MiB"
IFS=, read -ra sets <<<"$SETS"
variants=(gomod)
[ "$gomod" != "$gomod_jit" ] && variants+=(gomod-jit)
for set in "${sets[@]}"; do
  # One untimed run of each warms the page cache and the server.
  for t in go "${variants[@]}"; do run_one "$t" "$set" w >/dev/null; : >"$work/$t.t"; done
  for n in $(seq 1 "$ITERATIONS"); do
    for t in go "${variants[@]}"; do run_one "$t" "$set" "$n" >>"$work/$t.t"; done
  done
  go_s=$(cut -d' ' -f1 "$work/go.t" | median); go_m=$(cut -d' ' -f2 "$work/go.t" | median)
  for t in "${variants[@]}"; do
    gm_s=$(cut -d' ' -f1 "$work/$t.t" | median); gm_m=$(cut -d' ' -f2 "$work/$t.t" | median)
    label=$([ "$t" = gomod ] && [ "$gomod" != "$gomod_jit" ] && echo ReadyToRun || echo JIT)
    printf '%-9s %-10s %12s %12s %10.2f %12.0f %10.0f\n' "$set" "$label" "$gm_s" "$go_s" "$(echo "$go_s / $gm_s" | bc -l)" "$(echo "$gm_m / 1024" | bc -l)" "$(echo "$go_m / 1024" | bc -l)"
  done
  echo "  runs go: $(cut -d' ' -f1 "$work/go.t" | tr '\n' ' ')"
  for t in "${variants[@]}"; do echo "  runs $t: $(cut -d' ' -f1 "$work/$t.t" | tr '\n' ' ')"; done
done
