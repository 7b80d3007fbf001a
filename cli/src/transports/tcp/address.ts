/**
 * Where a service listens: by name (the running stack, then its declaration) or as host:port.
 *
 *   resolveServiceAddress(target, { instance?, stateDir?, servicesDir? }): Promise<ServiceAddress>
 *     `target` is a service name ("payments", "payments#1" for instance 1) or "host:port"/":port".
 *     Exit 2 for an unknown name (with the known ones), exit 3 when the stack is not running.
 */
import { usageError, unreachableError } from '../../errors.js';
import { projectPaths } from '../../stack/project.js';
import { discoverServices } from '../../stack/services.js';
import { HOST, instancePorts } from '../../stack/ports.js';
import { liveState } from '../../stack/live.js';

export interface ServiceAddress {
  host: string;
  port: number;
  /** The service name when addressed by name. */
  service?: string;
  instance?: number;
}

/** `host:port`, `:port` or a bare port number; undefined when it looks like a name. */
export function parseHostPort(target: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:\s]*)):(\d+)$/.exec(target) ?? (/^\d+$/.test(target) ? [target, undefined, '', target] : null);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw usageError(`"${target}": port must be 1-65535`);
  return { host: m[1] ?? (m[2] || HOST), port };
}

export function parseServiceTarget(target: string): { name: string; instance: number } {
  const m = /^([a-z][a-z0-9-]*)(?:#(\d+))?$/.exec(target);
  if (!m)
    throw usageError(
      `"${target}" is neither a service name nor host:port`,
      'e.g. `platform send tcp payments payments.get` or `platform send tcp 127.0.0.1:4001 ...`',
    );
  return { name: m[1], instance: m[2] ? Number(m[2]) : 0 };
}

export async function resolveServiceAddress(
  target: string,
  opts: { instance?: number; stateDir?: string; servicesDir?: string } = {},
): Promise<ServiceAddress> {
  const hp = parseHostPort(target);
  if (hp) return hp;
  const parsed = parseServiceTarget(target);
  const name = parsed.name;
  const instance = opts.instance ?? parsed.instance;
  const paths = opts.stateDir && opts.servicesDir ? { stateDir: opts.stateDir, servicesDir: opts.servicesDir } : projectPaths();
  const specs = discoverServices(paths.servicesDir);
  const spec = specs.find((s) => s.name === name);
  if (!spec) {
    const known = specs.map((s) => s.name);
    throw usageError(
      `unknown service "${name}"`,
      known.length
        ? `services in this project: ${known.join(', ')} (or pass host:port)`
        : 'this project has no services yet (or pass host:port)',
    );
  }
  const state = await liveState(paths.stateDir);
  if (!state) throw unreachableError(`cannot reach ${name}: the stack is not running`, 'start it with `platform up`');
  const proc = state.processes.find((p) => p.kind === 'service' && p.name === name && p.instance === instance);
  if (!proc) {
    const running = state.processes.filter((p) => p.name === name).map((p) => p.instance);
    if (running.length) throw usageError(`${name} has no instance ${instance} (running: ${running.join(', ')})`);
    throw unreachableError(
      `${name} is not part of the running stack`,
      'restart the stack with `platform down && platform up` to pick up new services',
    );
  }
  // The supervisor's address is what it started; fall back to the declared ports with the offset.
  const m = /tcp ([^\s,]+):(\d+)/.exec(proc.address);
  const port = m ? Number(m[2]) : instancePorts(spec, instance).tcp;
  return { host: m ? m[1] : HOST, port, service: name, instance };
}
