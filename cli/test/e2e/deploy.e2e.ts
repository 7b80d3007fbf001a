import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTools, renderTemplate } from '../../src/deploy/deploy-tools.js';
import { cacheDir } from '../../src/stack/project.js';
import { platform, ROOT, stack } from '../support/stack.js';

/**
 * `platform deploy` end to end, in a copy of the project's declarations (services/*\/package.json):
 * render, then `deploy check` with the real helm (built from the Go module proxy) and the strict
 * checker; then the same after `platform generate` adds a service. No cluster runs here.
 */
const id = randomBytes(3).toString('hex');
const project = join(ROOT, '.tmp', `deploy-e2e-${id}`);
const env = { PLATFORM_ROOT: project, PLATFORM_STATE_DIR: join(project, '.state') };
const inCopy = (args: string[]) => platform(args, { cwd: project, env });
const json = async <T = any>(args: string[]) => {
  const r = await inCopy([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`platform ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as T;
};
const chartDir = join(project, 'deploy', 'chart');
const manifest = async () =>
  parseAllDocuments(await renderTemplate(deployTools(cacheDir()), chartDir))
    .map((d) => d.toJS())
    .filter(Boolean);
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

beforeAll(async () => {
  mkdirSync(join(project, 'services'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `deploy-e2e-${id}`, private: true, workspaces: ['packages/*', 'services/*'] }),
  );
  copyFileSync(join(ROOT, 'tsconfig.base.json'), join(project, 'tsconfig.base.json'));
  // The manifests of the services and of the local packages they build on (nest-kit, kafkajs-fix, contracts).
  for (const folder of ['services', 'packages'])
    for (const s of readdirSync(join(ROOT, folder))) {
      if (!existsSync(join(ROOT, folder, s, 'package.json'))) continue;
      mkdirSync(join(project, folder, s), { recursive: true });
      copyFileSync(join(ROOT, folder, s, 'package.json'), join(project, folder, s, 'package.json'));
    }
  // The first check builds helm and the checker into the cache (minutes when Go's cache is cold).
  await json(['deploy', 'render']);
  await json(['deploy', 'check']);
}, 900_000);

afterAll(() => {
  if (!process.env.KEEP_GENERATED) rmSync(project, { recursive: true, force: true });
});

describe('platform deploy: the reference stack', () => {
  it("renders and passes helm lint, helm template and strict decoding; CRs against the operators' CRDs", async () => {
    const rendered = await json(['deploy', 'render']);
    expect(rendered.topics).toEqual([
      { name: 'payments.events', partitions: 3, producers: ['payments'], consumers: ['ledger', 'notifications'] },
      { name: 'payments.events.dlt', partitions: 3, producers: ['ledger', 'notifications'], consumers: [] },
    ]);
    const report = await json(['deploy', 'check']);
    expect(report.ok).toBe(true);
    const checked = (kind: string) => report.objects.filter((o: any) => o.kind === kind).map((o: any) => o.check);
    expect(checked('Deployment')).toEqual(['kubernetes', 'kubernetes', 'kubernetes', 'kubernetes']);
    expect(checked('MongoDBCommunity')).toEqual(['crd']);
    expect(checked('KafkaTopic')).toEqual(['none', 'none']); // Strimzi's CRDs are in no registry
    expect(report.objects.every((o: any) => o.errors.length === 0)).toBe(true);
  });

  it('renders what a cluster needs: probes, non-root pods, secrets, policies, HPA; KEDA only when switched on', async () => {
    const objects = await manifest();
    const ledger = find(objects, 'Deployment', 'ledger').spec.template.spec;
    expect(ledger.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    const container = ledger.containers[0];
    expect(container.readinessProbe.exec.command).toEqual(['node', '/app/packages/nest-kit/dist/health-probe.js', '--ready']);
    expect(container.resources).toMatchObject({ requests: { cpu: '100m' }, limits: { memory: '384Mi' } });
    expect(container.env.find((e: any) => e.name === 'MONGO_PASSWORD').valueFrom.secretKeyRef.key).toBe('MONGO_PASSWORD');
    expect(find(objects, 'ConfigMap', 'gateway-config').data).toMatchObject({
      PAYMENTS_TCP_HOST: 'payments',
      PAYMENTS_TCP_PORT: '4001',
      HTTP_PORT: '3000',
    });
    // Only the gateway's HTTP port is open to anyone; the ledger admits its declared callers only.
    const ledgerPolicy = find(objects, 'NetworkPolicy', 'ledger-ingress').spec.ingress;
    expect(ledgerPolicy).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'platform', 'app.kubernetes.io/name': 'gateway' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'platform', 'app.kubernetes.io/name': 'payments' } } },
        ],
        ports: [{ port: 4002, protocol: 'TCP' }],
      },
    ]);
    expect(find(objects, 'NetworkPolicy', 'gateway-ingress').spec.ingress).toEqual([{ ports: [{ port: 3000, protocol: 'TCP' }] }]);
    expect(find(objects, 'NetworkPolicy', 'notifications-ingress')).toBeUndefined(); // nobody calls it: default deny
    expect(find(objects, 'HorizontalPodAutoscaler', 'gateway').spec.metrics[0].resource.name).toBe('cpu');
    expect(find(objects, 'KafkaNodePool', 'platform-kafka-pool').spec).toMatchObject({ replicas: 3, roles: ['controller', 'broker'] });
    expect(find(objects, 'KafkaTopic', 'payments-events').spec).toMatchObject({ topicName: 'payments.events', partitions: 3, replicas: 3 });
    expect(find(objects, 'MongoDBCommunity', 'platform-mongo').spec).toMatchObject({ type: 'ReplicaSet', members: 3 });
    expect(objects.filter((o) => o.kind === 'ScaledObject')).toEqual([]);

    writeFileSync(join(project, 'scale.yaml'), 'keda:\n  enabled: true\nkafka:\n  topics:\n    payments.events:\n      partitions: 12\n');
    const report = await json(['deploy', 'check', '--values', join(project, 'scale.yaml')]);
    expect(report.objects.filter((o: any) => o.kind === 'ScaledObject').map((o: any) => [o.name, o.check, o.errors])).toEqual([
      ['ledger', 'crd', []],
      ['notifications', 'crd', []],
    ]);
  });

  it('fails the check on an unknown field in a Kubernetes object and in a custom resource', async () => {
    const broken = join(project, 'broken');
    rmSync(broken, { recursive: true, force: true });
    cpSync(join(project, 'deploy'), broken, { recursive: true });
    const edit = (file: string, from: string, to: string) =>
      writeFileSync(join(broken, 'chart/templates', file), readFileSync(join(broken, 'chart/templates', file), 'utf8').replace(from, to));
    edit('service.yaml', '  type: ClusterIP', '  type: ClusterIP\n  clusterIPs: 10.0.0.1');
    edit('mongo.yaml', '  type: ReplicaSet', '  type: ReplicaSet\n  replicas: 3');
    const r = await inCopy(['deploy', 'check', '--out', 'broken', '--json']);
    expect(r.exitCode).toBe(1);
    const failed = JSON.parse(r.stdout).objects.filter((o: any) => o.errors.length);
    expect(failed.find((o: any) => o.kind === 'Service').errors.join()).toMatch(/clusterIPs/);
    expect(failed.find((o: any) => o.kind === 'MongoDBCommunity').errors.join()).toMatch(/unknown field "spec.replicas"/);
  });

  it('prints the image builds', async () => {
    const r = await inCopy(['deploy', 'images', '--print']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toContain(
      'docker build -f deploy/docker/payments.Dockerfile -t registry.example.com/platform/payments:0.1.0 .',
    );
    const payments = readFileSync(join(project, 'deploy/docker/payments.Dockerfile'), 'utf8');
    expect(payments).toMatch(/npm ci --omit=dev[^\n]*-w @platform\/payments/);
    // nest-kit's own local dependency is carried too, and built before it.
    expect(payments).toMatch(/npm run build [^\n]*-w @platform\/kafkajs-fix [^\n]*-w @platform\/nest-kit/);
    expect(payments).toContain('COPY --from=build /app/packages/kafkajs-fix/dist packages/kafkajs-fix/dist');
  });
});

describe('platform deploy: bad input', () => {
  it('refuses unknown values keys and undeployable declarations with exit 2, naming them', async () => {
    writeFileSync(join(project, 'typo.yaml'), 'kafka:\n  broker: 5\n');
    const typo = await inCopy(['deploy', 'render', '--values', join(project, 'typo.yaml')]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('unknown key "kafka.broker"');

    const pkgFile = join(project, 'services/notifications/package.json');
    const original = readFileSync(pkgFile, 'utf8');
    try {
      writeFileSync(pkgFile, original.replace('"tcpPort": 4003', '"tcpPort": 4001'));
      const clash = await inCopy(['deploy', 'render']);
      expect(clash.exitCode).toBe(2);
      expect(clash.stderr).toContain("notifications and payments both declare port 4001 (notifications's tcpPort, payments's tcpPort)");
      expect(clash.stderr).not.toMatch(/\n\s+at /);
    } finally {
      writeFileSync(pkgFile, original);
    }
  });
});

describe('platform deploy: a generated service', () => {
  it('appears in the chart with its topics, probes and policy, and the chart still checks', async () => {
    const g = await inCopy([
      'g',
      'service',
      'audit',
      '--transport',
      'kafka',
      '--consumes',
      'payments.events',
      '--produces',
      'audit.events',
      '--yes',
      '--no-install',
      '--no-build',
    ]);
    expect(g.exitCode, g.stderr).toBe(0);
    const rendered = await json(['deploy', 'render']);
    expect(rendered.topics.map((t: any) => t.name)).toEqual(['audit.events', 'payments.events', 'payments.events.dlt']);
    expect(rendered.topics.find((t: any) => t.name === 'payments.events').consumers).toEqual(['audit', 'ledger', 'notifications']);
    const report = await json(['deploy', 'check']);
    expect(report.ok).toBe(true);
    const objects = await manifest();
    const audit = find(objects, 'Deployment', 'audit').spec.template.spec.containers[0];
    expect(audit.livenessProbe.exec.command).toContain('--alive');
    expect(audit.readinessProbe.exec.command).toContain('--ready');
    expect(find(objects, 'KafkaTopic', 'audit-events').spec.topicName).toBe('audit.events');
    expect(find(objects, 'ConfigMap', 'audit-config').data.KAFKA_BROKERS).toBe('platform-kafka-kafka-bootstrap:9092');
    expect(find(objects, 'Service', 'audit')).toBeDefined();
  });
});

describe('nest-kit health-probe (the exec probe), against the running stack', () => {
  const probe = (port: number, mode: string) =>
    execa(process.execPath, [join(ROOT, 'packages/nest-kit/dist/health-probe.js'), mode], {
      env: { TCP_PORT: String(port) },
      reject: false,
    });

  it('passes on a healthy service and fails on a port with nothing behind it', async () => {
    expect((await probe(stack.tcpPort(4002), '--ready')).exitCode).toBe(0);
    expect((await probe(stack.tcpPort(4001), '--alive')).exitCode).toBe(0);
    const closed = await probe(stack.tcpPort(4999), '--alive');
    expect(closed.exitCode).toBe(1);
    expect(closed.stderr).toMatch(/health-probe: .*ECONNREFUSED/);
  });
});
