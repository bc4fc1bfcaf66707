// CustomResourceDefinitions served like built-in kinds: discovery, printer columns, structural schema
// (pruning, defaults, validation with kube-openapi's messages), status and scale subresources, several
// versions, explain, every verb, CRD validation and deletion through the cleanup finalizer.
// Expected server messages are those of apiextensions-apiserver 1.33 / kube-openapi (pkg/apiserver/validation,
// pkg/apis/apiextensions/validation, pkg/validation/errors); describe is checked against kubectl 1.33's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kctl, freshHome, tmpFile, ROOT } from './helpers.mjs';

const home = freshHome();
const k = (args, opts) => kctl(home, args, opts);
const ok = (args, opts) => { const r = k(args, opts); assert.equal(r.code, 0, `${JSON.stringify(args)}: ${r.stderr}`); return r; };
const normalize = s => s.replace(/(Creation Timestamp:\s+)\S+/, '$1T').replace(/(UID:\s+)\S+/, '$1U').replace(/(Resource Version:\s+)\S+/, '$1R');

test('a CRD is established and its kind is served: get, wide, api-resources, api-versions, categories', () => {
  assert.equal(ok(['apply', '-f', 'fixtures/crd/crontab-crd.yaml']).stdout, 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
  const crd = JSON.parse(ok('get crd crontabs.stable.example.com -o json').stdout);
  assert.deepEqual(crd.status.conditions.map(c => [c.type, c.status, c.reason, c.message]), [
    ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
    ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
  ]);
  assert.deepEqual(crd.status.acceptedNames, { categories: ['all'], kind: 'CronTab', listKind: 'CronTabList', plural: 'crontabs', shortNames: ['ct'], singular: 'crontab' });
  assert.deepEqual(crd.status.storedVersions, ['v1']);
  assert.equal(crd.spec.conversion.strategy, 'None');
  assert.equal(ok(['apply', '-f', 'fixtures/crd/my-crontab.yaml']).stdout, 'crontab.stable.example.com/my-new-cron-object created\n');
  for (const t of ['crontabs', 'crontab', 'ct', 'CronTab', 'crontabs.stable.example.com', 'crontabs.v1.stable.example.com']) {
    assert.match(ok(['get', t]).stdout, /^NAME {17}SPEC {10}REPLICAS   AGE\nmy-new-cron-object   \* \* \* \* \*\/5   1          \d+s\n$/, t);
  }
  assert.match(ok('get ct -o wide').stdout, /^NAME {17}SPEC {10}REPLICAS   IMAGE {19}AGE\nmy-new-cron-object   \* \* \* \* \*\/5   1          my-awesome-cron-image   \d+s\n$/);
  assert.equal(ok('get ct -o name').stdout, 'crontab.stable.example.com/my-new-cron-object\n');
  assert.match(ok('get all').stdout, /crontab\.stable\.example\.com\/my-new-cron-object   \* \* \* \* \*\/5   1 /);
  assert.match(ok('api-resources').stdout, /\ncrontabs {28}ct {11}stable\.example\.com\/v1 {13}true {9}CronTab\n/);
  assert.match(ok('api-resources -o wide --api-group=stable.example.com').stdout, /delete,deletecollection,get,list,patch,create,update,watch {3}all\n$/);
  assert.match(ok('api-versions').stdout, /\nstable\.example\.com\/v1\n/);
  const r = k('get crontabz');
  assert.equal(r.stderr, 'error: the server doesn\'t have a resource type "crontabz"\n');
});

test('printer columns: a CRD without any gets the default AGE column; types render as the table convertor does', () => {
  ok(['apply', '-f', '-'], { input: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gizmos.toys.example.com}
spec:
  group: toys.example.com
  scope: Cluster
  names: {plural: gizmos, kind: Gizmo}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v2
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Ratio, type: number, jsonPath: .spec.ratio}
    - {name: "On", type: boolean, jsonPath: .spec.on}
    - {name: Tags, type: string, jsonPath: .spec.tags}
    - {name: Missing, type: string, jsonPath: .spec.nothing}
` });
  ok(['apply', '-f', '-'], { input: 'apiVersion: toys.example.com/v1\nkind: Gizmo\nmetadata: {name: g1}\nspec: {ratio: 0.5, "on": true, tags: [a, b]}\n' });
  // v2 is the preferred version (kube-aware version order), so plain `get gizmos` shows its columns
  assert.equal(ok('get gizmos').stdout, 'NAME   RATIO   ON     TAGS        MISSING\ng1     0.5     true   ["a","b"]   <none>\n');
  assert.match(ok('get gizmos.v1.toys.example.com').stdout, /^NAME   AGE\ng1     \d+s\n$/);
  // None conversion: only apiVersion changes
  assert.equal(ok('get gizmos.v1.toys.example.com g1 -o jsonpath={.apiVersion}').stdout, 'toys.example.com/v1');
  assert.equal(ok('get gizmo g1 -o jsonpath={.apiVersion}').stdout, 'toys.example.com/v2');
});

test('structural schema: pruning (strict, warn, ignore), defaults, validation messages of the API server', () => {
  const bad = tmpFile('bad.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: bad}\nspec: {cronSpec: nope, replicas: "string", extra: 1}\n');
  let r = k(['apply', '-f', bad]);
  assert.equal(r.stderr, `Error from server (BadRequest): error when creating "${bad}": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.extra"\n`);
  assert.equal(r.code, 1);
  r = k(['apply', '-f', bad, '--validate=false']);
  assert.equal(r.stderr, 'The CronTab "bad" is invalid: \n'
    + "* spec.cronSpec: Invalid value: \"nope\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'\n"
    + '* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n');
  const one = tmpFile('one.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: big}\nspec: {replicas: 20}\n');
  r = k(['create', '-f', one]);
  assert.equal(r.stderr, 'The CronTab "big" is invalid: spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10\n');
  const warn = tmpFile('warn.yaml', 'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: warned, junk: x}\nspec: {image: i, extra: 1}\nstatus: {replicas: 9}\n');
  r = k(['apply', '-f', warn, '--validate=warn']);
  assert.equal(r.stderr, 'Warning: unknown field "metadata.junk"\nWarning: unknown field "spec.extra"\n');
  const o = JSON.parse(ok('get ct warned -o json').stdout);
  assert.deepEqual(o.spec, { image: 'i', replicas: 1 }, 'pruned and defaulted');
  assert.equal(o.status, undefined, 'status is the status subresource\'s to write');
  assert.equal(o.metadata.generation, 1);
});

test('status and scale subresources; generation; strategic merge refused as the server refuses it', () => {
  let r = ok(['patch', 'ct', 'my-new-cron-object', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":2,"labelSelector":"app=cron"}}']);
  assert.equal(r.stdout, 'crontab.stable.example.com/my-new-cron-object patched\n');
  assert.equal(ok('get ct my-new-cron-object -o jsonpath={.metadata.generation}').stdout, '1', 'status does not bump generation');
  assert.equal(ok('scale ct my-new-cron-object --replicas=3').stdout, 'crontab.stable.example.com/my-new-cron-object scaled\n');
  assert.equal(ok('get ct my-new-cron-object -o jsonpath={.spec.replicas}/{.metadata.generation}').stdout, '3/2');
  r = ok(['patch', 'ct', 'my-new-cron-object', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":4}}', '-o', 'json']);
  const scale = JSON.parse(r.stdout);
  assert.equal(scale.kind, 'Scale');
  assert.deepEqual(scale.status, { replicas: 2, selector: 'app=cron' });
  assert.equal(scale.spec.replicas, 4);
  r = k(['patch', 'ct', 'my-new-cron-object', '-p', '{"spec":{"image":"x"}}']);
  assert.equal(r.stderr, 'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n');
  assert.equal(r.code, 1);
  ok(['patch', 'ct', 'my-new-cron-object', '--type=json', '-p', '[{"op":"replace","path":"/spec/image","value":"x:2"}]']);
  ok(['patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"spec":{"cronSpec":"*/5 * * * *"}}']);
  assert.equal(ok('label ct my-new-cron-object app=cron').stdout, 'crontab.stable.example.com/my-new-cron-object labeled\n');
  assert.equal(ok('annotate ct my-new-cron-object note=hello').stdout, 'crontab.stable.example.com/my-new-cron-object annotated\n');
  const edited = ok(['edit', 'ct', 'my-new-cron-object'], { env: { KUBE_EDITOR: `sed -i s/x:2/x:3/` } });
  assert.equal(edited.stdout, 'crontab.stable.example.com/my-new-cron-object edited\n');
  assert.equal(ok('get ct my-new-cron-object -o jsonpath={.spec.image}').stdout, 'x:3');
  r = k('scale gizmo g1 --replicas=2');
  assert.equal(r.stderr, 'Error from server (NotFound): the server could not find the requested resource\n');
});

test('describe a custom resource as kubectl 1.33 does (generic describer)', () => {
  const h = freshHome();
  kctl(h, ['apply', '-f', 'fixtures/crd/crontab-crd.yaml']);
  kctl(h, ['apply', '-f', 'fixtures/crd/my-crontab.yaml']);
  kctl(h, 'label ct my-new-cron-object app=cron');
  kctl(h, 'annotate ct my-new-cron-object note=hello');
  const golden = fs.readFileSync(path.join(ROOT, 'test/golden/crd/describe-crontab.txt'), 'utf8');
  assert.equal(normalize(kctl(h, 'describe ct my-new-cron-object').stdout), normalize(golden));
});

test('explain reads the CRD schema', () => {
  const r = ok('explain crontabs.spec');
  assert.equal(r.stdout, 'GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n\nFIELD: spec <Object>\n\n\nDESCRIPTION:\n    <empty>\nFIELDS:\n'
    + '  cronSpec\t<string>\n    <no description>\n\n  image\t<string>\n    <no description>\n\n  replicas\t<integer>\n    <no description>\n\n\n');
  assert.match(ok('explain ct').stdout, /\n  metadata\t<ObjectMeta>\n    Standard object's metadata\./);
});

test('CRD validation: the API server\'s messages for a bad CRD', () => {
  const r = k(['apply', '-f', '-'], { input: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example}
spec:
  group: example
  scope: Global
  names: {plural: gadgets, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        properties:
          spec: {properties: {a: {type: string}}}
` });
  assert.equal(r.stderr, 'The CustomResourceDefinition "gadgets.example" is invalid: \n'
    + '* spec.group: Invalid value: "example": should be a domain with at least one dot\n'
    + '* spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"\n'
    + '* spec.versions: Invalid value: must have exactly one version marked as storage version\n'
    // the schema of every version alike is checked once, on the internal CRD, at spec.validation (as on a real cluster)
    + '* spec.validation.openAPIV3Schema.type: Required value: must not be empty at the root\n'
    + '* spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields\n');
  const r2 = k(['apply', '-f', '-'], { input: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: wrong.example.com}\nspec: {group: example.com, scope: Cluster, names: {plural: things, kind: Thing}, versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]}\n' });
  assert.equal(r2.stderr, 'The CustomResourceDefinition "wrong.example.com" is invalid: metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group\n');
});

test('wait, delete, namespace deletion, and a CRD deleted with its objects (Terminating while one holds a finalizer)', () => {
  assert.equal(ok('wait --for=jsonpath={.spec.replicas}=4 ct/my-new-cron-object --timeout=5s').stdout, 'crontab.stable.example.com/my-new-cron-object condition met\n');
  ok('create namespace crns');
  ok(['apply', '-n', 'crns', '-f', 'fixtures/crd/my-crontab.yaml']);
  ok('delete ns crns');
  assert.equal(k('get ct -n crns').stderr, 'No resources found in crns namespace.\n');
  assert.equal(ok('delete ct warned').stdout, 'crontab.stable.example.com "warned" deleted\n');
  ok(['patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
  ok('delete crd crontabs.stable.example.com --wait=false');
  const crd = JSON.parse(ok('get crd crontabs.stable.example.com -o json').stdout);
  assert.deepEqual(crd.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  const term = crd.status.conditions.find(c => c.type === 'Terminating');
  assert.deepEqual([term.status, term.reason, term.message], ['True', 'InstanceDeletionInProgress', 'CustomResource deletion is in progress']);
  assert.ok(JSON.parse(ok('get ct my-new-cron-object -o json').stdout).metadata.deletionTimestamp);
  const r = k(['create', '-f', 'fixtures/crd/my-crontab.yaml', '-n', 'kube-public']);
  assert.equal(r.stderr, 'Error from server (MethodNotAllowed): error when creating "fixtures/crd/my-crontab.yaml": create not allowed while custom resource definition is terminating\n');
  ok(['patch', 'ct', 'my-new-cron-object', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
  assert.equal(k('get crd crontabs.stable.example.com').stderr, 'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "crontabs.stable.example.com" not found\n');
  assert.equal(k('get ct').stderr, 'error: the server doesn\'t have a resource type "ct"\n');
  // re-created, the kind is served again, empty
  ok(['apply', '-f', 'fixtures/crd/crontab-crd.yaml']);
  assert.equal(k('get ct').stderr, 'No resources found in default namespace.\n');
});
