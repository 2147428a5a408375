#!/usr/bin/env bash
# Side-by-side download timings: `gomod download` against `go mod download` on the download set of
# shared/bench/WORKLOADS.md (300 small modules; the `large` module), served by a neutral static file
# server on 127.0.0.1, GOSUMDB=off, a fresh GOMODCACHE for every run.
#
# Needs the .NET SDK, go, python3 and /usr/bin/time; nginx for the default server (apt-get install
# nginx-light) and clang for the native gomod (apt-get install clang). Environment:
#   GO          the go binary timed (default: the newest go; see go-select.sh)
#   ROOT        where the generated proxy lives (default /tmp/gomodules-bench; generated on first use)
#   ITERATIONS  timed runs per tool and set, interleaved go/gomod (default 5)
#   SETS        comma-separated subset of small300,large (default both)
#   SERVER      nginx (default when installed: one worker, sendfile, no access log) or python
#               (python3 -m http.server, which is itself CPU-bound: on two cores it slows whichever
#               client asks faster, so it narrows every ratio)
#   BUILDS      comma-separated gomod builds to time: aot (published native, PublishAot), r2r (published
#               ReadyToRun, framework-dependent), jit (the Release build run by `dotnet`); default aot,jit
# Each run is a whole process (start-up included), timed with /usr/bin/time (wall seconds, peak RSS).
# Every run gets a cache of its own; all are deleted when the script ends (about 3 GB with the defaults).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ROOT="${ROOT:-/tmp/gomodules-bench}"
ITERATIONS="${ITERATIONS:-5}"
SETS="${SETS:-small300,large}"

# shellcheck source=go-select.sh
. "$here/go-select.sh"
command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building GoModules.Benchmarks and gomod (Release; and published as asked by BUILDS) ..." >&2
dotnet build -c Release "$repo/benchmarks/GoModules.Benchmarks" -v quiet -nologo >/dev/null
dotnet build -c Release "$repo/src/GoModules.Cli" -v quiet -nologo >/dev/null
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="" ;; esac
bench="$repo/benchmarks/GoModules.Benchmarks/bin/Release/net10.0/GoModules.Benchmarks.dll"
IFS=, read -ra builds <<<"${BUILDS:-aot,jit}"
for b in "${builds[@]}"; do
  case "$b" in
    jit) ;;
    aot)
      [ -n "$rid" ] || { echo "no native build for $(uname -m)" >&2; exit 1; }
      # The same sources compiled to one native executable: no JIT and no runtime start-up, as go itself.
      dotnet publish -c Release -r "$rid" -p:PublishAot=true "$repo/src/GoModules.Cli" -o "$work/gomod-aot" -v quiet -nologo >/dev/null ;;
    r2r)
      [ -n "$rid" ] || { echo "no ReadyToRun build for $(uname -m)" >&2; exit 1; }
      dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true "$repo/src/GoModules.Cli" -o "$work/gomod-r2r" -v quiet -nologo >/dev/null ;;
    *) echo "unknown build $b (aot, r2r, jit)" >&2; exit 1 ;;
  esac
done

echo "generating the download set in $ROOT (skipped when up to date) ..." >&2
proxy="$(dotnet "$bench" download-generate --root "$ROOT" | tail -1)"

SERVER="${SERVER:-$(command -v nginx >/dev/null && echo nginx || echo python)}"
if [ "$SERVER" = python ] && ! command -v nginx >/dev/null; then
  echo "warning: nginx is not installed (apt-get install nginx-light); python3 -m http.server is CPU-bound and narrows the ratios" >&2
fi
case "$SERVER" in
  nginx)
    command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx-light)" >&2; exit 1; }
    PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$work/nginx"
    cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$PORT; root $proxy; }
}
CONF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
    server=$!
    for _ in $(seq 1 100); do
      if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then break; fi
      sleep 0.1
    done ;;
  python)
    # Port 0: the server picks a free port and says which on its first line.
    python3 -u -m http.server --bind 127.0.0.1 0 --directory "$proxy" >"$work/server.log" 2>&1 &
    server=$!
    PORT=""
    for _ in $(seq 1 100); do
      PORT="$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$work/server.log" | head -1)"
      [ -n "$PORT" ] && break
      sleep 0.1
    done
    [ -n "$PORT" ] || { echo "the static server did not start" >&2; exit 1; } ;;
  *) echo "unknown SERVER $SERVER (nginx, python)" >&2; exit 1 ;;
