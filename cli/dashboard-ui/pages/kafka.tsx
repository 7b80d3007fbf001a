import { useState } from 'preact/hooks';
import { get, post, qs, useLive, useLoad } from '../api';
import { checkJson, prettyText } from '../json';
import { ActionButton, ErrorBox, JsonField, Panel, StateBadge, time } from '../ui';
import type { TailMessage } from '../../src/transports/kafka/message.js';

/** A message as the tail sends it: the value is a preview when `truncated`. */
type Msg = TailMessage & { size: number; truncated: boolean };

interface Draft {
  topic: string;
  key: string;
  partition: string;
  headers: string;
  value: string;
  json: boolean;
}

/** The tail shows at most this many messages; older ones fall off the end. */
const MAX_SHOWN = 300;
const emptyDraft: Draft = { topic: '', key: '', partition: '', headers: '{}', value: '{}', json: true };

function Topics({ onPick }: { onPick: (t: string) => void }) {
  const topics = useLoad(() => get<any[]>('/api/kafka/topics'), []);
  const [open, setOpen] = useState<string | null>(null);
  const detail = useLoad(() => (open ? get(`/api/kafka/topics/${encodeURIComponent(open)}`) : Promise.resolve(null)), [open]);
  return (
    <Panel title="Topics" actions={<button onClick={topics.reload}>Refresh</button>}>
      <ErrorBox error={topics.error} />
      <table class="grid" data-testid="topics">
        <thead>
          <tr>
            <th>topic</th>
            <th>partitions</th>
            <th>messages</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(topics.data ?? []).map((t) => (
            <tr key={t.topic} class={open === t.topic ? 'selected' : ''}>
              <td>
                <a href="javascript:void 0" onClick={() => setOpen(open === t.topic ? null : t.topic)}>
                  {t.topic}
                </a>
              </td>
              <td>{t.partitions}</td>
              <td>{t.messages}</td>
              <td>
                <button onClick={() => onPick(t.topic)}>Tail</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <div class="detail">
          <ErrorBox error={detail.error} />
          {detail.data ? (
            <table class="grid small">
              <thead>
                <tr>
                  <th>partition</th>
                  <th>leader</th>
                  <th>low</th>
                  <th>high</th>
                  <th>messages</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.partitions.map((p: any) => (
                  <tr key={p.partition}>
                    <td>{p.partition}</td>
                    <td>{p.leader}</td>
                    <td>{p.low}</td>
                    <td>{p.high}</td>
                    <td>{p.messages}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}

function GroupDetail({ id }: { id: string }) {
  const d = useLoad(() => get(`/api/kafka/groups/${encodeURIComponent(id)}`), [id]);
  const [topic, setTopic] = useState('');
  const [to, setTo] = useState('earliest');
  const [when, setWhen] = useState('');
  const idle = d.data && (d.data.state === 'Empty' || d.data.state === 'Dead');
  return (
    <div class="detail">
      <ErrorBox error={d.error} />
      {d.data ? (
        <>
          <h3>
            {id} <StateBadge state={d.data.state} />
          </h3>
          <table class="grid small">
            <thead>
              <tr>
                <th>member</th>
                <th>client</th>
                <th>assignment</th>
              </tr>
            </thead>
            <tbody>
              {d.data.members.map((m: any) => (
                <tr key={m.memberId}>
                  <td class="mono">{m.memberId.slice(0, 24)}</td>
                  <td>{m.clientId}</td>
                  <td class="mono">
                    {Object.entries(m.assignment)
                      .map(([t, ps]) => `${t}[${(ps as number[]).join(',')}]`)
                      .join(' ')}
                  </td>
                </tr>
              ))}
              {!d.data.members.length ? (
                <tr>
                  <td colSpan={3} class="muted">
                    no members (idle)
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          <table class="grid small">
            <thead>
              <tr>
                <th>topic</th>
                <th>partition</th>
                <th>committed</th>
                <th>end</th>
                <th>lag</th>
              </tr>
            </thead>
            <tbody>
              {d.data.partitions.map((p: any) => (
                <tr key={`${p.topic}-${p.partition}`}>
                  <td>{p.topic}</td>
                  <td>{p.partition}</td>
                  <td>{p.committed ?? '-'}</td>
                  <td>{p.high}</td>
                  <td class={p.lag ? 'warn' : ''}>{p.lag}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row">
            <select value={topic} onChange={(e) => setTopic((e.target as HTMLSelectElement).value)} aria-label="topic to reset">
              <option value="">topic…</option>
              {[...new Set<string>(d.data.partitions.map((p: any) => p.topic))].map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <select value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)} aria-label="reset to">
              <option value="earliest">to earliest</option>
              <option value="latest">to latest</option>
              <option value="time">to a time</option>
            </select>
            {to === 'time' ? (
              <input type="datetime-local" step={1} value={when} onInput={(e) => setWhen((e.target as HTMLInputElement).value)} />
            ) : null}
            <ActionButton
              label="Reset offsets"
              kind="danger"
              disabled={!idle || !topic}
              title={idle ? '' : 'only while the group has no members'}
              run={async () => {
                await post('/api/kafka/groups/reset', { groupId: id, topic, to: to === 'time' ? new Date(when).toISOString() : to });
                d.reload();
              }}
            />
            {!idle ? <span class="muted">Offsets can be reset while the group is idle (scale its service to 0 first).</span> : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

function Groups() {
  const groups = useLoad(() => get<any[]>('/api/kafka/groups'), []);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Panel title="Consumer groups" actions={<button onClick={groups.reload}>Refresh</button>}>
      <ErrorBox error={groups.error} />
      <table class="grid" data-testid="groups">
        <thead>
          <tr>
            <th>group</th>
            <th>state</th>
            <th>members</th>
            <th>topics</th>
            <th>lag</th>
          </tr>
        </thead>
        <tbody>
          {(groups.data ?? []).map((g) => (
            <tr key={g.groupId} class={open === g.groupId ? 'selected' : ''}>
              <td>
                <a href="javascript:void 0" onClick={() => setOpen(open === g.groupId ? null : g.groupId)}>
                  {g.groupId}
                </a>
              </td>
              <td>
                <StateBadge state={g.state} />
              </td>
              <td>{g.members}</td>
              <td>{g.topics.join(', ')}</td>
              <td class={g.lag ? 'warn' : ''}>{g.lag ?? '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? <GroupDetail id={open} /> : null}
    </Panel>
  );
}

function MessageView({ m, onEdit }: { m: Msg; onEdit: (m: Msg) => void }) {
  return (
    <div class="message" data-offset={m.offset} data-key={m.key ?? ''}>
      <div class="meta">
        <span class="mono">
          [{m.partition}] @ {m.offset}
        </span>
        <span>{time(m.timestamp)}</span>
        <span>
          key <b>{m.key ?? 'null'}</b>
        </span>
        <span class="muted">
          {m.size.toLocaleString()} bytes{m.truncated ? ' (preview)' : ''}
        </span>
        <button onClick={() => onEdit(m)}>Edit &amp; resend</button>
      </div>
      {Object.keys(m.headers).length ? (
        <div class="headers mono">
          {Object.entries(m.headers).map(([k, v]) => (
            <span key={k}>
              {k}: {v}
            </span>
          ))}
        </div>
      ) : null}
      <pre class="value">{m.truncated ? m.value : prettyText(m.value)}</pre>
    </div>
  );
}

function Tail({ topic, setTopic, onEdit }: { topic: string; setTopic: (t: string) => void; onEdit: (m: Msg) => void }) {
  const topics = useLoad(() => get<any[]>('/api/kafka/topics'), []);
  const [fromBeginning, setFromBeginning] = useState(false);
  const [filters, setFilters] = useState('');
  const [running, setRunning] = useState<string | null>(null);
  const [messages, setMessages] = useState<Msg[]>([]);
  const [skipped, setSkipped] = useState(0);
  const [status, setStatus] = useState<{ state: string; error?: string } | null>(null);
  const start = () => {
    setMessages([]);
    setSkipped(0);
    setStatus({ state: 'joining' });
    const f = filters
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    setRunning(`/api/live/tail?${qs({ topic, from: fromBeginning ? 'beginning' : undefined, filter: f, n: Date.now() })}`);
  };
  useLive(running, {
    messages: (b: { messages: Msg[]; skipped: number }) => {
      setMessages((old) => [...b.messages.reverse(), ...old].slice(0, MAX_SHOWN));
      if (b.skipped) setSkipped((s) => s + b.skipped);
    },
    status: setStatus,
    failed: (e) => {
      setStatus({ state: 'stopped', error: e.error + (e.hint ? ` (${e.hint})` : '') });
      setRunning(null);
    },
  });
  return (
    <Panel title="Live tail" actions={status ? <span class={`live live-${status.state}`}>{status.state}</span> : null}>
      <div class="row">
        <select
          value={topic}
          name="tail-topic"
          onChange={(e) => setTopic((e.target as HTMLSelectElement).value)}
          aria-label="topic to tail"
        >
          <option value="">topic…</option>
          {(topics.data ?? []).map((t) => (
            <option key={t.topic}>{t.topic}</option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" checked={fromBeginning} onChange={(e) => setFromBeginning((e.target as HTMLInputElement).checked)} /> from
          the beginning
        </label>
        {running ? (
          <button
            onClick={() => {
              setRunning(null);
              setStatus({ state: 'stopped' });
            }}
          >
            Stop
          </button>
        ) : (
          <button class="primary" disabled={!topic} onClick={start}>
            Start tail
          </button>
        )}
      </div>
      <label class="field">
        <span>Filters, one per line: key=…, header.&lt;name&gt;=…, value.&lt;json.path&gt;=… (!= negates)</span>
        <textarea name="tail-filters" rows={2} value={filters} onInput={(e) => setFilters((e.target as HTMLTextAreaElement).value)} />
      </label>
      <ErrorBox error={status?.error ?? topics.error} />
      {skipped ? (
        <p class="muted">
          {skipped.toLocaleString()} messages arrived faster than the page shows them and were skipped (the newest are shown).
        </p>
      ) : null}
      <div class="messages" data-testid="tail">
        {messages.map((m) => (
          <MessageView key={`${m.partition}:${m.offset}`} m={m} onEdit={onEdit} />
        ))}
      </div>
    </Panel>
  );
}

function Produce({ draft, setDraft }: { draft: Draft; setDraft: (d: Draft) => void }) {
  const topics = useLoad(() => get<any[]>('/api/kafka/topics'), []);
  const [result, setResult] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const headers = checkJson(draft.headers, 'headers', { emptyAs: {} });
  const value = draft.json ? checkJson(draft.value, 'value') : { ok: true as const, value: draft.value };
  const valid = headers.ok && value.ok && draft.topic;
  const message = () => ({
    topic: draft.topic,
    key: draft.key || null,
    partition: draft.partition === '' ? undefined : Number(draft.partition),
    headers: headers.ok ? headers.value : {},
    value: draft.value,
  });
  const set = (k: keyof Draft) => (e: Event) =>
    setDraft({
      ...draft,
      [k]:
        (e.target as HTMLInputElement).type === 'checkbox' ? (e.target as HTMLInputElement).checked : (e.target as HTMLInputElement).value,
    });
  return (
    <Panel title="Produce">
      <div class="row">
        <select value={draft.topic} name="produce-topic" onChange={set('topic')} aria-label="topic to produce to">
          <option value="">topic…</option>
          {(topics.data ?? []).map((t) => (
            <option key={t.topic}>{t.topic}</option>
          ))}
          {draft.topic && !(topics.data ?? []).some((t) => t.topic === draft.topic) ? <option>{draft.topic}</option> : null}
        </select>
        <input placeholder="key" name="produce-key" value={draft.key} onInput={set('key')} />
        <input
          placeholder="partition (by key)"
          name="produce-partition"
          value={draft.partition}
          onInput={set('partition')}
          class="narrow"
        />
        <label class="check">
          <input type="checkbox" checked={draft.json} onChange={set('json')} /> value is JSON
        </label>
      </div>
      <JsonField
        label="Headers (JSON object of strings)"
        name="produce-headers"
        rows={2}
        value={draft.headers}
        emptyAs={{}}
        onInput={(v) => setDraft({ ...draft, headers: v })}
      />
      {draft.json ? (
        <JsonField label="Value" name="produce-value" rows={10} value={draft.value} onInput={(v) => setDraft({ ...draft, value: v })} />
      ) : (
        <label class="field">
          <span>Value (text)</span>
          <textarea name="produce-value" rows={10} value={draft.value} onInput={set('value')} />
        </label>
      )}
      <div class="row">
        <ActionButton
          label="Send"
          kind="primary"
          disabled={!valid}
          run={async () => {
            const r = await post('/api/kafka/produce', message());
            setResult(`sent to ${r.topic} [${r.partition}] @ ${r.offset}`);
          }}
        />
        <input
          placeholder="name to save as"
          value={saveName}
          name="produce-save-name"
          onInput={(e) => setSaveName((e.target as HTMLInputElement).value)}
        />
        <ActionButton
          label="Save request"
          disabled={!valid || !saveName}
          run={async () => {
            const r = await post('/api/requests/save', { name: saveName, kafka: message() });
            setResult(`saved as ${r.saved}: run it with platform send @${r.saved}`);
          }}
        />
      </div>
      {result ? (
        <p class="ok" data-testid="produce-result">
          {result}
        </p>
      ) : null}
    </Panel>
  );
}

export function KafkaPage() {
  const [tailTopic, setTailTopic] = useState('');
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editError, setEditError] = useState<Error | null>(null);
  const edit = async (m: Msg) => {
    setEditError(null);
    let full = m;
    try {
      // The tail shows previews; the message itself is read back before it is edited.
      if (m.truncated)
        full = { ...m, ...(await get(`/api/kafka/message?${qs({ topic: m.topic, partition: m.partition, offset: m.offset })}`)) };
    } catch (e) {
      setEditError(e as Error);
      return;
    }
    const text = prettyText(full.value);
    setDraft({
      topic: m.topic,
      key: m.key ?? '',
      partition: '',
      headers: JSON.stringify(m.headers, null, 2),
      value: text,
      json: checkJson(text, 'value').ok,
    });
    document.getElementById('produce')?.scrollIntoView({ behavior: 'smooth' });
  };
  return (
    <div class="stack">
      <div class="columns">
        <Topics onPick={setTailTopic} />
        <Groups />
      </div>
      <ErrorBox error={editError} />
      <div class="columns">
        <Tail topic={tailTopic} setTopic={setTailTopic} onEdit={edit} />
        <div id="produce">
          <Produce draft={draft} setDraft={setDraft} />
        </div>
      </div>
    </div>
  );
}
