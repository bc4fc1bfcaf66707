// x-kubernetes-validations (CEL) rules of CustomResourceDefinitions, as apiextensions-apiserver 1.33 evaluates
// and checks them: the Kubernetes documentation's examples (fixtures/crd/cel, with credits), the error texts of
// pkg/apiserver/schema/cel/validation.go and pkg/apis/apiextensions/validation, cel-go's issue format, the
// estimated-cost limits, transition rules, reasons, field paths, messageExpression, optionalOldSelf and ratcheting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import YAML from 'yaml';
import { kctl, freshHome } from './helpers.mjs';

const home = freshHome();
const k = (args, opts) => kctl(home, args, opts);
const ok = (args, opts) => { const r = k(args, opts); assert.equal(r.code, 0, `${JSON.stringify(args)}: ${r.stderr}`); return r; };
const fixture = name => YAML.parse(fs.readFileSync(`fixtures/crd/cel/${name}`, 'utf8'));
const apply = (obj, extra = []) => k(['apply', ...extra, '-f', '-'], { input: JSON.stringify(obj) });
const RULE = rule => `apiextensions.ValidationRule{Rule:${JSON.stringify(rule)}, Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}`;
const COST_HINT = '(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';

/** A one-version CRD `things.cel.example.com` with this schema. */
function crd(schema, plural = 'things', kind = 'Thing') {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.cel.example.com` },
    spec: { group: 'cel.example.com', scope: 'Namespaced', names: { plural, kind }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  };
}

test('the documentation\'s replicas rules: message, the default "failed rule:" message, several failures', () => {
  assert.equal(ok('apply -f fixtures/crd/cel/replicas-crd.yaml').stdout, 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
  const r = k('apply -f fixtures/crd/cel/replicas-cr.yaml');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'The CronTab "my-new-cron-object" is invalid: spec: Invalid value: "object": replicas should be smaller than or equal to maxReplicas.\n');
  const cr = fixture('replicas-cr.yaml');
  cr.spec.minReplicas = 30;
  assert.equal(apply(cr).stderr, 'The CronTab "my-new-cron-object" is invalid: \n'
    + '* spec: Invalid value: "object": replicas should be greater than or equal to minReplicas.\n'
    + '* spec: Invalid value: "object": replicas should be smaller than or equal to maxReplicas.\n');
  // without a message: "failed rule: <rule>"
  const def = fixture('replicas-crd.yaml');
  for (const r of def.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations']) delete r.message;
  assert.match(apply(def).stdout, /configured/);
  assert.equal(k('apply -f fixtures/crd/cel/replicas-cr.yaml').stderr,
    'The CronTab "my-new-cron-object" is invalid: spec: Invalid value: "object": failed rule: self.replicas <= self.maxReplicas\n');
  cr.spec = { minReplicas: 1, replicas: 5, maxReplicas: 10 };
  assert.equal(apply(cr).stdout, 'crontab.stable.example.com/my-new-cron-object created\n');
  ok('delete -f fixtures/crd/cel/replicas-crd.yaml');
});

test('the documentation\'s compilation failures, with cel-go\'s issue and caret', () => {
  const cases = [
    [{ type: 'integer', 'x-kubernetes-validations': [{ rule: 'self == true' }] },
      "compilation failed: ERROR: <input>:1:6: found no matching overload for '_==_' applied to '(int, bool)'\n | self == true\n | .....^"],
    [{ type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.nonExistingField > 0' }] },
      "compilation failed: ERROR: <input>:1:5: undefined field 'nonExistingField'\n | self.nonExistingField > 0\n | ....^"],
    [{ type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'has(self)' }] },
      'compilation failed: ERROR: <input>:1:4: invalid argument to has() macro\n | has(self)\n | ...^'],
  ];
  for (const [field, detail] of cases) {
    const r = apply(crd({ type: 'object', properties: { spec: field } }));
    const rule = field['x-kubernetes-validations'][0].rule;
    assert.equal(r.stderr, `The CustomResourceDefinition "things.cel.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: ${RULE(rule)}: ${detail}\n`, rule);
    assert.equal(r.code, 1);
  }
});

