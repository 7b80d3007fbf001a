import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, useLive } from '../api';
import { ErrorBox, Panel, time } from '../ui';
import type { TraceSummary as Summary } from '../../src/telemetry/span.js';

interface Row {
  depth: number;
  offsetMs: number;
  operation: string;
  span: {
    spanId: string;
    name: string;
    kind: string;
    service: string;
    durationMs: number;
    status: string;
    statusMessage?: string;
    attributes: Record<string, unknown>;
  };
}

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);
const PALETTE = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d', '#4f46e5'];
const colorOf = (services: string[], s: string) => PALETTE[Math.max(0, services.indexOf(s)) % PALETTE.length];

/** One trace as a waterfall across HTTP, TCP, Kafka and Mongo spans; a span's attributes on click. */
function Waterfall({ id, version }: { id: string; version: number }) {
  const [data, setData] = useState<{ summary: Summary; rows: Row[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    get(`/api/traces/${encodeURIComponent(id)}`).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e) => setError(e),
    );
  }, [id, version]);
  if (!data) return <ErrorBox error={error ?? undefined} />;
  const { summary, rows } = data;
  const total = Math.max(summary.durationMs, 0.001);
  return (
    <div data-testid="waterfall">
      <p>
        <b class="mono">trace {summary.traceId}</b> · {summary.spans} spans · {summary.services.join(', ')} · {ms(summary.durationMs)}
        {summary.errors ? <span class="bad"> · {summary.errors} errors</span> : null}
        {summary.correlationId ? (
          <>
            {' '}
            · <a href={`#/logs?correlationId=${encodeURIComponent(summary.correlationId)}`}>logs of {summary.correlationId}</a>
          </>
        ) : null}
      </p>
      <div class="waterfall">
        {rows.map((r) => (
          <div
            key={r.span.spanId}
            class={`span ${r.span.status === 'error' ? 'err' : ''}`}
            data-service={r.span.service}
            onClick={() => setOpen(open === r.span.spanId ? null : r.span.spanId)}
          >
            <div class="label" style={{ paddingLeft: `${r.depth * 14}px` }}>
              <span class="svc" style={{ color: colorOf(summary.services, r.span.service) }}>
                {r.span.service}
              </span>{' '}
              {r.operation} <span class="muted">{r.span.kind}</span>
            </div>
            <div class="track">
              <div
                class="bar"
                style={{
                  left: `${(r.offsetMs / total) * 100}%`,
                  width: `${Math.max(0.4, (r.span.durationMs / total) * 100)}%`,
                  background: r.span.status === 'error' ? '#dc2626' : colorOf(summary.services, r.span.service),
                }}
              />
            </div>
            <div class="dur mono">{ms(r.span.durationMs)}</div>
            {open === r.span.spanId ? (
              <pre class="attrs">
                {JSON.stringify({ ...r.span.attributes, ...(r.span.statusMessage ? { status: r.span.statusMessage } : {}) }, null, 2)}
              </pre>
            ) : null}
          </div>
        ))}
      </div>
    </div>
  );
}

export function TracesPage({ params }: { params: URLSearchParams }) {
  const [traces, setTraces] = useState<Summary[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const live = useLive('/api/live/traces', {
    traces: (t: Summary[]) => {
      setTraces(t);
      setVersion((v) => v + 1);
    },
    failed: (e) => setFailed(e.error),
  });
  const id = params.get('id') ?? params.get('correlationId');
  return (
    <div class="stack">
      {id ? (
        <Panel title="Trace" actions={<a href="#/traces">all traces</a>}>
          <Waterfall id={id} version={version} />
        </Panel>
      ) : null}
      <Panel title="Recent traces" actions={<span class={`live live-${live}`}>{live === 'open' ? 'live' : live}</span>}>
        <ErrorBox error={failed} />
        <table class="grid" data-testid="traces">
          <thead>
            <tr>
              <th>time</th>
              <th>root</th>
              <th>services</th>
              <th>spans</th>
              <th>duration</th>
              <th>correlation id</th>
            </tr>
          </thead>
          <tbody>
            {(traces ?? []).map((t) => (
              <tr key={t.traceId} class={t.errors ? 'error-row' : ''}>
                <td class="mono">{time(t.start)}</td>
                <td>
                  <a href={`#/traces/${t.traceId}`}>
                    {t.root.service} {t.root.name}
                  </a>
                </td>
                <td>{t.services.join(', ')}</td>
                <td>
                  {t.spans}
                  {t.errors ? <span class="bad"> ({t.errors} errors)</span> : null}
                </td>
                <td>{ms(t.durationMs)}</td>
                <td class="mono">{t.correlationId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {traces && !traces.length ? (
          <p class="muted">No traces yet: send a request (the services export spans to the stack's OTLP receiver).</p>
        ) : null}
      </Panel>
    </div>
  );
}
