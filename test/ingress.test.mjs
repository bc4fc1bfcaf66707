// Ingress and IngressClass: stored and validated as kube-apiserver 1.33 does (path types, host wildcards,
// defaultBackend, resource backends), the default IngressClass from its annotation, ADDRESS from the
// cluster config's ingress address, and seed 004's Ingress section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const seed = f => path.join(FIXTURES, 'seeds', f);
const json = (home, args) => JSON.parse(kctl(home, [...args, '-o', 'json']).stdout);
const ingress = (name, spec, extra = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
${extra}spec:
${spec}`;
const apply = (home, text) => kctl(home, ['apply', '-f', tmpFile('i.yaml', text)]);

test('seed 004: minimal-ingress, a resource backend and an IngressClass', () => {
  const home = freshHome();
  let r = kctl(home, ['apply', '-f', seed('minimal-ingress-seed004.yaml')]);
  assert.equal(r.stdout, 'ingress.networking.k8s.io/minimal-ingress created\n', r.stderr);
  assert.match(kctl(home, 'get ingress').stdout, /^NAME +CLASS +HOSTS +ADDRESS +PORTS +AGE\nminimal-ingress +nginx-example +\* + 80 +\d+s\n$/);
  const ing = json(home, ['get', 'ingress', 'minimal-ingress']);
  assert.deepEqual(ing.status, { loadBalancer: {} });
  assert.equal(ing.metadata.annotations['nginx.ingress.kubernetes.io/rewrite-target'], '/');
  r = kctl(home, ['apply', '-f', seed('ingress-resource-backend.yaml')]);
  assert.equal(r.stdout, 'ingress.networking.k8s.io/ingress-resource-backend created\n', r.stderr);
  r = kctl(home, 'describe ingress ingress-resource-backend');
  assert.match(r.stdout, /\nDefault backend: +APIGroup: k8s\.example\.com, Kind: StorageBucket, Name: static-assets\n/);
  assert.match(r.stdout, /\n +\/icons +APIGroup: k8s\.example\.com, Kind: StorageBucket, Name: icon-assets\n/);
  r = kctl(home, ['apply', '-f', seed('ingressclass-external-lb.yaml')]);
  assert.equal(r.stdout, 'ingressclass.networking.k8s.io/external-lb created\n', r.stderr);
  const ic = json(home, ['get', 'ingressclass', 'external-lb']);
  assert.equal(ic.spec.parameters.scope, 'Cluster', 'the v1 API defaults parameters.scope');
  assert.match(kctl(home, 'get ingressclass').stdout, /\nexternal-lb +example\.com\/ingress-controller +IngressParameters\.k8s\.example\.com\/external-lb +\d+s\n/);
});

test('the default IngressClass is set on an Ingress that names none; the newest default wins', () => {
  const home = freshHome();
  const cls = (name, def) => `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${name}
${def ? '  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\n' : ''}spec:
  controller: k8s.io/ingress-nginx
`;
  const spec = '  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n';
  assert.equal(apply(home, cls('plain', false)).code, 0);
  apply(home, ingress('before', spec));
  assert.equal(json(home, ['get', 'ingress', 'before']).spec.ingressClassName, undefined);
  assert.equal(apply(home, cls('nginx', true)).code, 0);
  apply(home, ingress('after', spec));
  assert.equal(json(home, ['get', 'ingress', 'after']).spec.ingressClassName, 'nginx');
  assert.match(kctl(home, 'get ingress after').stdout, /\nafter +nginx +\* +80 +\d+s\n/);
  // an explicit class, or the legacy annotation, is left alone
  apply(home, ingress('explicit', '  ingressClassName: plain\n' + spec));
  assert.equal(json(home, ['get', 'ingress', 'explicit']).spec.ingressClassName, 'plain');
  apply(home, ingress('annotated', spec, '  annotations:\n    kubernetes.io/ingress.class: traefik\n'));
  assert.equal(json(home, ['get', 'ingress', 'annotated']).spec.ingressClassName, undefined);
  // two defaults: the newest one
  kctl(home, 'sim advance 2s');
  apply(home, cls('newer', true));
  apply(home, ingress('two', spec));
  assert.equal(json(home, ['get', 'ingress', 'two']).spec.ingressClassName, 'newer');
  // annotation and field must agree
  const r = apply(home, ingress('clash', '  ingressClassName: nginx\n' + spec, '  annotations:\n    kubernetes.io/ingress.class: traefik\n'));
  assert.match(r.stderr, /The Ingress "clash" is invalid: annotations\.kubernetes\.io\/ingress\.class: Invalid value: "traefik": must match `ingressClassName` when both are specified\n$/);
});

test('Ingress validation: path types, paths, hosts, backends', () => {
  const home = freshHome();
  const rule = (host, p, pathType, backend = 'service:\n              name: web\n              port:\n                number: 80') => `  rules:
  - ${host ? `host: "${host}"\n    ` : ''}http:
      paths:
      - ${p !== undefined ? `path: "${p}"\n        ` : ''}${pathType ? `pathType: ${pathType}\n        ` : ''}backend:
            ${backend}
`;
  const err = (name, spec) => { const r = apply(home, ingress(name, spec)); assert.equal(r.code, 1); return r.stderr; };
  assert.equal(err('a', rule('', '/x', '')), 'The Ingress "a" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n');
  assert.equal(err('b', rule('', '/x', 'Regex')), 'The Ingress "b" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"\n');
  assert.equal(err('c', rule('', 'x', 'Exact')), 'The Ingress "c" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "x": must be an absolute path\n');
  assert.equal(err('d', rule('', '/a//b/..', 'Prefix')), 'The Ingress "d" is invalid: \n* spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": must not contain \'//\'\n* spec.rules[0].http.paths[0].path: Invalid value: "/a//b/..": cannot end with \'/..\'\n');
  assert.equal(err('e', rule('', 'rel', 'ImplementationSpecific')), 'The Ingress "e" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "rel": must be an absolute path\n');
  // ImplementationSpecific may leave the path out; Exact may not
  assert.equal(apply(home, ingress('f', rule('', undefined, 'ImplementationSpecific'))).code, 0);
  assert.match(err('g', rule('', undefined, 'Exact')), /path: Invalid value: "": must be an absolute path\n$/);
  // hosts: wildcards, IPs
  assert.equal(apply(home, ingress('h', rule('*.example.com', '/', 'Prefix'))).code, 0);
  assert.match(kctl(home, 'get ingress h').stdout, /\nh +<none> +\*\.example\.com +80 +\d+s\n/);
  assert.match(err('i', rule('foo.*.com', '/', 'Prefix')), /spec\.rules\[0\]\.host: Invalid value: "foo\.\*\.com": a wildcard DNS-1123 subdomain must start with '\*\.'/);
  assert.match(err('j', rule('10.0.0.1', '/', 'Prefix')), /spec\.rules\[0\]\.host: Invalid value: "10\.0\.0\.1": must be a DNS name, not an IP address/);
  // backends
  assert.match(err('k', rule('', '/', 'Prefix', 'service:\n              name: web')), /spec\.rules\[0\]\.http\.paths\[0\]\.backend: Required value: port name or number is required\n$/);
  assert.match(err('l', rule('', '/', 'Prefix', 'service:\n              name: web\n              port:\n                number: 80\n                name: http')), /backend: Invalid value: "": cannot set both port name & port number\n$/);
  assert.match(err('m', rule('', '/', 'Prefix', 'resource:\n              kind: Bucket\n              name: b\n            service:\n              name: web\n              port:\n                number: 80')), /backend: Invalid value: "": cannot set both resource and service backends\n$/);
  assert.match(err('nk', rule('', '/', 'Prefix', 'resource:\n              name: b')), /backend\.resource\.kind: Required value: kind is required\n$/);
  assert.match(err('o', '  tls:\n  - hosts: [example.com]\n'), /^The Ingress "o" is invalid: spec: Invalid value: \[\]networking\.IngressRule\(nil\): either `defaultBackend` or `rules` must be specified\n$/);
});

test('ADDRESS: empty on kind, the cluster config\'s ingress address when it names one', () => {
  const home = freshHome();
  const spec = '  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n';
  apply(home, ingress('plain', spec));
  assert.match(kctl(home, 'get ingress plain').stdout, /\nplain +<none> +\* + 80 +\d+s\n/);
  const cfg = tmpFile('kind.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nkctl:\n  ingressAddress: 172.18.0.100\n');
  assert.equal(kctl(home, ['cluster', 'create', 'ing', '--config', cfg]).code, 0);
  apply(home, ingress('addr', spec + '  tls:\n  - hosts: [a.example.com]\n    secretName: tls\n'));
  assert.match(kctl(home, 'get ingress addr').stdout, /\naddr +<none> +\* +172\.18\.0\.100 +80, 443 +\d+s\n/);
  assert.deepEqual(json(home, ['get', 'ingress', 'addr']).status.loadBalancer.ingress, [{ ip: '172.18.0.100' }]);
  assert.match(kctl(home, 'describe ingress addr').stdout, /\nAddress: +172\.18\.0\.100\n/);
  const bad = tmpFile('bad.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nkctl:\n  ingressAddress: "not an address"\n');
  const r = kctl(home, ['cluster', 'create', 'bad', '--config', bad]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: invalid kctl\.ingressAddress "not an address" in .*bad\.yaml: must be an IPv4 address or a DNS name\n$/);
});