test('more compilation failures: undeclared references, types, syntax, regex literals, a bool is required', () => {
  const rules = {
    "self.x.foo()": "ERROR: <input>:1:11: undeclared reference to 'foo' (in container '')\n | self.x.foo()\n | ..........^",
    'undefinedVar == 1': "ERROR: <input>:1:1: undeclared reference to 'undefinedVar' (in container '')\n | undefinedVar == 1\n | ^",
    'self.x ==': "ERROR: <input>:1:10: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.x ==\n | .........^",
    "self.x.matches('[')": "ERROR: <input>:1:16: invalid matches argument\n | self.x.matches('[')\n | ...............^",
    "[1, 'a'].size() > 0": "ERROR: <input>:1:5: expected type 'int' but found 'string'\n | [1, 'a'].size() > 0\n | ....^",
    'self.l.all(i, i.bad > 0)': "ERROR: <input>:1:16: undefined field 'bad'\n | self.l.all(i, i.bad > 0)\n | ...............^",
    'self.x > 1': "ERROR: <input>:1:8: found no matching overload for '_>_' applied to '(string, int)'\n | self.x > 1\n | .......^",
    "self.x.startsWith(1)": "ERROR: <input>:1:18: found no matching overload for 'startsWith' applied to 'string.(int)'\n | self.x.startsWith(1)\n | .................^",
    'isSemver(self.x)': "ERROR: <input>:1:9: undeclared reference to 'isSemver' (in container '')\n | isSemver(self.x)\n | ........^",
  };
  const schema = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-validations': [...Object.keys(rules).map(rule => ({ rule })), { rule: 'self.x' }],
    properties: { x: { type: 'string' }, l: { type: 'array', items: { type: 'object', properties: { v: { type: 'integer' } } } } } } } };
  const r = apply(crd(schema));
  const base = 'spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations';
  const want = Object.entries(rules).map(([rule, issue], i) => `* ${base}[${i}].rule: Invalid value: ${RULE(rule)}: compilation failed: ${issue}`);
  want.push(`* ${base}[${want.length}].rule: Invalid value: ${RULE('self.x')}: cel expression must evaluate to a bool`);
  assert.equal(r.stderr, `The CustomResourceDefinition "things.cel.example.com" is invalid: \n${want.join('\n')}\n`);
});

test('the rules\' own fields are checked: reason, fieldPath, message, messageExpression, optionalOldSelf, oldSelf where nothing correlates, rules in allOf', () => {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: {
    a: { type: 'object', properties: { x: { type: 'string' } }, 'x-kubernetes-validations': [
      { rule: "self.x == 'a'", reason: 'Bogus', fieldPath: '.y' },
      { rule: 'self.x == "a"\n|| true' },
      { rule: 'true', message: 'two\nlines' },
      { rule: 'true', messageExpression: '  ' },
    ] },
    b: { type: 'object', properties: { x: { type: 'string' } }, 'x-kubernetes-validations': [
      { rule: "self.x == 'a'", optionalOldSelf: false },
      { rule: 'self.x', messageExpression: '1' },
    ] },
    l: { type: 'array', maxItems: 4, items: { type: 'object', properties: { v: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.v == oldSelf.v' }] } },
  } } } };
  const p = 'spec.validation.openAPIV3Schema.properties[spec].properties';
  const q = { type: 'object', properties: { spec: { type: 'object', properties: { q: { type: 'integer', allOf: [{ 'x-kubernetes-validations': [{ rule: 'self > 0' }] }] } } } } };
  assert.equal(apply(crd(q)).stderr, 'The CustomResourceDefinition "things.cel.example.com" is invalid: '
    + `${p}[q].allOf[0].x-kubernetes-validations: Forbidden: must be empty to be structural\n`);
  const r2 = apply(crd(schema));
  assert.equal(r2.stderr, 'The CustomResourceDefinition "things.cel.example.com" is invalid: \n'
    + `* ${p}[a].x-kubernetes-validations[0].reason: Unsupported value: "Bogus": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"\n`
    + `* ${p}[a].x-kubernetes-validations[0].fieldPath: Invalid value: ".y": fieldPath must be a valid path\n`
    + `* ${p}[a].x-kubernetes-validations[1].message: Required value: message must be specified if rule contains line breaks\n`
    + `* ${p}[a].x-kubernetes-validations[2].message: Invalid value: "two\\nlines": message must not contain line breaks\n`
    + `* ${p}[a].x-kubernetes-validations[3].messageExpression: Required value: messageExpression must be non-empty if specified\n`
    + `* ${p}[b].x-kubernetes-validations[0].optionalOldSelf: Invalid value: false: may not be set if oldSelf is not used in rule\n`
    + `* ${p}[b].x-kubernetes-validations[1].rule: Invalid value: ${RULE('self.x').replace('MessageExpression:""', 'MessageExpression:"1"')}: cel expression must evaluate to a bool\n`
    + `* ${p}[l].items.x-kubernetes-validations[0].rule: Invalid value: "self.v == oldSelf.v": oldSelf cannot be used on the uncorrelatable portion of the schema within ${p}[l]\n`);
});

