#!/bin/sh
# Records the real kubectl 1.33's output for test/fixes.test.mjs (run by hand from the repo root, after a build):
#   sh test/golden/fixes/make-golden.sh
# config-help.kubectl.txt: `kubectl config` with no subcommand (offline; the help goes to stderr, exit 1).
# describe-pdb-*.txt: `kubectl describe pdb` of kctl's own objects, served by scripts/describe-oracle.mjs.
set -e
K="$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.33"
G=test/golden/fixes
"$K" config 2> $G/config-help.kubectl.txt || true
export KCTL_HOME="$(mktemp -d)"
bin/kctl sim freeze >/dev/null
bin/kctl create deployment web --image=nginx --replicas=3 >/dev/null
bin/kctl create pdb p1 --selector=app=web --min-available=2 >/dev/null
bin/kctl create pdb p2 '--selector=app=web,tier in (a,b)' --max-unavailable=30% >/dev/null
printf 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p3\nspec:\n  maxUnavailable: 1\n' | bin/kctl apply -f - >/dev/null
bin/kctl get pdb,events,pods,namespaces -A -o json > "$KCTL_HOME/dump.json"
node scripts/describe-oracle.mjs "$KCTL_HOME/dump.json" 18765 & PID=$!
sleep 1
for p in p1 p2 p3; do "$K" --server http://127.0.0.1:18765 describe pdb $p > $G/describe-pdb-$p.txt; done
kill $PID
rm -rf "$KCTL_HOME"
