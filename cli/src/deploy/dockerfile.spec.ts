import { describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../stack/declaration.js';
import { serviceSpec } from '../../test/support/service-spec.js';
import { buildCommand, dockerfile } from './dockerfile.js';
import { localsUsed } from './chart.js';

const spec = (p: Partial<ServiceSpec> = {}) => serviceSpec('payments', 4001, p);

describe('dockerfile', () => {
  it('builds in one stage, installs production dependencies only in another, runs as uid 1000', () => {
    const text = dockerfile(spec(), '@platform/payments', [
      { name: '@platform/contracts', dir: 'packages/contracts' },
      { name: '@platform/nest-kit', dir: 'packages/nest-kit' },
    ]);
    expect(text).toContain(
      'RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts -w @platform/contracts -w @platform/nest-kit -w @platform/payments',
    );
    expect(text).toContain('COPY --from=build /app/packages/contracts/dist packages/contracts/dist');
    expect(text).toContain('COPY --from=production-deps /app/node_modules node_modules');
    expect(text).toContain('COPY --from=build /app/packages/nest-kit/dist packages/nest-kit/dist');
    expect(text).toContain('USER 1000:1000');
    expect(text).toContain('EXPOSE 4001');
    expect(text.trimEnd().split('\n').at(-1)).toBe('CMD ["node", "services/payments/dist/main.js"]');
  });

  it('leaves nest-kit out of a service that does not use it, and exposes the HTTP port', () => {
    const text = dockerfile(spec({ name: 'edge', staged: false, httpPort: 3000, tcpPort: 4000 }), 'edge', []);
    expect(text).not.toContain('nest-kit');
    expect(text).toContain('EXPOSE 4000 3000');
  });

  it('prints the build command from the repository root', () => {
    expect(buildCommand('deploy/docker/payments.Dockerfile', 'r.example/payments:1.0')).toBe(
      'docker build -f deploy/docker/payments.Dockerfile -t r.example/payments:1.0 .',
    );
  });
});

describe('localsUsed', () => {
  const locals = [
    { name: '@platform/contracts', dir: 'packages/contracts', deps: [] },
    { name: '@platform/kafkajs-fix', dir: 'packages/kafkajs-fix', deps: [] },
    { name: '@platform/nest-kit', dir: 'packages/nest-kit', deps: ['@platform/kafkajs-fix', '@nestjs/common'] },
  ];
  it("adds the local packages of the service's local packages, each before the packages that use it", () => {
    expect(localsUsed(['@platform/nest-kit', 'rxjs'], locals).map((p) => p.name)).toEqual(['@platform/kafkajs-fix', '@platform/nest-kit']);
    expect(localsUsed(['@platform/contracts'], locals)).toEqual([{ name: '@platform/contracts', dir: 'packages/contracts' }]);
    expect(localsUsed(['express'], locals)).toEqual([]);
  });
});
