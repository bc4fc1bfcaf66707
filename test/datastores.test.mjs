// The images of the docs' stateful-application tasks and tutorials (issue 7, "the container runtime"): mysql
// (the entrypoint's password check, the client against a Service, mysqladmin ping probes, data on the claim
// surviving the pod), postgres, memcached over nc, the ZooKeeper tutorial's ensemble, the guestbook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { kctl, freshHome, tmpFile, FIXTURES } from './helpers.mjs';

const frozen = () => { const h = freshHome(); assert.equal(kctl(h, 'sim freeze').code, 0); return h; };
const ok = (r) => { assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`); return r; };
const apply = (home, obj) => ok(kctl(home, ['apply', '-f', tmpFile('o.json', JSON.stringify(obj))]));
const PW_WARNING = 'Warning: Using a password on the command line interface can be insecure.\n';

test('mysql without a password option crash-loops with the entrypoint\'s error in its log', () => {
  const h = frozen();
  ok(kctl(h, 'run db --image=mysql:5.6'));
  ok(kctl(h, 'sim advance 30s'));
  const st = JSON.parse(ok(kctl(h, 'get pod db -o json')).stdout).status.containerStatuses[0];
  assert.ok(st.restartCount >= 1);
  assert.equal(st.state.waiting?.reason, 'CrashLoopBackOff');
  assert.equal(st.lastState.terminated.exitCode, 1);
  const log = ok(kctl(h, 'logs db')).stdout;
  assert.match(log, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00 \[Note\] \[Entrypoint\]: Entrypoint script for MySQL Server 5\.6\.51-1debian9 started\.\n/);
  assert.ok(log.endsWith([
    '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
    '    You need to specify one of the following:',
    '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD', ''].join('\n')), log);
  // 5.7 and later say "as an environment variable"
  ok(kctl(h, 'run db8 --image=mysql:8.0'));
  assert.match(ok(kctl(h, 'logs db8')).stdout, /You need to specify one of the following as an environment variable:/);
});

test('mysql: the docs\' single-instance deployment, a client pod through the Service, errors as the client prints them', () => {
  const h = frozen();
  apply(h, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'mysql-pv-claim' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  ok(kctl(h, ['apply', '-f', path.join(FIXTURES, 'website/application/mysql/mysql-deployment.yaml')]));
  ok(kctl(h, 'rollout status deployment/mysql --timeout=60s'));
  const log = ok(kctl(h, 'logs deploy/mysql')).stdout + ok(kctl(h, 'logs deploy/mysql')).stderr;
  assert.match(log, /\[Note\] \[Entrypoint\]: MySQL init process done\. Ready for start up\./);
  assert.match(kctl(h, 'logs deploy/mysql').stdout, /mysqld: ready for connections\.\nVersion: '5\.6\.51'  socket: '\/var\/run\/mysqld\/mysqld\.sock'  port: 3306  MySQL Community Server \(GPL\)\n$/);

  let r = ok(kctl(h, ['run', '-i', '--rm', '--image=mysql:5.6', '--restart=Never', 'client', '--', 'mysql', '-h', 'mysql', '-ppassword', '-e', 'SHOW DATABASES']));
  // run -i attaches to the container's output: the client's warning (stderr) comes first
  assert.equal(r.stdout.replace(/pod "client" deleted\n$/, ''), `${PW_WARNING}Database\ninformation_schema\nmysql\nperformance_schema\n`);

  // a database and a table, read back in table format
  ok(kctl(h, 'run cl --image=mysql:5.6 --restart=Never --command -- sleep 1d'));
  r = ok(kctl(h, ['exec', 'cl', '--', 'mysql', '-h', 'mysql', '-ppassword', '-e', "CREATE DATABASE test; CREATE TABLE test.messages (message VARCHAR(250)); INSERT INTO test.messages VALUES ('hello')"]));
  assert.equal(r.stdout, '');
  r = ok(kctl(h, ['exec', 'cl', '--', 'mysql', '-h', 'mysql', '-ppassword', '-t', '-e', 'SELECT * FROM test.messages']));
  assert.equal(r.stdout, '+---------+\n| message |\n+---------+\n| hello   |\n+---------+\n');
  // a script on stdin, batch output
  r = ok(kctl(h, ['exec', '-i', 'cl', '--', 'mysql', '-h', 'mysql', '-ppassword', '-N'], { input: 'SHOW DATABASES;\nSELECT 1, "x";\n' }));
  assert.equal(r.stdout, 'information_schema\nmysql\nperformance_schema\ntest\n1\tx\n');

  // the errors: a wrong password, an existing database, an unknown host, nobody listening
  r = kctl(h, ['exec', 'cl', '--', 'mysql', '-h', 'mysql', '-pwrong', '-e', 'SELECT 1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Warning: Using a password on the command line interface can be insecure\.\nERROR 1045 \(28000\): Access denied for user 'root'@'10\.244\.\d+\.\d+' \(using password: YES\)\n/);
  r = kctl(h, ['exec', 'cl', '--', 'mysql', '-h', 'mysql', '-ppassword', '-e', 'CREATE DATABASE test']);
  assert.equal(r.stderr.split('\n')[1], "ERROR 1007 (HY000) at line 1: Can't create database 'test'; database exists");
  r = kctl(h, ['exec', 'cl', '--', 'mysql', '-h', 'nope', '-ppassword', '-e', 'SELECT 1']);
  assert.equal(r.stderr, `${PW_WARNING}ERROR 2005 (HY000): Unknown MySQL server host 'nope' (0)\ncommand terminated with exit code 1\n`);
  const ip = ok(kctl(h, ['get', 'pod', 'cl', '-o', 'jsonpath={.status.podIP}'])).stdout;
  r = kctl(h, ['exec', 'cl', '--', 'mysql', '-h', ip, '-ppassword', '-e', 'SELECT 1']);
  assert.equal(r.stderr, `${PW_WARNING}ERROR 2003 (HY000): Can't connect to MySQL server on '${ip}' (111)\ncommand terminated with exit code 1\n`);

  // the data lives on the claim: a new pod of the Deployment still has it
  ok(kctl(h, 'delete pod -l app=mysql'));
  ok(kctl(h, 'rollout status deployment/mysql --timeout=60s'));
  assert.doesNotMatch(ok(kctl(h, 'logs deploy/mysql')).stdout, /Initializing database files/);
  r = ok(kctl(h, ['exec', 'cl', '--', 'mysql', '-h', 'mysql', '-ppassword', '-N', '-e', 'SELECT message FROM test.messages']));
  assert.equal(r.stdout, 'hello\n');
});