esac
curl -fs "http://127.0.0.1:$PORT/example.com/bench/@v/list" >/dev/null || { echo "the static server does not serve the proxy" >&2; exit 1; }

args_for() {
  case "$1" in
    small300) for i in $(seq -f '%03g' 0 299); do printf 'example.com/dep/m%s@v1.0.0 ' "$i"; done ;;
    large) printf 'example.com/bench@v1.0.0' ;;
  esac
}

mkdir -p "$work/outside" "$work/gopath"
run_one() { # tool set index -> "seconds peakKiB cpuSeconds"
  local tool=$1 set=$2 n=$3 cache="$work/cache-$1-$2-$3"
  local env=(env GOMODCACHE="$cache" GOPATH="$work/gopath" GOPROXY="http://127.0.0.1:$PORT" GOSUMDB=off GOFLAGS= GONOSUMDB= GOPRIVATE= GONOPROXY= GOENV=off GOTOOLCHAIN=local)
  local cmd
  case "$tool" in
    go) cmd=("$GO" mod download) ;;
    aot) cmd=("$work/gomod-aot/gomod" download) ;;
    r2r) cmd=(dotnet "$work/gomod-r2r/gomod.dll" download) ;;
    jit) cmd=(dotnet "$repo/src/GoModules.Cli/bin/Release/net10.0/gomod.dll" download) ;;
  esac
  # shellcheck disable=SC2046
  (cd "$work/outside" && /usr/bin/time -f '%e %M %U %S' -o "$work/time" "${env[@]}" "${cmd[@]}" $(args_for "$set") >/dev/null 2>"$work/err") || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$work/time"
  # The caches stay until the script ends: deleting thousands of files right before the next run would
  # make that run's file creation pay for ext4's scan of recently deleted inodes (without a journal,
  # recently_deleted() in the inode allocator), measuring the harness rather than the tools.
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(GOTOOLCHAIN=local "$GO" version | awk '{print $3}'); dotnet $(dotnet --version); server $SERVER"
printf '%-9s %-10s %10s %10s %9s %12s %10s %10s %8s\n' set gomod "gomod (s)" "go (s)" "go/gomod" "gomod CPU s" "go CPU s" "gomod MiB" "go MiB"
IFS=, read -ra sets <<<"$SETS"
variants=("${builds[@]}")
for set in "${sets[@]}"; do
  # One untimed run of each warms the page cache and the server.
  for t in go "${variants[@]}"; do run_one "$t" "$set" w >/dev/null; : >"$work/$t.t"; done
  for n in $(seq 1 "$ITERATIONS"); do
    for t in go "${variants[@]}"; do run_one "$t" "$set" "$n" >>"$work/$t.t"; done
  done
  go_s=$(cut -d' ' -f1 "$work/go.t" | median); go_m=$(cut -d' ' -f2 "$work/go.t" | median); go_c=$(cut -d' ' -f3 "$work/go.t" | median)
  for t in "${variants[@]}"; do
    gm_s=$(cut -d' ' -f1 "$work/$t.t" | median); gm_m=$(cut -d' ' -f2 "$work/$t.t" | median); gm_c=$(cut -d' ' -f3 "$work/$t.t" | median)
    label=$(case "$t" in aot) echo native ;; r2r) echo ReadyToRun ;; *) echo JIT ;; esac)
    printf '%-9s %-10s %10s %10s %9.2f %12s %10s %10.0f %8.0f\n' "$set" "$label" "$gm_s" "$go_s" "$(echo "$go_s / $gm_s" | bc -l)" "$gm_c" "$go_c" "$(echo "$gm_m / 1024" | bc -l)" "$(echo "$go_m / 1024" | bc -l)"
  done
  echo "  runs go: $(cut -d' ' -f1 "$work/go.t" | tr '\n' ' ')"
  for t in "${variants[@]}"; do echo "  runs $t: $(cut -d' ' -f1 "$work/$t.t" | tr '\n' ' ')"; done
done
