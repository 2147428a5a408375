# Sourced by compare.sh and download.sh: chooses the go command to compare with.
#   GO           the go binary (default: the newest go, $GOMODULES_GO_NEWEST, else the newest one that
#                ../shared/tools/newest-go.sh installed in its default folder ~/.cache/gomodules-newest-go)
#   GOPATH_TREE  the GOPATH tree holding golang.org/x/mod for that go (default: $GOMODULES_GOCODE_NEWEST, else
#                the tree beside the default go, usr/share/gocode)
# For Debian's go1.19 + x/mod v0.7.0: GO=/usr/bin/go GOPATH_TREE=/usr/share/gocode.
if [ -z "${GO:-}" ]; then
  GO="${GOMODULES_GO_NEWEST:-}"
  if [ -z "$GO" ]; then
    newest_root="$(ls -d "${HOME:-/root}"/.cache/gomodules-newest-go/go-1.* 2>/dev/null | sort -t. -k2 -n | tail -1 || true)"
    [ -n "$newest_root" ] && GO="$(ls "$newest_root"/usr/lib/go-1.*/bin/go 2>/dev/null | head -1 || true)"
  fi
  [ -n "$GO" ] || { echo "no newest go: run ../shared/tools/newest-go.sh and set GO=<its GO=> (or GOMODULES_GO_NEWEST), or GO=/usr/bin/go for Debian's" >&2; exit 1; }
  if [ -z "${GOPATH_TREE:-}" ]; then
    GOPATH_TREE="${GOMODULES_GOCODE_NEWEST:-$(cd "$(dirname "$GO")/../../.." && pwd)/share/gocode}"
  fi
fi
GOPATH_TREE="${GOPATH_TREE:-/usr/share/gocode}"
[ -x "$GO" ] || { echo "GO=$GO is not an executable go binary" >&2; exit 1; }
export GO GOPATH_TREE
