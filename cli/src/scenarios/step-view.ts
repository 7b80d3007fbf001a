import type { Step, TcpRequest } from './types.js';
import { actionOf } from './types.js';

/** How a step is announced before it runs: a title, the equivalent command, what it checks. */
export interface StepView {
  action: string;
  title: string;
  /** A command the audience could type to do the same by hand. */
  command?: string;
  /** In words, what an `expect` waits for. */
  check?: string;
  markdown?: string;
}

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const compact = (v: unknown, max = 100) => {
  const s = JSON.stringify(v) ?? 'nothing';
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
};
const target = (t: { service: string; instance?: number }) => (t.instance ? `${t.service}#${t.instance}` : t.service);
const ref = (r: string | { service: string; instance?: number }) => (typeof r === 'string' ? r : target(r));

export function viewStep(step: Step, gatewayUrl = 'http://127.0.0.1:3000'): StepView {
  const action = actionOf(step);
  const v = ((): Omit<StepView, 'action'> => {
    switch (action) {
      case 'say': {
        const heading = /^#+\s+(.+)$/m.exec(step.say!)?.[1];
        const first = step.say!.split('\n')[0].replace(/\*\*|`/g, '');
        return { title: heading ?? (first.length > 60 ? first.slice(0, 57) + '...' : first), markdown: step.say };
      }
      case 'up':
        return { title: 'start the stack', command: ['platform up', ...(step.up?.services ?? [])].join(' ') };
      case 'down':
        return { title: 'stop the stack', command: 'platform down' };
      case 'seed': {
        const s = typeof step.seed === 'string' ? { dataset: step.seed, reset: false } : step.seed!;
        return { title: `load dataset ${s.dataset}`, command: `platform seed ${s.dataset}${s.reset ? ' --reset' : ''}` };
      }
      case 'reset':
        return { title: `reset to checkpoint ${step.reset}`, command: `platform reset ${step.reset}` };
      case 'send': {
        if (step.send!.tcp) return { title: `send ${json(step.send!.tcp.pattern)} to ${target(step.send!.tcp)}`, command: tcpCommand(step.send!.tcp) };
        const msgs = [step.send!.kafka!].flat();
        const m = msgs[0];
        return {
          title: `produce ${msgs.length > 1 ? `${msgs.length} messages` : 'a message'} to ${m.topic}`,
          command: msgs.map((x) => ['platform send kafka', x.topic, q(json(x.value)), ...(x.key ? ['-k', q(x.key)] : []), ...Object.entries(x.headers ?? {}).map(([k, hv]) => `-H ${q(`${k}=${hv}`)}`)].join(' ')).join('\n'),
        };
      }
      case 'http': {
        const h = step.http!;
        const method = h.method ?? (h.body === undefined ? 'GET' : 'POST');
        const parts = ['curl -s', ...(method !== 'GET' ? ['-X', method] : []), q(gatewayUrl + h.path), ...Object.entries(h.headers ?? {}).map(([k, hv]) => `-H ${q(`${k}: ${hv}`)}`)];
        if (h.body !== undefined) parts.push("-H 'Content-Type: application/json'", '-d', q(json(h.body)));
        if (h.repeat) return { title: `${h.repeat} × ${method} ${h.path} at once`, command: `seq ${h.repeat} | xargs -P ${h.repeat} -I{} ${parts.join(' ').replace(/\{\{i\}\}/g, '{}')}`, check: h.expect ? `every answer: ${expectHttpWords(h.expect.status, h.expect.body)}` : undefined };
        return { title: `${method} ${h.path}`, command: parts.join(' '), check: h.expect ? expectHttpWords(h.expect.status, h.expect.body) : undefined };
      }
      case 'expect': {
        const e = step.expect!;
        const within = e.within ? ` within ${e.within}` : '';
        if (e.kafka) {
          const k = e.kafka;
          const what = k.count === undefined ? 'a message' : `exactly ${k.count} message${k.count === 1 ? '' : 's'}`;
          return {
            title: `expect ${what} on ${k.topic}`,
            command: `platform tail ${k.topic} --from-beginning${k.key ? ` --filter ${q(`key=${k.key}`)}` : ''}`,
            check: `${what} on ${k.topic}${k.key ? ` with key ${k.key}` : ''}${k.value !== undefined ? ` whose value matches ${compact(k.value)}` : ''}${k.headers ? ` and headers ${compact(k.headers)}` : ''}${within}`,
          };
        }
        if (e.document) {
          const d = e.document;
          const what = d.count === undefined ? 'a document' : `${d.count} document${d.count === 1 ? '' : 's'}`;
          return {
            title: `expect ${what} in ${d.collection}`,
            command: `platform db ${d.collection} ${q(json(d.filter ?? {}))}`,
            check: `${what} in ${d.collection} where ${compact(d.filter ?? {})}${d.match !== undefined ? ` matching ${compact(d.match)}` : ''}${within}`,
          };
        }
        if (e.tcp) return { title: `expect ${target(e.tcp)} to answer ${json(e.tcp.pattern)}`, command: tcpCommand(e.tcp), check: `a reply${e.tcp.reply !== undefined ? ` matching ${compact(e.tcp.reply)}` : e.tcp.error !== undefined ? ` with error ${compact(e.tcp.error)}` : ''}${within}` };
        if (e.http) {
          const h = e.http;
          const method = h.method ?? 'GET';
          return { title: `expect ${method} ${h.path} to answer`, command: `curl -s ${method !== 'GET' ? `-X ${method} ` : ''}${q(gatewayUrl + h.path)}`, check: expectHttpWords(h.status, h.response) + within };
        }
        if (e.trace) {
          const t = e.trace;
          return { title: `expect the trace of ${t.id}`, command: `platform trace ${q(t.id)}`, check: `a trace${t.spans?.length ? ` with spans matching ${t.spans.map((x) => compact(x)).join(', ')}` : ''}${t.errors !== undefined ? `, ${t.errors} error span(s)` : ''}${within}` };
        }
        const g = e.group!;
        return { title: `expect consumer group ${g.id}${g.members !== undefined ? ` with ${g.members} member${g.members === 1 ? '' : 's'}` : ''}`, command: 'platform status', check: `group ${g.id} is stable${g.members !== undefined ? ` with ${g.members} member(s)` : ''}${g.topic ? `, every partition of ${g.topic} assigned` : ''}${within}` };
      }
      case 'kill':
        return { title: `kill ${ref(step.kill!)} (as a crash would)`, command: `platform kill ${ref(step.kill!)}` };
      case 'restart':
        return { title: `restart ${ref(step.restart!)}`, command: `platform restart ${ref(step.restart!)}` };
      case 'scale': {
        const pairs = Object.entries(step.scale!).map(([s, n]) => `${s}=${n}`);
        return { title: `scale ${pairs.join(' ')}`, command: `platform scale ${pairs.join(' ')}` };
      }
      case 'wait': {
        const w = step.wait!;
        if (typeof w === 'object') return { title: `wait until ${[w.healthy].flat().join(', ')} ${[w.healthy].flat().length > 1 ? 'are' : 'is'} healthy`, command: 'platform status' };
        return { title: `wait ${typeof w === 'number' ? `${w}s` : w}` };
      }
      case 'pause':
        return { title: step.pause ?? 'pause' };
    }
  })();
  return { action, ...v, title: step.title ?? v.title };
}

function tcpCommand(t: TcpRequest): string {
  return `platform send tcp ${target(t)} ${q(json(t.pattern))}${t.data !== undefined ? ` ${q(json(t.data))}` : ''}`;
}

function expectHttpWords(status?: number, body?: unknown): string {
  const parts = [status !== undefined ? `status ${status}` : '', body !== undefined ? `a body matching ${compact(body)}` : ''].filter(Boolean);
  return parts.length ? parts.join(' and ') : 'any answer';
}
