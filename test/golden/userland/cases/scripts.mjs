// Scripts as containers run them: entrypoints, the Kubernetes docs' commands (bounded), script files
// with errors on later lines, traps and job control.
const ENTRY = `#!/bin/sh
set -e
: "\${APP_PORT:=8080}"
log() { printf '[entrypoint] %s\\n' "$*"; }
if [ "$1" = "--version" ]; then
  echo "app 1.2.3"
  exit 0
fi
case "\${1:-}" in
  serve|"") log "serving on $APP_PORT" ;;
  migrate) log "migrating"; exit 3 ;;
  *) log "unknown command: $1" >&2; exit 64 ;;
esac
for f in /tmp/kctl-userland-golden/w/conf.d/*.conf; do
  [ -e "$f" ] || continue
  log "loading $(basename "$f")"
done
exec echo "exec'd with $# args"
`;
export default [
  { name: 'entrypoint-default', files: { 'entry.sh': { data: ENTRY, mode: 0o755 }, 'conf.d/a.conf': 'x', 'conf.d/b.conf': 'y' }, sh: './entry.sh; echo rc=$?' },
  { name: 'entrypoint-args', files: { 'entry.sh': { data: ENTRY, mode: 0o755 } }, sh: './entry.sh --version; ./entry.sh migrate; echo rc=$?; ./entry.sh bogus; echo rc=$?; APP_PORT=9 ./entry.sh serve' },
  { name: 'docs-for-loop', sh: 'for i in 1 2 3; do echo "hello $i"; done' },
  { name: 'docs-counter-bounded', sh: 'i=0; while [ $i -lt 3 ]; do echo "$i: tick"; i=$((i+1)); done' },
  { name: 'docs-debian-index', sh: 'mkdir -p pod-data && echo Hello from the debian container > pod-data/index.html; cat pod-data/index.html' },
  { name: 'docs-liveness-bounded', sh: 'touch /tmp/healthy; cat /tmp/healthy && echo healthy; rm -f /tmp/healthy; cat /tmp/healthy; echo rc=$?' },
  { name: 'docs-env-print', env: { MY_NODE_NAME: 'kind-worker', MY_POD_NAME: 'dapi-envars-fieldref' }, sh: "echo -en '\\n'; printenv MY_NODE_NAME MY_POD_NAME", in: 'bash' },
  { name: 'docs-sidecar-log', sh: 'mkdir -p var/log; i=0; while [ $i -lt 3 ]; do echo "$i: $(echo tick)" >> var/log/1.log; i=$((i+1)); done; tail -n+1 var/log/1.log' },
  { name: 'script-error-lines', files: { 's.sh': 'echo a\ncd /nonexist\nnosuch\nexit abc\necho never\n' }, sh: 'sh s.sh; echo rc=$?' },
  { name: 'script-syntax-later', files: { 's.sh': 'echo first\nif true; then\n  echo inside\nfi\necho second; done\necho never\n' }, sh: 'sh s.sh; echo rc=$?' },
  { name: 'script-args', files: { 's.sh': 'echo "$0 $# $1 $2"; shift; echo "$@"\n' }, sh: 'sh s.sh one two three; sh ./s.sh' },
  { name: 'script-missing', sh: 'sh nosuch.sh; echo rc=$?' },
  { name: 'trap-term-handler', sh: 'trap "echo caught TERM; exit 0" TERM; sleep 1 & kill -TERM $$; wait' },
  { name: 'trap-int-exit-order', sh: 'trap "echo exit trap" EXIT; trap "echo int trap" INT; kill -INT $$; echo after' },
  { name: 'trap-in-subshell', sh: 'trap "echo parent" EXIT; ( echo child; exit 1 ); echo rc=$?' },
  { name: 'bg-jobs-wait', sh: 'sleep 0.2 & a=$!; sleep 0.1 & b=$!; wait $a; echo a=$?; wait $b; echo b=$?; (exit 7) & wait $!; echo c=$?' },
  { name: 'read-while-pipeline', sh: "printf 'k1=v1\\nk2=v2\\n' | while IFS== read -r k v; do echo \"$k -> $v\"; done; echo done" },
  { name: 'read-from-file-loop', files: { 'list': 'one\ntwo\nthree\n' }, sh: 'n=0; while read -r line; do n=$((n+1)); echo "$n:$line"; done < list; echo total=$n' },
  { name: 'heredoc-to-file', sh: "cat > cfg <<EOF\nname=\\$NAME\nport=${PORT:-80}\nEOF\ncat cfg; cat <<'X' | wc -l\na\nb\nX" },
  { name: 'param-defaults-config', sh: ': "${HOST:=localhost}" "${PORT:=5432}"; echo "$HOST:$PORT"; DB_URL="postgres://${HOST}:${PORT}/${DB:-app}"; echo "$DB_URL"' },
  { name: 'string-ops', sh: 'f=archive.tar.gz; echo "${f%%.*}" "${f#*.}" "${f%.gz}"; v=1.2.3; IFS=. read -r maj min pat <<EOF\n$v\nEOF\necho "$maj|$min|$pat"' },
  { name: 'set-e-subshell-cmdsub', sh: 'set -e; out=$(echo ok; false) || echo "failed: $out"; echo next; (false) || echo "sub failed"; echo end' },
  { name: 'set-e-in-if-function', sh: 'set -e; check() { false; echo "still in check"; }; if check; then echo "if ok"; fi; check && echo "and ok"; echo end' },
  { name: 'nested-functions-return', sh: 'inner() { return 5; }; outer() { inner; echo "inner=$?"; return 2; }; outer; echo "outer=$?"' },
  { name: 'case-patterns', sh: 'for v in "" "-h" "--help" "x1" "Y" "a.b"; do case "$v" in "") echo empty;; -h|--help) echo help;; x[0-9]) echo xdigit;; [A-Z]) echo upper;; *.*) echo dotted;; esac; done' },
  { name: 'arith-loops', sh: 'sum=0; i=1; while [ $i -le 100 ]; do sum=$((sum + i)); i=$((i + 1)); done; echo $sum; echo $(( (3 + 4) * 2 / 3 ))' },
  { name: 'quoting-hell', sh: `a="it's"; b='say "hi"'; echo "$a" "$b"; echo '$a'"$a"; printf '%s\\n' "$a $b"; eval "echo \\"$b\\""` },
  { name: 'exit-in-pipeline', sh: 'echo a | exit 3; echo rc=$?; echo b | { read x; echo "got $x"; exit 4; }; echo rc=$?' },
  { name: 'exec-fd-loop', sh: 'exec 3<<EOF\nl1\nl2\nEOF\nwhile read -r l <&3; do echo "fd3: $l"; done; exec 3<&-' },
  { name: 'command-not-found-status-set-e', sh: 'set -e; nosuchcmd || echo "handled $?"; echo end' },
  { name: 'long-output-loop', sh: 'i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done | tail -2' },
  { name: 'stdin-script', stdinScript: true, sh: 'echo a\nif true; then\necho b\nfi\nfor i in 1 2; do\necho $i\ndone\necho "unterminated\nline"\nfi\necho after\n' },
  { name: 'stdin-script-errors', stdinScript: true, sh: 'echo a\ncd /nope\nx=$((1+2))\necho $x\nexit 3\necho never\n', in: 'dash bash' },
  { name: 'stdin-script-read', stdinScript: true, sh: 'read line\nthis is data\necho "got: $line"\n' },
];
