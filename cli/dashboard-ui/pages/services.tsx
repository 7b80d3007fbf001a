import { useState } from 'preact/hooks';
import { post, useLive } from '../api';
import { ActionButton, ErrorBox, Panel, StateBadge } from '../ui';

interface Proc {
  name: string;
  kind: string;
  instance: number;
  address: string;
  pid?: number;
  state: string;
  restarts: number;
  detail?: string;
  lastExit?: string;
  extra?: { lag?: number | string; dlt?: number };
}

/** Each transport's address: `tcp 127.0.0.1:4001, http 127.0.0.1:3000` becomes one line each. */
const addresses = (a: string) => a.split(/,\s*/).filter(Boolean);

function ScaleControl({ name, count }: { name: string; count: number }) {
  const [n, setN] = useState(String(count));
  return (
    <span class="scale">
      <input
        type="number"
        min={0}
        max={9}
        value={n}
        aria-label={`instances of ${name}`}
        onInput={(e) => setN((e.target as HTMLInputElement).value)}
      />
      <ActionButton label="Scale" run={() => post('/api/services/scale', { name, count: Number(n) })} />
    </span>
  );
}

export function ServicesPage() {
  const [stack, setStack] = useState<any>(null);
  const [down, setDown] = useState<string | null>(null);
  const live = useLive('/api/live/stack', {
    stack: (s) => {
      setStack(s);
      setDown(null);
    },
    down: (d) => setDown(d.error),
  });
  const procs: Proc[] = stack?.processes ?? [];
  const counts = new Map<string, number>();
  for (const p of procs) if (p.kind === 'service') counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  return (
    <Panel title="Services" actions={<span class={`live live-${live}`}>{live === 'open' ? 'live' : live}</span>}>
      {down ? (
        <ErrorBox error={{ name: 'down', message: `The stack is not running: ${down}`, hint: 'start it with `platform up`' } as any} />
      ) : null}
      {live === 'lost' && !down ? <ErrorBox error="Lost the connection to the dashboard (the stack may have stopped)." /> : null}
      {stack ? (
        <p class="muted">
          {stack.phase === 'ready' ? `ready since ${stack.readyAt}` : stack.phase} · provider {stack.provider} · kafka{' '}
          {stack.kafkaBrokers?.join(',')} · mongo {stack.mongoUrl}
          {stack.error ? <span class="inline-error"> {stack.error}</span> : null}
        </p>
      ) : null}
      <table class="grid" data-testid="services">
        <thead>
          <tr>
            <th>name</th>
            <th>kind</th>
            <th>state</th>
            <th>pid</th>
            <th>restarts</th>
            <th>address</th>
            <th>lag</th>
            <th>dead letters</th>
            <th>reason</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {procs.map((p) => (
            <tr key={`${p.name}#${p.instance}`} data-name={p.name} data-instance={p.instance}>
              <td class="strong">{p.instance ? `${p.name} #${p.instance}` : p.name}</td>
              <td>{p.kind}</td>
              <td>
                <StateBadge state={p.state} />
              </td>
              <td class="mono">{p.pid ?? '-'}</td>
              <td>{p.restarts}</td>
              <td class="mono">
                {addresses(p.address).map((a) => (
                  <div key={a}>{a}</div>
                ))}
              </td>
              <td>{p.extra?.lag ?? ''}</td>
              <td class={p.extra?.dlt ? 'warn' : ''}>{p.extra?.dlt ?? ''}</td>
              <td class="reason">{p.state !== 'healthy' ? (p.detail ?? p.lastExit ?? '') : ''}</td>
              <td class="buttons">
                <ActionButton label="Restart" run={() => post('/api/services/restart', { name: p.name, instance: p.instance })} />
                <ActionButton
                  label="Kill"
                  kind="danger"
                  title="SIGKILL, as a crash would; the supervisor restarts it"
                  run={() => post('/api/services/kill', { name: p.name, instance: p.instance })}
                />
                {p.kind === 'service' && p.instance === 0 ? (
                  <ScaleControl name={p.name} count={stack.desired?.[p.name] ?? counts.get(p.name) ?? 1} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
