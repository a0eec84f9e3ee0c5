#!/usr/bin/env bash
# A real kube-apiserver and etcd on loopback, for the tests that let the API server judge.
#
#   scripts/apiserver.sh build <minor>              build (or find cached) binaries, print their folder
#   scripts/apiserver.sh start <minor> <state-dir>  start etcd + kube-apiserver, wait for /readyz,
#                                                   write <state-dir>/kubeconfig, return with both running
#   scripts/apiserver.sh stop <state-dir>           stop both; nothing is left running or listening
#
# Binaries are built from the Go module test/apiserver/k8s-<minor>/ (pinned go.mod/go.sum) into
# ${K8S_OPENAPI_TS_CACHE:-~/.cache/k8s-openapi-ts}/apiserver/, keyed by a hash of the module's
# files and the Go version, so they are rebuilt only when the pins change. docs/real-apiserver.md
# says what runs, with which flags, and why.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache_root=${K8S_OPENAPI_TS_CACHE:-$HOME/.cache/k8s-openapi-ts}/apiserver
ready_timeout=${APISERVER_READY_TIMEOUT:-120}

die() { echo "apiserver.sh: $*" >&2; exit 1; }

module_dir() {
  local dir="$here/test/apiserver/k8s-$1"
  [ -f "$dir/go.mod" ] || die "no harness module for Kubernetes $1 (expected $dir/go.mod)"
  echo "$dir"
}

# The pinned k8s.io/kubernetes version of a harness module, e.g. v1.36.3.
kubernetes_version() {
  awk '{ for (i = 1; i < NF; i++) if ($i == "k8s.io/kubernetes" && $(i + 1) ~ /^v1\./) { print $(i + 1); exit } }' "$1/go.mod"
}

# Folder of the binaries for a module: its name carries a hash of everything the build depends on.
binaries_dir() {
  local dir=$1 key
  key=$( { go version; cat "$dir/go.mod" "$dir/go.sum"; find "$dir" -name '*.go' | LC_ALL=C sort | xargs cat; } | sha256sum | cut -c1-16)
  echo "$cache_root/$(basename "$dir")-$key"
}

