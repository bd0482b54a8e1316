# Shell helpers shared by .ci/run and the demo: start PostgreSQL and Redis when they do not
# answer (installing them from Debian's packages if missing), and create a database.
# Source this file; it defines functions only.

export DEBIAN_FRONTEND=noninteractive
_outpace_apt_updated=0

say() { echo "[outpace] $*"; }

apt_install() {
  if [[ $_outpace_apt_updated -eq 0 ]]; then
    apt-get update -qq >/dev/null
    _outpace_apt_updated=1
  fi
  apt-get install -y -qq "$@" >/dev/null
}

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  say "$what did not come up" >&2
  return 1
}

# port_answers PORT: something takes connections on 127.0.0.1:PORT (the compose file's
# local-postgres and local-redis, on a machine with no PostgreSQL or Redis client installed).
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { ! command -v pg_isready >/dev/null && port_answers 5432; }; then say "postgres: already running"; return; fi
  if ! command -v pg_ctlcluster >/dev/null; then
    say "postgres: installing"
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  say "postgres: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for postgres pg_isready -q -h 127.0.0.1 -p 5432
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG || { ! command -v redis-cli >/dev/null && port_answers 6379; }; then say "redis: already running"; return; fi
  if ! command -v redis-server >/dev/null; then
    say "redis: installing"
    apt_install redis-server
  fi
  say "redis: starting"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for redis sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
}

ensure_chromium() {
  if command -v chromium >/dev/null; then say "chromium: present"
  else
    say "chromium: installing"
    apt_install chromium
  fi
  # The desktop and wallboard speak Simplified Chinese: without a CJK font it renders as boxes.
  if ! fc-list 2>/dev/null | grep -qi -e 'wenquanyi' -e 'noto sans cjk'; then
    say "fonts: installing a CJK font"
    apt_install fonts-wqy-microhei
  fi
}

# ensure_database_of URL: creates the database a PostgreSQL URL names, on the server and as the
# user it names (its query string, such as ?sslmode=, kept), when it does not exist. Through
# node's PostgreSQL client: run `npm ci` first.
ensure_database_of() {
  node --input-type=module -e '
    import pg from "pg";
    const url = new URL(process.argv[1]);
    const name = decodeURIComponent(url.pathname.slice(1));
    url.pathname = "/postgres";
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      console.log(`[outpace] postgres: creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replaceAll("\"", "\"\"")}"`);
    }
    await client.end();
  ' "$1"
}

ensure_prometheus() {
  # The package brings promtool too, which the alerting rules' tests run.
  if command -v prometheus >/dev/null && command -v promtool >/dev/null; then say "prometheus: present"; return; fi
  say "prometheus: installing"
  apt_install prometheus
}
