import { useState } from 'preact/hooks';
import { get, post, useLoad } from '../api';
import { checkJson, pretty } from '../json';
import { ActionButton, ErrorBox, JsonField, Panel } from '../ui';

interface Pattern {
  pattern: unknown;
  display: string;
  kind: 'message' | 'event';
  transport: string;
  description?: string;
  schema?: unknown;
  example: unknown;
}

function SendForm({ service, p }: { service: string; p: Pattern }) {
  const [data, setData] = useState(pretty(p.example ?? {}));
  const [result, setResult] = useState<any>(null);
  const [saveName, setSaveName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const checked = checkJson(data, 'payload');
  const event = p.kind === 'event';
  return (
    <div class="send-form" data-pattern={p.display}>
      <h3>
        {service} · {p.display}{' '}
        <span class="muted">
          ({p.kind}
          {p.transport !== 'any' ? `, ${p.transport}` : ''})
        </span>
      </h3>
      {p.description ? <p>{p.description}</p> : null}
      <div class="columns">
        <JsonField label="Payload (prefilled with an example from the schema)" name="tcp-data" rows={12} value={data} onInput={setData} />
        <details open>
          <summary>Schema</summary>
          <pre class="schema">{p.schema ? pretty(p.schema) : 'no schema declared'}</pre>
        </details>
      </div>
      <div class="row">
        <ActionButton
          label={event ? 'Emit event' : 'Send request'}
          kind="primary"
          disabled={!checked.ok}
          run={async () => setResult(await post('/api/tcp/send', { service, pattern: p.pattern, data: (checked as any).value, event }))}
        />
        <button onClick={() => setData(pretty(p.example ?? {}))}>Reset to example</button>
        {!event ? (
          <>
            <input placeholder="name to save as" value={saveName} onInput={(e) => setSaveName((e.target as HTMLInputElement).value)} />
            <ActionButton
              label="Save request"
              disabled={!checked.ok || !saveName}
              run={async () =>
                setSaved(
                  (await post('/api/requests/save', { name: saveName, tcp: { service, pattern: p.pattern, data: (checked as any).value } }))
                    .saved,
                )
              }
            />
          </>
        ) : null}
      </div>
      {saved ? (
        <p class="ok">
          Saved as {saved}: run it with <code>platform send @{saved}</code>
        </p>
      ) : null}
      {result ? (
        <div class={`reply ${result.ok ? 'ok' : 'bad'}`} data-testid="tcp-reply">
          <div class="meta">
            {result.ok ? (event ? 'event emitted' : 'reply') : 'error reply'} in {result.ms} ms ·{' '}
            <a href={`#/logs?correlationId=${encodeURIComponent(result.correlationId)}`}>logs</a> ·{' '}
            <a href={`#/traces?correlationId=${encodeURIComponent(result.correlationId)}`}>trace</a>
            <span class="muted mono"> {result.correlationId}</span>
          </div>
          <pre>{pretty(result.ok ? (result.reply ?? null) : result.error)}</pre>
        </div>
      ) : null}
    </div>
  );
}

export function TcpPage({ params }: { params: URLSearchParams }) {
  const services = useLoad(() => get<any[]>('/api/tcp/services'), []);
  const [chosen, setChosen] = useState<{ service: string; key: string } | null>(
    params.get('service') ? { service: params.get('service')!, key: params.get('pattern') ?? '' } : null,
  );
  const current = services.data?.find((s) => s.service === chosen?.service)?.patterns.find((p: Pattern) => p.display === chosen?.key);
  return (
    <div class="columns wide-right">
      <Panel title="TCP patterns" actions={<button onClick={services.reload}>Refresh</button>}>
        <ErrorBox error={services.error} />
        {(services.data ?? []).map((s) => (
          <div key={s.service} class="service-patterns">
            <h3>
              {s.service} <span class="muted mono">{s.address}</span>
            </h3>
            {s.error ? <div class="inline-error">{s.error}</div> : null}
            <ul>
              {s.patterns.map((p: Pattern) => (
                <li key={p.display}>
                  <a
                    href="javascript:void 0"
                    class={chosen?.service === s.service && chosen?.key === p.display ? 'active' : ''}
                    data-pattern={p.display}
                    onClick={() => setChosen({ service: s.service, key: p.display })}
                  >
                    {p.display}
                  </a>{' '}
                  <span class="muted">{p.kind}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Panel>
      <Panel title="Send">
        {current ? (
          <SendForm key={`${chosen!.service}/${chosen!.key}`} service={chosen!.service} p={current} />
        ) : (
          <p class="muted">Pick a pattern on the left.</p>
        )}
      </Panel>
    </div>
  );
}