test('mysql: exec and tcpSocket readiness probes (mysqladmin ping) pass once mysqld listens', () => {
  const h = frozen();
  apply(h, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', labels: { app: 'db' } },
    spec: {
      containers: [{
        name: 'mysql', image: 'mysql:5.7', env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: '1' }], ports: [{ containerPort: 3306 }],
        livenessProbe: { exec: { command: ['mysqladmin', 'ping'] }, initialDelaySeconds: 5, periodSeconds: 10 },
        readinessProbe: { exec: { command: ['mysql', '-h', '127.0.0.1', '-e', 'SELECT 1'] }, initialDelaySeconds: 5, periodSeconds: 2 },
      }, {
        name: 'side', image: 'busybox', command: ['sleep', '1d'], readinessProbe: { tcpSocket: { port: 3306 }, periodSeconds: 2 },
      }],
    },
  });
  ok(kctl(h, 'sim advance 1m'));
  const pod = JSON.parse(ok(kctl(h, 'get pod db -o json')).stdout);
  assert.deepEqual(pod.status.containerStatuses.map(s => [s.name, s.ready, s.restartCount]), [['mysql', true, 0], ['side', true, 0]]);
  assert.equal(ok(kctl(h, 'exec db -c mysql -- mysqladmin ping')).stdout, 'mysqld is alive\n');
  // no server: the socket is missing
  ok(kctl(h, 'run lone --image=mysql:5.7 --command -- sleep 1d'));
  const r = kctl(h, 'exec lone -- mysqladmin ping');
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'\nCheck that mysqld is running and that the socket: '/var/run/mysqld/mysqld.sock' exists!\ncommand terminated with exit code 1\n");
});

test('postgres needs POSTGRES_PASSWORD (the entrypoint\'s text), else initializes, listens on 5432 and pg_isready says so', () => {
  const h = frozen();
  ok(kctl(h, 'run nopw --image=postgres:17'));
  ok(kctl(h, 'sim advance 20s'));
  const st = JSON.parse(ok(kctl(h, 'get pod nopw -o json')).stdout).status.containerStatuses[0];
  assert.equal(st.lastState.terminated.exitCode, 1);
  assert.equal(ok(kctl(h, 'logs nopw')).stdout, [
    'Error: Database is uninitialized and superuser password is not specified.',
    '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
    '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".', '',
    '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
    '       connections without a password. This is *not* recommended.', '',
    '       See PostgreSQL documentation about "trust":',
    '       https://www.postgresql.org/docs/current/auth-trust.html', ''].join('\n'));
  ok(kctl(h, 'run pg --image=postgres:17 --env=POSTGRES_PASSWORD=secret'));
  ok(kctl(h, 'expose pod pg --port=5432'));
  const log = ok(kctl(h, 'logs pg')).stdout;
  assert.match(log, /PostgreSQL init process complete; ready for start up\.\n/);
  assert.match(log, /\[1\] LOG:  listening on IPv4 address "0\.0\.0\.0", port 5432\n/);
  assert.match(log, /\[1\] LOG:  database system is ready to accept connections\n$/);
  assert.equal(ok(kctl(h, 'exec pg -- pg_isready')).stdout, '/var/run/postgresql:5432 - accepting connections\n');
  ok(kctl(h, 'run cl --image=postgres:17 --command -- sleep 1d'));
  assert.equal(ok(kctl(h, 'exec cl -- pg_isready -h pg')).stdout, 'pg:5432 - accepting connections\n');
  const r = kctl(h, 'exec cl -- pg_isready -h 127.0.0.1');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '127.0.0.1:5432 - no response\n');
});

