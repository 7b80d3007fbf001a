import type { ServiceSpec } from '../../src/stack/declaration.js';

/** A service declaration for unit tests of pure logic: a TCP service with no topics or dependencies. */
export const serviceSpec = (name: string, tcpPort: number, p: Partial<ServiceSpec> = {}): ServiceSpec =>
  ({
    name,
    dir: `/x/${name}`,
    description: '',
    tcpPort,
    transports: ['tcp'],
    consumes: [],
    produces: [],
    dependsOn: [],
    partitions: 3,
    staged: true,
    ...p,
  }) as ServiceSpec;
