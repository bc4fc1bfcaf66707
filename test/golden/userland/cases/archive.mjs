// tar, gzip, base64, digests, od/hexdump/xxd.
const T = { 'd/a': 'hi\n', 'd/sub/b': 'x\n', 'd/l': { link: 'a' }, 'bin': { data: 'ab\u0000\u0001\u00ff\n', mode: 0o644 } };
export default [
  { name: 'base64', sh: "echo hello | base64; echo aGVsbG8K | base64 -d; printf '' | base64; head -c 100 /dev/zero | base64 | head -2; echo '!!!' | base64 -d; echo \"rc=$?\"" },
  { name: 'digests', files: T, sh: 'echo hello | md5sum; echo hello | sha1sum; echo hello | sha256sum; echo hello | sha512sum | cut -c1-20; md5sum d/a; md5sum d/a > sums; md5sum -c sums; echo x > d/a; md5sum -c sums; echo "rc=$?"' },
  { name: 'digest-missing', sh: 'md5sum nope; echo "rc=$?"' },
  { name: 'digest-utf8', sh: 'printf "héllo" | md5sum; printf "héllo" | wc -c' },
  { name: 'od', sh: "printf 'ab\\n' | od -c; printf 'ab\\n' | od -An -tx1; printf 'abc\\n' | od; printf 'hello world, hello world!\\n' | od -c; printf '\\001\\377' | od -tx1" },
  { name: 'hexdump-xxd', sh: "printf 'hello\\n' | hexdump -C; printf 'hello\\n' | xxd; printf 'hello\\n' | hexdump; printf 'hello\\n' | xxd -p; printf '68656c6c6f0a' | xxd -r -p", in: 'ash' },
  { name: 'tar-list', files: T, sh: 'tar cf t.tar d; tar tf t.tar | sort; tar tvf t.tar | sort -k6 | cut -c1-10,12-21; tar czf t.tgz d && tar tzf t.tgz | sort | head -2' },
  { name: 'tar-roundtrip', files: T, sh: 'tar cf - d | (mkdir x && cd x && tar xf -); ls -R x | sort; cat x/d/a x/d/sub/b; readlink x/d/l; tar cf - bin | tar xOf - | od -An -tx1' },
  { name: 'tar-extract-C', files: T, sh: 'tar cf t.tar d; mkdir out; tar xf t.tar -C out; find out | sort; tar -xvf t.tar -C out | sort; tar xf t.tar -C nowhere; echo "rc=$?"' },
  { name: 'tar-abs', files: T, sh: 'tar cf - /tmp/kctl-userland-golden/w/d/a | tar tf -' },
  { name: 'tar-errors', sh: 'tar xf nope.tar; echo "rc=$?"; echo notatar | tar tf -; echo "rc=$?"; tar cf - nope > /dev/null; echo "rc=$?"' },
  { name: 'tar-usage', sh: 'tar; echo "rc=$?"', norm: ['bbversion'] },
  { name: 'tar-gzip-pipe', files: T, sh: 'tar cf - d | gzip > d.tgz; gunzip -c d.tgz | tar tf - | sort; gzip -dc d.tgz | tar xf - -C /tmp && cat /tmp/d/a' },
  { name: 'gzip-files', files: T, sh: 'cp d/a f; gzip f; ls f*; gunzip f.gz; cat f; gzip -c f > g.gz; zcat g.gz; echo x | gzip | gunzip; gzip nope; echo "rc=$?"; echo notgz | gunzip; echo "rc=$?"; gzip -k f; ls f*' },
];
