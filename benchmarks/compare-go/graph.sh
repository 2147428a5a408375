#!/usr/bin/env bash
# Build list of a large module graph: native-AOT `gomod list -m all` against `go list -m all`, both on the same
# module cache with GOPROXY=off (issue 17, "Measured").
#
# 1. Generates a graph deterministically (`GoModules.Benchmarks generate-graph`): MODULES modules with 2-5
#    versions each, random requirements (cycles included), half of the go.mod files `go 1.16` (unpruned) and half
#    `go 1.21.0` (pruned), as a file:// GOPROXY directory, plus a go 1.21.0 main module requiring ROOTS of them.
# 2. Fills one GOMODCACHE with every go.mod the build list needs by running go once against that proxy.
# 3. Times, alternating, each tool as a whole process (start-up included): wall milliseconds (bash's EPOCHREALTIME)
#    and peak RSS (/usr/bin/time %M); WARMUP untimed runs each, then RUNS timed runs each; prints
#    medians, the go/gomod ratio and the highest peak RSS. Both outputs must be byte-identical, or the script fails.
#
# Needs the .NET SDK (and clang for PublishAot), go and /usr/bin/time. Environment:
#   GO       the go binary (default: the newest go; see go-select.sh)
#   ROOT     work directory (default: a temporary directory, deleted at the end)
#   MODULES  modules generated (default 650)      ROOTS   main-module requirements (default 40)
#   SEED     generator seed (default 17)          WARMUP / RUNS   runs per tool (default 5 / 20)
#   GOMOD    an already published gomod to use instead of publishing one
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
MODULES="${MODULES:-650}"
ROOTS="${ROOTS:-40}"
SEED="${SEED:-17}"
WARMUP="${WARMUP:-5}"
RUNS="${RUNS:-20}"

# shellcheck source=go-select.sh
. "$here/go-select.sh"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

own_root=""
if [ -z "${ROOT:-}" ]; then ROOT="$(mktemp -d)"; own_root=1; fi
cleanup() { if [ -n "$own_root" ]; then chmod -R u+w "$ROOT" 2>/dev/null || true; rm -rf "$ROOT"; fi; }
trap cleanup EXIT
mkdir -p "$ROOT"

# gomod: the same sources compiled to one native executable, as go itself is.
if [ -z "${GOMOD:-}" ]; then
  case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) echo "no native build for $(uname -m)" >&2; exit 1 ;; esac
  echo "publishing gomod (PublishAot) ..." >&2
  dotnet publish "$repo/src/GoModules.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$ROOT/gomod-aot" -v quiet -nologo >/dev/null
  GOMOD="$ROOT/gomod-aot/gomod"
fi

echo "generating the graph in $ROOT ..." >&2
dotnet build -c Release "$repo/benchmarks/GoModules.Benchmarks" -v quiet -nologo >/dev/null
dotnet "$repo/benchmarks/GoModules.Benchmarks/bin/Release/net10.0/GoModules.Benchmarks.dll" generate-graph \
  --root "$ROOT" --modules "$MODULES" --roots "$ROOTS" --seed "$SEED" | head -1 >&2

# One hermetic environment for both tools: its own GOPATH, GOCACHE and GOMODCACHE, no network, no checksum
# database, no toolchain switch, and no go.mod rewriting surprises (-mod=mod lets go add go.sum lines in step 2).
export GOPATH="$ROOT/gopath" GOCACHE="$ROOT/gocache" GOMODCACHE="$ROOT/gopath/pkg/mod"
export GOFLAGS=-mod=mod GOSUMDB=off GONOSUMDB='*' GOTOOLCHAIN=local GOENV=off GOWORK=off
export GONOPROXY= GOPRIVATE= GOINSECURE=

echo "filling the module cache with go ($("$GO" env GOVERSION)) ..." >&2
(cd "$ROOT/main" && GOPROXY="file://$ROOT/proxy" "$GO" list -m all >"$ROOT/fill.txt")
# Freeze the main module as go left it (go.sum now holds the go.mod hashes), so both tools read the same files.
chmod a-w "$ROOT/main"/go.mod "$ROOT/main"/go.sum 2>/dev/null || true
export GOPROXY=off

in_list="$(wc -l <"$ROOT/fill.txt")"
versions_total="$(find "$ROOT/proxy" -name '*.mod' | wc -l)"
gomods_cached="$(find "$GOMODCACHE/cache/download" -name '*.mod' | wc -l)"
echo "graph: $in_list modules in the build list (main module included), $versions_total module versions, $gomods_cached go.mod files in the cache" >&2

# run TOOL OUT: one whole-process run in the main module; appends "milliseconds kilobytes" to $ROOT/TOOL.times.
# /usr/bin/time's %e has 10 ms steps, too coarse here, so the wall time is bash's EPOCHREALTIME around it (the
# fork of /usr/bin/time itself, well under a millisecond, is in both tools' figures); %M gives the peak RSS.
run() {
  local tool="$1" out="$2" bin t0 t1
  if [ "$tool" = go ]; then bin="$GO"; else bin="$GOMOD"; fi
  cd "$ROOT/main"
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$ROOT/$tool.time1" "$bin" list -m all >"$out"
  t1=$EPOCHREALTIME
  cd - >/dev/null
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }') $(tail -1 "$ROOT/$tool.time1")" >>"$ROOT/$tool.times"
}

rm -f "$ROOT/go.times" "$ROOT/gomod.times"
for _ in $(seq "$WARMUP"); do run go "$ROOT/go.out"; run gomod "$ROOT/gomod.out"; done
cmp -s "$ROOT/go.out" "$ROOT/gomod.out" || { echo "outputs differ:" >&2; diff "$ROOT/go.out" "$ROOT/gomod.out" | head -20 >&2; exit 1; }
rm -f "$ROOT/go.times" "$ROOT/gomod.times"
for _ in $(seq "$RUNS"); do run go "$ROOT/go.out"; run gomod "$ROOT/gomod.out"; done
cmp -s "$ROOT/go.out" "$ROOT/gomod.out" || { echo "outputs differ:" >&2; diff "$ROOT/go.out" "$ROOT/gomod.out" | head -20 >&2; exit 1; }

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
go_med="$(awk '{ print $1 }' "$ROOT/go.times" | median)"
gomod_med="$(awk '{ print $1 }' "$ROOT/gomod.times" | median)"
go_rss="$(awk '{ print $2 }' "$ROOT/go.times" | sort -n | tail -1)"
gomod_rss="$(awk '{ print $2 }' "$ROOT/gomod.times" | sort -n | tail -1)"
echo "outputs identical ($(wc -l <"$ROOT/go.out") lines)"
printf 'go list -m all     median %s ms  peak RSS %s KB  (%s runs: %s)\n' "$go_med" "$go_rss" "$RUNS" "$(awk '{ printf "%s ", $1 }' "$ROOT/go.times")"
printf 'gomod list -m all  median %s ms  peak RSS %s KB  (%s runs: %s)\n' "$gomod_med" "$gomod_rss" "$RUNS" "$(awk '{ printf "%s ", $1 }' "$ROOT/gomod.times")"
awk -v a="$go_med" -v b="$gomod_med" 'BEGIN { if (b > 0) printf "ratio go/gomod %.2fx\n", a / b; else print "ratio: gomod below the timer resolution" }'
