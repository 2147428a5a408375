#!/usr/bin/env bash
# Side-by-side timings on the same generated workloads, one run, of GoModules against Go's
# golang.org/x/mod (the newest go and its x/mod by default; GO and GOPATH_TREE choose, see go-select.sh):
#   zip             DirHash.HashZipAsync                 vs dirhash.HashZip
#   dir             DirHash.HashDirectoryAsync           vs dirhash.HashDir
#   verify-extract  one streaming ModuleZipReader.ReadAsync pass over the zip file (validate, hash,
#                   extract into a fresh directory)      vs zip.CheckZip + dirhash.HashZip + zip.Unzip
#   create          ModuleZipWriter.CreateFromDirectoryAsync vs zip.CreateFromDir (the h1 of the
#                   zips written must agree)
#
# Needs the .NET SDK and a go with its x/mod sources (the Go program is built in GOPATH mode against
# GOPATH_TREE). Environment:
#   GO, GOPATH_TREE  the go binary and its x/mod GOPATH tree (default: the newest go; see go-select.sh)
#   ROOT        where the workloads live (default /tmp/gomodules-bench; generated on first use)
#   WORKLOADS   comma-separated subset of small,large,mixed (default all)
#   OPS         comma-separated subset of zip,dir,verify-extract,create (default zip,dir)
#   ITERATIONS  timed iterations per side, after five warm-up runs (default 7)
#   REPEAT      alternate the two sides this many times per pair and report the median of each
#               side's per-process medians (default 1; use 3 or more on a busy machine)
#   KEEP        1 (default): verify-extract runs of the many-file workloads (all but large, whose 12 files
#               would only add gigabytes of writeback) each extract into a directory of their own and
#               nothing is deleted until the script ends; 0: the tree is deleted after every run (outside the time
#               measured). With 0, on an ext4 file system without a journal, every file created after
#               thousands were just deleted pays for a scan of the recently deleted inodes
#               (recently_deleted() in ext4's inode allocator): the harness, not the tools, is measured.
#   WAIT_IDLE   on a shared machine: before each pair wait (up to 10 minutes) until vmstat shows at
#               least this much idle CPU (percent), and redo a pair (up to 5 times) when the machine
#               was busier than that afterwards; the idle figures are printed (default: off)
# Each (workload, op) pair runs GoModules then Go, back to back, each in its own process and
# timed in-process; medians are printed with the ratio Go/GoModules (higher is better for GoModules),
# with each side's peak resident memory and its CPU time per run (user + system, all threads).
# Extracted trees and written zips go to a scratch directory under $TMPDIR and are deleted between
# runs, outside the time measured.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ROOT="${ROOT:-/tmp/gomodules-bench}"
WORKLOADS="${WORKLOADS:-small,large,mixed}"
OPS="${OPS:-zip,dir}"
ITERATIONS="${ITERATIONS:-7}"
REPEAT="${REPEAT:-1}"
WAIT_IDLE="${WAIT_IDLE:-}"
KEEP="${KEEP:-1}"

idle_now() { vmstat 2 2 | tail -1 | awk '{print $15}'; }
# shellcheck source=go-select.sh
. "$here/go-select.sh"
[ -d "$GOPATH_TREE/src/golang.org/x/mod/sumdb/dirhash" ] || { echo "x/mod is not in $GOPATH_TREE (set GOPATH_TREE)" >&2; exit 1; }

# Each measured process runs in a session of its own: with the kernel's autogroup scheduling a
# session is one scheduling group, so both sides compete with the rest of the machine alike.
isolated() {
  if command -v setsid >/dev/null; then setsid -w "$@"; else "$@"; fi
}

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/scratch"

echo "building GoModules.Benchmarks (Release) ..." >&2
dotnet build -c Release "$repo/benchmarks/GoModules.Benchmarks" -v quiet -nologo >/dev/null
bench="$repo/benchmarks/GoModules.Benchmarks/bin/Release/net10.0/GoModules.Benchmarks.dll"

