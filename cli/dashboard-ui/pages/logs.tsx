import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, qs, useLive, useLoad } from '../api';
import { ErrorBox, Panel, time } from '../ui';
import type { LogEntry as Entry } from '../../src/dashboard/log-entry.js';

/** `value` once it has not changed for `ms` (compared as JSON, so a new object with the same fields is the same). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [key]);
  return settled;
}

/** The page keeps at most this many lines: a chatty stack never grows the tab without bound. */
const MAX_LINES = 1000;
const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'];

export function LogsPage({ params }: { params: URLSearchParams }) {
  const sourcesList = useLoad(() => get<string[]>('/api/logs/sources'), []);
  const [sources, setSources] = useState<string[]>(params.get('sources')?.split(',').filter(Boolean) ?? []);
  const [levels, setLevels] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [correlationId, setCorrelationId] = useState(params.get('correlationId') ?? '');
  const [traceId, setTraceId] = useState(params.get('traceId') ?? '');
  const [lines, setLines] = useState<Entry[]>([]);
  // Filters apply as you type, once typing pauses (each change opens a new stream).
  const typed = useDebounced({ text, correlationId: correlationId.trim(), traceId: traceId.trim() }, 300);
  const path = useMemo(
    () => `/api/live/logs?${qs({ sources: sources.join(','), levels: levels.join(','), ...typed })}`,
    [sources, levels, typed],
  );
  // Other filters, other lines: the new stream starts with its own backlog.
  useEffect(() => setLines([]), [path]);
  const live = useLive(path, {
    backlog: (b: Entry[]) => setLines(b),
    lines: (l: Entry[]) => setLines((old) => [...old, ...l].slice(-MAX_LINES)),
  });
  const toggle = (list: string[], set: (v: string[]) => void, v: string) =>
    set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  return (
    <Panel title="Logs" actions={<span class={`live live-${live}`}>{live === 'open' ? 'live' : live}</span>}>
      <div class="filters">
        <div class="chips" aria-label="services">
          {(sourcesList.data ?? []).map((s) => (
            <button key={s} class={`chip ${sources.includes(s) ? 'on' : ''}`} onClick={() => toggle(sources, setSources, s)}>
              {s}
            </button>
          ))}
        </div>
        <div class="chips" aria-label="levels">
          {LEVELS.map((l) => (
            <button key={l} class={`chip lvl-${l} ${levels.includes(l) ? 'on' : ''}`} onClick={() => toggle(levels, setLevels, l)}>
              {l}
            </button>
          ))}
        </div>
        <input placeholder="text" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} name="text" />
        <input
          placeholder="correlation id"
          value={correlationId}
          onInput={(e) => setCorrelationId((e.target as HTMLInputElement).value)}
          name="correlationId"
        />
        <input placeholder="trace id" value={traceId} onInput={(e) => setTraceId((e.target as HTMLInputElement).value)} name="traceId" />
      </div>
      <ErrorBox error={sourcesList.error} />
      <div class="log" data-testid="log-lines">
        {lines.map((l) => (
          <div key={l.seq + l.source + l.time} class={`line lvl-${l.level}`} data-cid={l.correlationId ?? ''}>
            <span class="t">{time(l.time)}</span>
            <span class="src">{l.source}</span>
            <span class="lvl">{l.level}</span>
            <span class="msg">
              {l.context ? <span class="muted">[{l.context}] </span> : null}
              {l.msg}
              {l.extra ? <span class="muted"> {JSON.stringify(l.extra).slice(0, 400)}</span> : null}
            </span>
            {l.correlationId ? (
              <span class="ids">
                <button class="id" title="show only this request's lines" onClick={() => setCorrelationId(l.correlationId!)}>
                  cid {l.correlationId.slice(0, 13)}
                </button>
                <a class="id" href={`#/traces?correlationId=${encodeURIComponent(l.correlationId)}`} title="this request's trace">
                  trace
                </a>
              </span>
            ) : null}
            {l.traceId ? (
              <a class="id" href={`#/traces/${l.traceId}`}>
                trace {l.traceId.slice(0, 8)}
              </a>
            ) : null}
          </div>
        ))}
        {!lines.length ? <div class="muted">No matching lines yet.</div> : null}
      </div>
    </Panel>
  );
}
