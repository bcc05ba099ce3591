# Sourced by the scripts that build a Go tool from a pinned wrapper module (scripts/sdk-gen.sh,
# scripts/install-pulumi-yaml.sh). go_tool <log name> <module dir> <package> <binary>: builds
# <package> from <module dir> into <binary> unless the binary is there and was built from the same
# module files (a stamp beside it), then prints nothing; progress goes to stderr.
go_tool() {
  local name="$1" mod_dir="$2" package="$3" bin="$4"
  local stamp="$bin.stamp" fingerprint started
  fingerprint="$(cd "$mod_dir" && cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1)"
  [[ -x "$bin" && "$(cat "$stamp" 2>/dev/null || true)" == "$fingerprint" ]] && return 0
  command -v go >/dev/null 2>&1 || { echo "[$name] ERROR: 'go' is not on PATH (Go >= 1.26 builds $package)" >&2; return 1; }
  mkdir -p "$(dirname "$bin")"
  started=$SECONDS
  echo "[$name] building $package with $(go version | cut -d' ' -f3)" >&2
  # -mod=readonly: go.sum is complete; a build never rewrites the committed module files.
  (cd "$mod_dir" && go build -mod=readonly -trimpath -buildvcs=false -o "$bin.tmp" "$package")
  mv -f "$bin.tmp" "$bin"
  echo "$fingerprint" > "$stamp"
  echo "[$name] built in $(( SECONDS - started )) s" >&2
}