echo "building the Go program (GOPATH mode, $(GOTOOLCHAIN=local "$GO" version | awk '{print $3}'), x/mod from $GOPATH_TREE) ..." >&2
(cd "$here/dirhashbench" && GO111MODULE=off GOPATH="$GOPATH_TREE" GOCACHE="$work/gocache" GOFLAGS= GOTOOLCHAIN=local "$GO" build -o "$work/dirhashbench" .)

echo "generating workloads in $ROOT (skipped when up to date) ..." >&2
dotnet "$bench" generate --root "$ROOT" --workloads "$WORKLOADS" >&2

echo "machine: $(nproc) cores; $(uptime); iterations $ITERATIONS, repeat $REPEAT"
printf '%-8s %-14s %14s %12s %8s %12s %12s %12s %10s %8s %s\n' workload op "GoModules (s)" "Go (s)" "Go/GM" "GM peak MiB" "Go peak MiB" "GM CPU (s)" "Go CPU (s)" "CPU Go/GM" "${WAIT_IDLE:+  idle % before/after}"
IFS=',' read -r -a workloads <<<"$WORKLOADS"
IFS=',' read -r -a ops <<<"$OPS"
for w in "${workloads[@]}"; do
  for op in "${ops[@]}"; do
    attempt=0
    while :; do
      attempt=$((attempt + 1))
      idle_before=""; idle_after=""
      if [ -n "$WAIT_IDLE" ]; then
        for ((t = 0; t < 120; t++)); do
          idle_before="$(idle_now)"
          [ "$idle_before" -ge "$WAIT_IDLE" ] && break
          sleep 3
        done
      fi
      ours_runs=(); go_runs=(); keep_ours=(); keep_go=()
      [ "$KEEP" = 1 ] && [ "$w" != large ] && { keep_ours=(--keep); keep_go=(-keep); }
      for ((r = 0; r < REPEAT; r++)); do
        ours_runs+=("$(isolated dotnet "$bench" compare --root "$ROOT" --workloads "$w" --ops "$op" --iterations "$ITERATIONS" --out "$work/scratch" "${keep_ours[@]}" | grep '^RESULT')")
        go_runs+=("$(isolated "$work/dirhashbench" -root "$ROOT" -workloads "$w" -ops "$op" -iterations "$ITERATIONS" -out "$work/scratch" "${keep_go[@]}" | grep '^RESULT')")
      done
      [ -z "$WAIT_IDLE" ] && break
      idle_after="$(idle_now)"
      { [ "$idle_after" -ge "$WAIT_IDLE" ] || [ "$attempt" -ge 5 ]; } && break
    done
    # The run whose time is the median of the repeats, for each side.
    ours="$(printf '%s\n' "${ours_runs[@]}" | sort -k4,4g | sed -n "$(( (REPEAT + 1) / 2 ))p")"
    theirs="$(printf '%s\n' "${go_runs[@]}" | sort -k4,4g | sed -n "$(( (REPEAT + 1) / 2 ))p")"
    read -r _ _ _ ours_s ours_h1 ours_rss ours_cpu <<<"$ours"
    read -r _ _ _ go_s go_h1 go_rss go_cpu <<<"$theirs"
    for line in "${ours_runs[@]}" "${go_runs[@]}"; do
      read -r _ _ _ _ h1 _ _ <<<"$line"
      if [ "$h1" != "$ours_h1" ]; then
        echo "HASH MISMATCH for $w $op: $h1 != $ours_h1" >&2
        exit 1
      fi
    done
    ratio="$(awk -v a="$go_s" -v b="$ours_s" 'BEGIN { printf "%.2f", a / b }')"
    cpu_ratio="$(awk -v a="$go_cpu" -v b="$ours_cpu" 'BEGIN { printf "%.2f", a / b }')"
    printf '%-8s %-14s %14s %12s %7sx %12s %12s %12s %10s %7sx %s\n' "$w" "$op" "$ours_s" "$go_s" "$ratio" "$ours_rss" "$go_rss" "$ours_cpu" "$go_cpu" "$cpu_ratio" "${WAIT_IDLE:+  $idle_before/$idle_after}"
  done
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