test('memcached: set and get over the text protocol with nc', () => {
  const h = frozen();
  ok(kctl(h, 'create deployment memcached --image=memcached:1.6 --port=11211'));
  ok(kctl(h, 'expose deployment memcached --port=11211'));
  ok(kctl(h, 'run bb --image=busybox -- sleep 1d'));
  ok(kctl(h, 'rollout status deployment/memcached --timeout=60s'));
  const nc = script => ok(kctl(h, ['exec', 'bb', '--', 'sh', '-c', `printf '${script}' | nc memcached 11211`])).stdout;
  assert.equal(nc('set greeting 0 0 5\\r\\nhello\\r\\nget greeting\\r\\n'), 'STORED\r\nVALUE greeting 0 5\r\nhello\r\nEND\r\n');
  // another connection sees it; add refuses an existing key; incr counts
  assert.equal(nc('get greeting missing\\r\\nadd greeting 0 0 1\\r\\nx\\r\\nset n 0 0 1\\r\\n7\\r\\nincr n 5\\r\\nquit\\r\\n'), 'VALUE greeting 0 5\r\nhello\r\nEND\r\nNOT_STORED\r\nSTORED\r\n12\r\n');
  assert.match(nc('version\\r\\n'), /^VERSION 1\.6\.32\r\n$/);
});

test('the ZooKeeper tutorial: the ensemble comes up Ready through zookeeper-ready, ruok answers imok, data reaches every server', () => {
  const h = frozen();
  ok(kctl(h, ['apply', '-f', path.join(FIXTURES, 'website/application/zookeeper/zookeeper.yaml')]));
  ok(kctl(h, 'sim advance 2m'));
  ok(kctl(h, 'rollout status statefulset/zk --timeout=60s'));
  const pods = JSON.parse(ok(kctl(h, 'get pods -l app.kubernetes.io/name=zk -o json')).stdout).items;
  assert.deepEqual(pods.map(p => [p.metadata.name, p.status.containerStatuses[0].ready, p.status.containerStatuses[0].restartCount]), [['zk-0', true, 0], ['zk-1', true, 0], ['zk-2', true, 0]]);
  for (const i of [0, 1, 2]) assert.equal(ok(kctl(h, `exec zk-${i} -- cat /var/lib/zookeeper/data/myid`)).stdout, `${i + 1}\n`);
  assert.equal(ok(kctl(h, ['exec', 'zk-0', '--', 'sh', '-c', 'echo ruok | nc 127.0.0.1 2181'])).stdout, 'imok');
  assert.equal(ok(kctl(h, ['exec', 'zk-0', '--', 'sh', '-c', 'zookeeper-ready 2181'])).code, 0);
  assert.match(ok(kctl(h, 'exec zk-0 -- cat /opt/zookeeper/conf/zoo.cfg')).stdout, /\nserver\.1=zk-0\.zk-hs\.default\.svc\.cluster\.local:2888:3888\nserver\.2=zk-1\.zk-hs\.default\.svc\.cluster\.local:2888:3888\nserver\.3=zk-2\.zk-hs\.default\.svc\.cluster\.local:2888:3888\n$/);
  assert.match(ok(kctl(h, 'exec zk-0 -- zkCli.sh create /hello world')).stdout, /\nCreated \/hello\n$/);
  assert.match(ok(kctl(h, 'exec zk-1 -- zkCli.sh get /hello')).stdout, /WatchedEvent state:SyncConnected type:None path:null\nworld\ncZxid = 0x\w+\n/);
  // a busybox client through the client Service
  ok(kctl(h, 'run bb --image=busybox -- sleep 1d'));
  assert.equal(ok(kctl(h, ['exec', 'bb', '--', 'sh', '-c', 'echo ruok | nc zk-cs 2181'])).stdout, 'imok');
});