test('the estimated cost: the documentation\'s unbounded list is refused, bounded it is accepted', () => {
  const schema = max => ({ type: 'object', properties: { foo: { type: 'array', ...(max ? { maxItems: 25 } : {}), items: { type: 'string', ...(max ? { maxLength: 10 } : {}) }, 'x-kubernetes-validations': [{ rule: "self.all(x, x.contains('a string'))" }] } } });
  const r = apply(crd(schema(false)));
  assert.equal(r.stderr, 'The CustomResourceDefinition "things.cel.example.com" is invalid: \n'
    + `* spec.validation.openAPIV3Schema.properties[foo].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x ${COST_HINT}\n`
    + '* spec.validation.openAPIV3Schema.properties[foo].x-kubernetes-validations[0].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema\n'
    + `* spec.validation.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${COST_HINT}\n`);
  // a list of integers just over the per-rule limit: the factor is printed
  const ints = crd({ type: 'object', properties: { values: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(value, value >= 0 && value < 100)' }] } } });
  assert.equal(apply(ints).stderr, 'The CustomResourceDefinition "things.cel.example.com" is invalid: '
    + `spec.validation.openAPIV3Schema.properties[values].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 1.101004x ${COST_HINT}\n`);
  // kubernetes/kubernetes#124234: a message built with string() of a number has no size bound either
  const issue = crd({ type: 'object', properties: { spec: { type: 'object', properties: { config: { type: 'object',
    'x-kubernetes-validations': [{ messageExpression: "'invalid attempts: ' + string(self.attempts)", rule: 'self.attempts >= 0' }],
    properties: { attempts: { type: 'integer', maximum: 2147483647, minimum: -2147483648 } } } } } } });
  const c = 'spec.validation.openAPIV3Schema.properties[spec].properties[config].x-kubernetes-validations[0].messageExpression';
  assert.equal(apply(issue).stderr, 'The CustomResourceDefinition "things.cel.example.com" is invalid: \n'
    + `* ${c}: Forbidden: estimated messageExpression cost exceeds budget by factor of more than 100x ${COST_HINT}\n`
    + `* ${c}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema\n`
    + `* spec.validation.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${COST_HINT}\n`);
  assert.match(apply(crd(schema(true))).stdout, /created/);
  const obj = { apiVersion: 'cel.example.com/v1', kind: 'Thing', metadata: { name: 'a' }, foo: ['a string!', 'nope'] };
  assert.equal(apply(obj).stderr, 'The Thing "a" is invalid: foo: Invalid value: "array": failed rule: self.all(x, x.contains(\'a string\'))\n');
  obj.foo = ['a string'];
  assert.equal(apply(obj).stdout, 'thing.cel.example.com/a created\n');
  ok('delete crd things.cel.example.com');
});

test('every example rule of the documentation holds on a good object and fails alone with its message', () => {
  ok('apply -f fixtures/crd/cel/examples-crd.yaml');
  const good = fixture('examples-ok.yaml');
  assert.equal(apply(good).stdout, 'example.docs.example.com/singleton created\n');
  const mutations = [
    [o => { o.metadata.name = 'other'; }, '<nil>: Invalid value: "object": failed rule: self.metadata.name == \'singleton\''],
    [o => { o.status.availableReplicas = 0; }, '<nil>: Invalid value: "object": failed rule: self.status.availableReplicas >= self.spec.minReplicas'],
    [o => { o.spec.replicas = 5; }, 'spec: Invalid value: "object": failed rule: self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas'],
    [o => { o.spec.stateCounts = { Ready: 1 }; }, "spec: Invalid value: \"object\": failed rule: 'Available' in self.stateCounts"],
    [o => { o.spec.list2 = ['b']; }, 'spec: Invalid value: "object": failed rule: (self.list1.size() == 0) != (self.list2.size() == 0)'],
    [o => { o.spec.map1.MY_KEY = 'a1'; }, "spec: Invalid value: \"object\": failed rule: !('MY_KEY' in self.map1) || self.map1['MY_KEY'].matches('^[a-zA-Z]*$')"],
    [o => { o.spec.envars[0].value = 'a1'; }, "spec: Invalid value: \"object\": failed rule: self.envars.filter(e, e.name == 'MY_ENV').all(e, e.value.matches('^[a-zA-Z]*$'))"],
    [o => { o.spec.ttl = '3h'; }, 'spec: Invalid value: "object": failed rule: has(self.expired) && self.created + self.ttl < self.expired'],
    [o => { o.spec.health = 'bad'; }, "spec: Invalid value: \"object\": failed rule: self.health.startsWith('ok')"],
    [o => { o.spec.widgets[0].foo = 10; }, "spec: Invalid value: \"object\": failed rule: self.widgets.exists(w, w.key == 'x' && w.foo < 10)"],
    [o => { o.spec.set2 = ['b']; }, 'spec: Invalid value: "object": failed rule: self.set1.all(e, !(e in self.set2))'],
    [o => { o.spec.details = { alpha: 'first', gamma: 'third' }; }, 'spec: Invalid value: "object": failed rule: self.names.size() == self.details.size() && self.names.all(n, n in self.details)'],
    [o => { o.spec.details.beta = 'x1'; }, "spec: Invalid value: \"object\": failed rule: self.details.all(key, self.details[key].matches('^[a-zA-Z]*$'))"],
    [o => { o.spec.order = ['z', 'should-be-first']; }, 'spec: Invalid value: "object": failed rule: self.order.isSorted()'],
    [o => { o.spec.items[0].weight = 0.5; }, 'spec: Invalid value: "object": failed rule: self.items.map(x, x.weight).sum() == 1.0'],
    [o => { o.spec.lowPriorities[1].priority = 3; }, 'spec: Invalid value: "object": failed rule: self.lowPriorities.map(x, x.priority).max() < self.highPriorities.map(x, x.priority).min()'],
    [o => { o.spec.order = ['a', 'b', 'should-be-first']; }, "spec: Invalid value: \"object\": failed rule: self.order.indexOf('should-be-first') == 1"],
    [o => { o.spec['x-prop'] = 0; }, 'spec: Invalid value: "object": failed rule: self.__namespace__ > 0 && self.x__dash__prop > 0 && self.redact__underscores__d > 0'],
    [o => { o.spec.intOrString = 41; }, 'spec.intOrString: Invalid value: "": failed rule: type(self) == string ? self == \'99%\' : self == 42'],
    [o => { o.spec.values = [100]; }, 'spec.values: Invalid value: "array": failed rule: self.all(value, value >= 0 && value < 100)'],
    [o => { o.spec.components.Widget.priority = 10; }, "spec.components: Invalid value: \"object\": failed rule: self['Widget'].priority < 10"],
    [o => { o.spec.kube = 'cube'; }, "spec.kube: Invalid value: \"string\": failed rule: self.startsWith('kube')"],
    [o => { o.spec.endpoint = 'https://example.com/path%20with%20spaces/'; }, "spec.endpoint: Invalid value: \"string\": failed rule: url(self).getHost() == 'example.com:80'"],
    [o => { o.spec.quantities = '2Gi'; }, "spec.quantities: Invalid value: \"string\": failed rule: isQuantity(self) && quantity(self).isLessThan(quantity('1Gi'))"],
    [o => { o.spec.regex = 'abc'; }, "spec.regex: Invalid value: \"string\": failed rule: self.find('[0-9]+') == '123'"],
  ];
  for (const [mutate, want] of mutations) {
    const o = structuredClone(good);
    mutate(o);
    const r = apply(o, ['--dry-run=server']);
    assert.equal(r.stderr, `The Example "${o.metadata.name}" is invalid: ${want}\n`, want);
  }
  // the intOrString rule holds for 42 too, and "42" (a string) fails it
  const o = structuredClone(good);
  o.spec.intOrString = 42;
  assert.equal(apply(o, ['--dry-run=server']).code, 0);
});

test('transition rules: only on update, with the old value; reasons, fieldPath, messageExpression, optionalOldSelf', () => {
  ok('apply -f fixtures/crd/cel/transition-crd.yaml');
  const db = { apiVersion: 'example.com/v1', kind: 'Database', metadata: { name: 'orders' }, spec: { engine: 'postgres', storageGB: 10, version: 0, tier: 'gold', region: 'eu', owner: 'ana', users: [{ name: 'u1', role: 'admin' }] } };
  // on create, transition rules do not run; an optionalOldSelf rule does, with oldSelf none
  assert.equal(apply(db).stderr, 'The Database "orders" is invalid: spec.version: Invalid value: "integer": version starts at 1\n');
  db.spec.version = 2;
  assert.equal(apply(db).stdout, 'database.example.com/orders created\n');
  const change = (f, extra = []) => { const o = structuredClone(db); f(o.spec); return apply(o, extra); };
  assert.equal(change(s => { s.engine = 'mysql'; }).stderr, 'The Database "orders" is invalid: spec.engine: Invalid value: "string": Value is immutable\n');
  assert.equal(change(s => { delete s.engine; }).stderr, 'The Database "orders" is invalid: spec: Invalid value: "object": Value is required once set\n');
  assert.equal(change(s => { s.storageGB = 5; s.version = 1; }).stderr, 'The Database "orders" is invalid: \n'
    + '* spec.storageGB: Invalid value: "integer": Storage size cannot be decreased\n'
    + '* spec.version: Invalid value: "integer": version may not go back\n');
  assert.equal(change(s => { s.users[0].role = 'reader'; }).stderr, 'The Database "orders" is invalid: spec.users[0].role: Invalid value: "string": a user\'s role is immutable\n');
  // a new map-list entry has no old value: its transition rule does not run
  assert.equal(change(s => { s.users.push({ name: 'u2', role: 'reader' }); }, ['--dry-run=server']).code, 0);
  assert.equal(change(s => { s.minSize = 3; }).stderr, 'The Database "orders" is invalid: spec.maxSize: Required value: minSize and maxSize go together\n');
  assert.equal(change(s => { s.minSize = 3; s.maxSize = 2; }).stderr, 'The Database "orders" is invalid: spec.minSize: Invalid value: "object": minSize must not exceed maxSize (in GiB)\n');
  assert.equal(change(s => { s.region = 'local'; }).stderr, 'The Database "orders" is invalid: spec.region: Forbidden: gold databases are not local\n');
  assert.equal(change(s => { s.replicaNames = ['a', 'b', 'a']; }).stderr, 'The Database "orders" is invalid: spec.replicaNames: Duplicate value: "object"\n');
  assert.equal(change(s => { s.storageGB = 20; s.version = 3; }).stdout, 'database.example.com/orders configured\n');
  // kubectl patch and edit go through the same validation
  const p = k(['patch', 'db', 'orders', '--type=merge', '-p', '{"spec":{"engine":"mongo"}}']);
  assert.equal(p.stderr, 'The Database "orders" is invalid: spec.engine: Invalid value: "string": Value is immutable\n');
});

test('ratcheting: an unchanged value that breaks a rule is a warning on update; the status subresource is validated', () => {
  // loosen then tighten the rule: the stored owner no longer passes, but an update that keeps it is accepted
  const def = fixture('transition-crd.yaml');
  const owner = def.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.owner;
  owner['x-kubernetes-validations'][0].rule = "self.matches('^[a-z0-9]+$')";
  assert.match(apply(def).stdout, /configured/);
  const db = JSON.parse(ok('get db orders -o json').stdout);
  db.spec.owner = 'ana2';
  delete db.metadata.resourceVersion;
  assert.match(apply(db).stdout, /configured/);
  owner['x-kubernetes-validations'][0].rule = "self.matches('^[a-z]+$')";
  assert.match(apply(def).stdout, /configured/);
  db.spec.storageGB = 30;
  const r = apply(db);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, 'Warning: spec.owner: Invalid value: "string": owner must be lowercase letters\n');
  db.spec.owner = 'bob2';
  assert.equal(apply(db).stderr, 'The Database "orders" is invalid: spec.owner: Invalid value: "string": owner must be lowercase letters\n');
  // status: through the status subresource, with the rules of the status schema
  const s = k(['patch', 'db', 'orders', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Lost"}}']);
  assert.equal(s.stderr, 'The Database "orders" is invalid: status.phase: Invalid value: "string": phase must be Pending or Ready\n');
  assert.equal(ok(['patch', 'db', 'orders', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Ready"}}']).stdout, 'database.example.com/orders patched\n');
});

test('runtime errors, blocking schema errors, messageExpression falling back to the message', () => {
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: {
    a: { type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.n > 0' }] },
    l: { type: 'array', maxItems: 4, items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self[3] > 0' }] },
    d: { type: 'integer', 'x-kubernetes-validations': [{ rule: '10 / self > 0' }] },
    p: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': [{ rule: 'self < 100', message: 'below 100' }] },
    q: { type: 'string', maxLength: 16, 'x-kubernetes-validations': [{ rule: 'quantity(self).isInteger()' }] },
    m: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 1', message: 'more than one', messageExpression: "'' + ' '" }] },
    e: { type: 'string', enum: ['x', 'y'], 'x-kubernetes-validations': [{ rule: "self == 'x'" }] },
  } } } };
  assert.match(apply(crd(schema, 'gizmos', 'Gizmo')).stdout, /created/);
  const g = spec => apply({ apiVersion: 'cel.example.com/v1', kind: 'Gizmo', metadata: { name: 'g' }, spec });
  assert.equal(g({ a: {}, l: [1], d: 0, p: 'x', q: 'x1', m: 0 }).stderr, 'The Gizmo "g" is invalid: \n'
    + '* spec.a: Invalid value: "object": no such key: n evaluating rule: self.n > 0\n'
    + '* spec.d: Invalid value: "integer": division by zero evaluating rule: 10 / self > 0\n'
    + '* spec.l: Invalid value: "array": index out of bounds: 3 evaluating rule: self[3] > 0\n'
    + '* spec.m: Invalid value: "integer": more than one\n'
    + "* spec.p: Invalid value: \"\": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: below 100\n"
    + "* spec.q: Invalid value: \"string\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' evaluating rule: quantity(self).isInteger()\n");
  // a schema error that would make the rules meaningless stops them
  assert.equal(g({ e: 'z' }).stderr, 'The Gizmo "g" is invalid: \n'
    + '* spec.e: Unsupported value: "z": supported values: "x", "y"\n'
    + '* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n');
  assert.equal(g({ e: 'y' }).stderr, 'The Gizmo "g" is invalid: spec.e: Invalid value: "string": failed rule: self == \'x\'\n');
  ok('delete crd gizmos.cel.example.com');
});

test('reads do not evaluate rules (nor warn that they were not)', () => {
  // no warning about rules left unevaluated any more, and get/describe/list work as before
  const r = ok('get db orders -o jsonpath={.spec.engine}');
  assert.equal(r.stdout, 'postgres');
  assert.equal(r.stderr, '');
});
