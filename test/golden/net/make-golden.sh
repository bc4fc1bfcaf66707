#!/bin/sh
# Records what the real tools print (curl 7.88.1 and busybox as in Debian bookworm, bind9-dnsutils 9.18,
# glibc's getent, iputils ping, OpenBSD nc) into golden.json, for test/net.test.mjs. Everything stays on
# loopback: fakedns.py answers on 127.0.0.1:53 like a kind cluster's CoreDNS, python's http.server serves
# on 127.0.0.1:8765, and /etc/hosts and /etc/resolv.conf are a pod's, bind-mounted in a private mount
# namespace (unshare -m). Run as root: sh test/golden/net/make-golden.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
printf '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.2\ttest-pod\n' > "$tmp/hosts"
printf 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 127.0.0.1\noptions ndots:5\n' > "$tmp/resolv.conf"
mkdir -p "$tmp/www" && echo '<html>hello</html>' > "$tmp/www/index.html"
python3 "$here/fakedns.py" & dns=$!
(cd "$tmp/www" && exec python3 -m http.server --bind 127.0.0.1 8765) >/dev/null 2>&1 & web=$!
sleep 1
unshare -m sh -c "mount --bind $tmp/hosts /etc/hosts && mount --bind $tmp/resolv.conf /etc/resolv.conf && cd $tmp && python3 '$here/record.py'" > "$here/golden.json"
kill $dns $web 2>/dev/null || true
rm -rf "$tmp"
