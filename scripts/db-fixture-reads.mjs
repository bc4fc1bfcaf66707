// What a database fixture (fixtures/db/*) records of its cluster, each read into expected/<file> by the kctl
// that made it (scripts/make-db-fixture.mjs), and what a migrated copy must read back exactly
// (test/upgrade.test.mjs).
export const READS = {
  'namespaces.json': ['get', 'namespaces', '-o', 'json'],
  'nodes.json': ['get', 'nodes', '-o', 'json'],
  'pods.json': ['get', 'pods', '-A', '-o', 'json'],
  'deployments.json': ['get', 'deployments', '-A', '-o', 'json'],
  'replicasets.json': ['get', 'replicasets', '-A', '-o', 'json'],
  'services.json': ['get', 'services', '-A', '-o', 'json'],
  'endpointslices.json': ['get', 'endpointslices', '-A', '-o', 'json'],
  'configmaps.json': ['get', 'configmaps', '-A', '-o', 'json'],
  'secrets.json': ['get', 'secrets', '-A', '-o', 'json'],
  'events.json': ['get', 'events', '-A', '-o', 'json'],
  'now.txt': ['sim', 'now'],
};