build() {
  local minor=$1 dir out version log
  command -v go >/dev/null 2>&1 || die "Go is not installed: it is needed to build kube-apiserver $minor and etcd (see docs/real-apiserver.md)"
  dir=$(module_dir "$minor")
  out=$(binaries_dir "$dir")
  if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]; then echo "$out"; return; fi
  mkdir -p "$cache_root"
  # One build at a time per module: parallel test runs wait for the first one's binaries.
  exec 9>"$cache_root/.build-$(basename "$dir").lock"
  flock 9
  if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]; then echo "$out"; return; fi
  version=$(kubernetes_version "$dir")
  [ -n "$version" ] || die "$dir/go.mod does not require k8s.io/kubernetes"
  local major=${version#v}; major=${major%%.*}
  local minor_number=${version#v*.}; minor_number=${minor_number%%.*}
  local tmp="$out.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp"
  log="$cache_root/build-$(basename "$dir").log"
  echo "apiserver.sh: building kube-apiserver $version and etcd (cold: many minutes; log: $log)" >&2
  local started=$SECONDS
  if ! (
    cd "$dir"
    # -s -w: no symbol tables, a third smaller; the version flags make /version report the release,
    # as Kubernetes' own build scripts do.
    go build -trimpath -ldflags "-s -w \
      -X k8s.io/component-base/version.gitVersion=$version \
      -X k8s.io/component-base/version.gitMajor=$major \
      -X k8s.io/component-base/version.gitMinor=$minor_number \
      -X k8s.io/component-base/version.gitTreeState=clean" \
      -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
    go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" ./etcd
  ) >"$log" 2>&1; then
    rm -rf "$tmp"
    die "building kube-apiserver $version failed: $(tail -n 1 "$log") (full log: $log)"
  fi
  mv "$tmp" "$out"
  echo "apiserver.sh: built in $(( SECONDS - started )) s into $out" >&2
  echo "$out"
}

# Free TCP ports on 127.0.0.1, chosen by the kernel.
free_ports() {
  node -e '
    const net = require("node:net");
    const servers = [];
    const n = Number(process.argv[1]);
    const next = () => {
      if (servers.length === n) { console.log(servers.map((s) => s.address().port).join(" ")); servers.forEach((s) => s.close()); return; }
      const s = net.createServer(); servers.push(s); s.listen(0, "127.0.0.1", next);
    };
    next();' "$1"
}

# Certificates: one CA signs the serving certificate and the admin's client certificate.
make_credentials() {
  local pki=$1
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=k8s-openapi-ts test CA" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt 2>/dev/null
    # O=system:masters: full rights under RBAC, like a kubeadm admin.conf.
    openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=admin" -keyout admin.key -out admin.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile admin.ext -out admin.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    # Bearer tokens: an admin, and a user with no RBAC grants (its requests are forbidden).
    admin_token=$(openssl rand -hex 16); nobody_token=$(openssl rand -hex 16)
    printf '%s,admin-token,100,"system:masters"\n%s,nobody,101\n' "$admin_token" "$nobody_token" > tokens.csv
    printf '%s' "$admin_token" > admin.token
    printf '%s' "$nobody_token" > nobody.token
    rm -f ./*.csr ./*.ext ./*.srl
  )
}

write_kubeconfig() {
  local state=$1 port=$2
  cat > "$state/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority: pki/ca.crt
users:
- name: admin
  user:
    client-certificate: pki/admin.crt
    client-key: pki/admin.key
- name: admin-token
  user:
    tokenFile: pki/admin.token
- name: nobody
  user:
    tokenFile: pki/nobody.token
contexts:
- name: admin
  context: { cluster: test, user: admin }
- name: admin-token
  context: { cluster: test, user: admin-token }
- name: nobody
  context: { cluster: test, user: nobody }
current-context: admin
EOF
}

wait_for() { # <what> <seconds> <pid> <command…>: polls the command until it succeeds
  local what=$1 seconds=$2 pid=$3; shift 3
  local deadline=$(( SECONDS + seconds ))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ $SECONDS -lt $deadline ] || { echo "apiserver.sh: $what not ready after $seconds s" >&2; return 1; }
    sleep 0.5
  done
}

start() {
  local minor=$1 state=$2 bin
  bin=$(build "$minor")
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  [ ! -f "$state/pids" ] || die "$state already has a running server (run: $0 stop $state)"
  make_credentials "$state/pki"
  local ports etcd_port peer_port api_port
  ports=$(free_ports 3); read -r etcd_port peer_port api_port <<<"$ports"
  local etcd_url="http://127.0.0.1:$etcd_port"

  setsid "$bin/etcd" --name test --data-dir "$state/etcd-data" \
    --listen-client-urls "$etcd_url" --advertise-client-urls "$etcd_url" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "test=http://127.0.0.1:$peer_port" \
    --log-level warn --unsafe-no-fsync >"$state/etcd.log" 2>&1 < /dev/null &
  local etcd_pid=$!
  echo "$etcd_pid" > "$state/pids"
  if ! wait_for etcd 60 "$etcd_pid" curl -fsS "$etcd_url/health"; then
    tail -n 5 "$state/etcd.log" >&2; stop "$state"; die "etcd did not start (log: $state/etcd.log)"
  fi

  # Admission: ServiceAccount is off because no controller manager creates each namespace's
  # "default" ServiceAccount, which it requires of every Pod (Kubernetes' own integration tests
  # turn it off for the same reason). Feature gates as hack/update-openapi-spec.sh sets them for
  # the published document (every alpha and beta API; OpenAPIEnums off), so that what this server
  # serves is comparable with the pinned document.
  setsid "$bin/kube-apiserver" \
    --bind-address=127.0.0.1 --secure-port="$api_port" --advertise-address=127.0.0.1 \
    --etcd-servers="$etcd_url" \
    --tls-cert-file="$state/pki/server.crt" --tls-private-key-file="$state/pki/server.key" \
    --client-ca-file="$state/pki/ca.crt" --token-auth-file="$state/pki/tokens.csv" \
    --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$state/pki/sa.pub" --service-account-signing-key-file="$state/pki/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 --endpoint-reconciler-type=none \
    --runtime-config=api/all=true \
    --feature-gates="${APISERVER_FEATURE_GATES:-AllAlpha=true,AllBeta=true,OpenAPIEnums=false}" \
    --disable-admission-plugins=ServiceAccount \
    ${APISERVER_EXTRA_FLAGS:-} \
    >"$state/kube-apiserver.log" 2>&1 < /dev/null &
  local api_pid=$!
  echo "$api_pid" >> "$state/pids"
  {
    echo "ETCD_URL=$etcd_url"
    echo "APISERVER_URL=https://127.0.0.1:$api_port"
    echo "ETCD_PID=$etcd_pid"
    echo "APISERVER_PID=$api_pid"
    echo "KUBERNETES_VERSION=$(kubernetes_version "$(module_dir "$minor")")"
  } > "$state/env"
  write_kubeconfig "$state" "$api_port"
  if ! wait_for kube-apiserver "$ready_timeout" "$api_pid" curl -fsS --cacert "$state/pki/ca.crt" \
      --cert "$state/pki/admin.crt" --key "$state/pki/admin.key" "https://127.0.0.1:$api_port/readyz"; then
    tail -n 5 "$state/kube-apiserver.log" >&2; stop "$state"; die "kube-apiserver $minor did not become ready (log: $state/kube-apiserver.log)"
  fi
  echo "apiserver.sh: Kubernetes $minor ready at https://127.0.0.1:$api_port (kubeconfig: $state/kubeconfig)" >&2
}

# Running, and not a zombie waiting for a parent to reap it.
alive() { [ -e "/proc/$1" ] && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null; }

stop() {
  local state=$1 pid
  [ -f "$state/pids" ] || { echo "apiserver.sh: nothing running for $state" >&2; return 0; }
  # The API server first, then etcd; TERM, then KILL after 15 s.
  for pid in $(tac "$state/pids"); do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for pid in $(cat "$state/pids"); do
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    ! alive "$pid" || die "process $pid of $state did not stop"
  done
  rm -f "$state/pids"
}

case "${1:-}" in
  build) [ $# -eq 2 ] || die "usage: $0 build <minor>"; build "$2" ;;
  start) [ $# -eq 3 ] || die "usage: $0 start <minor> <state-dir>"; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop <state-dir>"; stop "$2" ;;
  *) die "usage: $0 build <minor> | start <minor> <state-dir> | stop <state-dir>" ;;
esac