test('the guestbook: gb-frontend writes through redis-leader and reads through gb-redis-follower; wordpress waits for its database', () => {
  const h = frozen();
  ok(kctl(h, 'create deployment redis-leader --image=docker.io/redis:6.0.5'));
  ok(kctl(h, 'expose deployment redis-leader --port=6379'));
  ok(kctl(h, 'create deployment redis-follower --image=us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v2'));
  ok(kctl(h, 'expose deployment redis-follower --port=6379'));
  ok(kctl(h, 'create deployment frontend --image=us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5'));
  ok(kctl(h, 'expose deployment frontend --port=80'));
  ok(kctl(h, 'run bb --image=busybox -- sleep 1d'));
  assert.match(ok(kctl(h, 'exec bb -- wget -qO- frontend')).stdout, /<title>Guestbook<\/title>/);
  assert.equal(ok(kctl(h, ['exec', 'bb', '--', 'wget', '-qO-', 'frontend/guestbook.php?cmd=set&key=messages&value=hi'])).stdout, '{"message":"Updated"}');
  assert.equal(ok(kctl(h, ['exec', 'bb', '--', 'wget', '-qO-', 'frontend/guestbook.php?cmd=get&key=messages'])).stdout, '{"data":"hi"}');
  assert.match(ok(kctl(h, 'logs deploy/redis-follower')).stdout, /\* Connecting to MASTER redis-leader:6379\n/);

  ok(kctl(h, 'run wp --image=wordpress:6.2.1-apache --env=WORDPRESS_DB_HOST=wordpress-mysql --env=WORDPRESS_DB_PASSWORD=pw --env=WORDPRESS_DB_USER=wordpress'));
  ok(kctl(h, 'expose pod wp --port=80'));
  let r = kctl(h, 'exec bb -- wget -qO- wp');
  assert.equal(r.stderr, 'wget: server returned error: HTTP/1.1 500 Internal Server Error\ncommand terminated with exit code 1\n');
  ok(kctl(h, 'run wordpress-mysql -l app=wpdb --image=mysql:8.0 --env=MYSQL_ROOT_PASSWORD=root --env=MYSQL_DATABASE=wordpress --env=MYSQL_USER=wordpress --env=MYSQL_PASSWORD=pw'));
  ok(kctl(h, 'expose pod wordpress-mysql --port=3306'));
  r = ok(kctl(h, 'exec bb -- wget -qO- wp'));
  assert.match(r.stdout, /<title>WordPress &rsaquo; Installation<\/title>/);
  assert.match(ok(kctl(h, 'logs wp')).stderr + ok(kctl(h, 'logs wp')).stdout, /No 'wp-config\.php' found in \/var\/www\/html, but 'WORDPRESS_\.\.\.' variables supplied; copying 'wp-config-docker\.php' \(WORDPRESS_DB_HOST WORDPRESS_DB_PASSWORD WORDPRESS_DB_USER\)/);
});

test('the Cassandra tutorial: as published the claims wait for minikube\'s provisioner; with kind\'s standard class the ring comes up Ready pod by pod', () => {
  const dir = path.join(FIXTURES, 'website', 'application', 'cassandra');
  const h = frozen();
  ok(kctl(h, ['apply', '-f', path.join(dir, 'cassandra-service.yaml')]));
  ok(kctl(h, ['apply', '-f', path.join(dir, 'cassandra-statefulset.yaml')]));
  ok(kctl(h, 'sim advance 1m'));
  assert.match(ok(kctl(h, 'get pods -l app.kubernetes.io/name=cassandra')).stdout, /\ncassandra-0 +0\/1 +Pending +0 +/);
  assert.match(ok(kctl(h, 'get pvc cassandra-data-cassandra-0')).stdout, /\ncassandra-data-cassandra-0 +Pending +fast /);
  // on kind: the default StorageClass instead of the tutorial's minikube one
  const h2 = frozen();
  ok(kctl(h2, ['apply', '-f', path.join(dir, 'cassandra-service.yaml')]));
  const sts = fs.readFileSync(path.join(dir, 'cassandra-statefulset.yaml'), 'utf8').split('\n---\n')[0].replace('storageClassName: fast', 'storageClassName: standard');
  ok(kctl(h2, ['apply', '-f', tmpFile('cassandra.yaml', sts)]));
  for (let i = 0; i < 9; i++) ok(kctl(h2, 'sim advance 10s'));
  const pods = JSON.parse(ok(kctl(h2, 'get pods -l app.kubernetes.io/name=cassandra -o json')).stdout).items;
  assert.deepEqual(pods.map(p => [p.metadata.name, p.status.conditions.find(c => c.type === 'Ready').status]), [['cassandra-0', 'True'], ['cassandra-1', 'True'], ['cassandra-2', 'True']]);
  const status = ok(kctl(h2, 'exec cassandra-0 -- nodetool status')).stdout;
  for (const p of pods) assert.match(status, new RegExp(`\\nUN  ${p.status.podIP.replace(/\./g, '\\.')} `));
});
