/** How a service learns where it runs: the supervisor passes these variables (docs/service-contract.md). */
export interface ServiceConfig {
  name: string;
  instance: number;
  host: string;
  tcpPort: number;
  httpPort?: number;
  mongoUrl?: string;
  kafkaBrokers: string[];
}

function intFrom(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${what} must be a port number, got "${value}"`);
  return n;
}

export function serviceConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: { name: string; tcpPort: number } = { name: 'service', tcpPort: 4000 },
): ServiceConfig {
  return {
    name: env.PLATFORM_SERVICE ?? defaults.name,
    instance: Number(env.PLATFORM_INSTANCE ?? 0),
    host: env.PLATFORM_HOST ?? '127.0.0.1',
    tcpPort: intFrom(env.TCP_PORT, 'TCP_PORT') ?? defaults.tcpPort,
    httpPort: intFrom(env.HTTP_PORT, 'HTTP_PORT'),
    mongoUrl: env.MONGO_URL,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean),
  };
}

/**
 * Address of another service's TCP listener, e.g. peerAddress('ledger') reads LEDGER_TCP_PORT, and
 * LEDGER_TCP_HOST where peers run on other hosts (Kubernetes: the peer's Service name).
 */
export function peerAddress(service: string, env: NodeJS.ProcessEnv = process.env, fallbackPort?: number): { host: string; port: number } {
  const prefix = service.toUpperCase().replace(/-/g, '_');
  const key = `${prefix}_TCP_PORT`;
  const port = intFrom(env[key], key) ?? fallbackPort;
  if (port === undefined) throw new Error(`${key} is not set: start the service with \`platform up\`, which wires its dependencies`);
  return { host: env[`${prefix}_TCP_HOST`] ?? env.PLATFORM_HOST ?? '127.0.0.1', port };
}

/**
 * A tuning variable holding a number (a timeout, an interval, a count): `fallback` when unset.
 * Anything but a finite number >= `min` throws, naming the variable: read as NaN, a
 * setInterval(NaN) fires every millisecond and a NaN timeout fails every request.
 */
export function parseEnvNumber(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env, min = 0): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name}="${env[name]}" is not a number >= ${min}: set e.g. ${name}=${fallback} (the default), or unset it`);
  return n;
}

/**
 * parseEnvNumber for a service's module-level settings: a bad value ends the process with one line
 * naming it, no stack trace (what `platform up` and `platform logs` then show as the reason).
 */
export function envNumber(name: string, fallback: number, min = 0): number {
  try {
    return parseEnvNumber(name, fallback, process.env, min);
  } catch (e) {
    exitOnSettingError(e);
  }
}

/** A setting the service cannot start with: one line naming it on stderr, exit 1, no stack trace. */
export function exitOnSettingError(e: unknown): never {
  process.stderr.write(`${process.env.PLATFORM_SERVICE ?? 'service'}: ${(e as Error).message}\n`);
  process.exit(1);
}
