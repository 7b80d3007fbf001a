import { useState } from 'preact/hooks';
import { get, post, useLoad } from '../api';
import { pretty } from '../json';
import { ActionButton, ErrorBox, Panel } from '../ui';

export function RequestsPage() {
  const list = useLoad(() => get<any[]>('/api/requests'), []);
  const [output, setOutput] = useState<Record<string, { passed: boolean; output: string }>>({});
  return (
    <Panel title="Saved requests" actions={<button onClick={list.reload}>Refresh</button>}>
      <p class="muted">
        Files in <code>requests/</code>, in the scenario step format. Save one from the TCP or Kafka page, or with <code>--save</code> on
        <code> platform send</code>; run it here or with <code>platform send @requests/&lt;name&gt;.yaml</code>.
      </p>
      <ErrorBox error={list.error} />
      {(list.data ?? []).map((r) => (
        <div key={r.name} class="saved" data-name={r.name}>
          <div class="row">
            <b>{r.name}</b>{' '}
            <span class="muted">
              {r.kind} · {r.file} · {r.title}
            </span>
            <ActionButton
              label="Run"
              kind="primary"
              run={async () => setOutput({ ...output, [r.name]: await post('/api/requests/run', { name: r.name }) })}
            />
          </div>
          <details>
            <summary>step</summary>
            <pre>{pretty(r.step ?? null)}</pre>
          </details>
          {output[r.name] ? <pre class={output[r.name].passed ? 'ok' : 'bad'}>{output[r.name].output}</pre> : null}
        </div>
      ))}
      {list.data && !list.data.length ? <p class="muted">Nothing saved yet.</p> : null}
    </Panel>
  );
}
