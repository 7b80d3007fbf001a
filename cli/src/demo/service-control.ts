import { serviceRef, sleep } from './format.js';
import type { StepContext, StepKind } from './step-kind.js';
import type { ServiceRef } from './types.js';

/** The `kill` and `restart` steps: the supervisor's control call, as `platform kill|restart` makes it. */
export function serviceControlStep(action: 'kill' | 'restart', schema: StepKind<ServiceRef>['schema']): StepKind<ServiceRef> {
  return {
    schema,
    touchesStack: true,
    run: (ref, ctx) => control(action, ref, ctx),
    view: (ref) =>
      action === 'kill'
        ? { title: `kill ${serviceRef(ref)} (as a crash would)`, command: `platform kill ${serviceRef(ref)}` }
        : { title: `restart ${serviceRef(ref)}`, command: `platform restart ${serviceRef(ref)}` },
    preflight: (ref, check) => check.service([action], typeof ref === 'string' ? ref : ref.service),
  };
}

async function control(action: 'kill' | 'restart', ref: ServiceRef, { env, progress }: StepContext) {
  const target = typeof ref === 'string' ? { service: ref } : ref;
  env.service(target.service);
  const before = (await env.state()).processes.filter(
    (p) => p.name === target.service && (target.instance === undefined || p.instance === target.instance),
  );
  progress(`${action} ${target.service}`);
  await env.act(action, { name: target.service, instance: target.instance });
  if (action === 'restart') return { summary: `${target.service} restarted and healthy` };
  // Return once the supervisor has seen the crash, so a following `wait: { healthy }` waits for the new process.
  const old = new Set(before.map((p) => `${p.instance}:${p.pid}`));
  const end = Date.now() + 10_000;
  while (Date.now() < end && (await env.state()).processes.some((p) => old.has(`${p.instance}:${p.pid}`) && p.state === 'healthy'))
    await sleep(50);
  const pids = before
    .map((p) => p.pid)
    .filter(Boolean)
    .join(', ');
  return { summary: `killed ${target.service} (pid ${pids || '-'}); the supervisor restarts it` };
}
