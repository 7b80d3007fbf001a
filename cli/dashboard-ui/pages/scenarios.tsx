import { useState } from 'preact/hooks';
import { get, post, useLive, useLoad } from '../api';
import { ActionButton, ErrorBox, Panel } from '../ui';

/** Presenter mode in the browser: each step announced, run on Next, its result shown. */
export function ScenariosPage() {
  const list = useLoad(() => get<any[]>('/api/scenarios'), []);
  const [events, setEvents] = useState<any[]>([]);
  const [session, setSession] = useState(0);
  useLive(`/api/live/scenario?s=${session}`, { step: (e) => setEvents((old) => [...old, e]), idle: () => setEvents([]) });
  const begin = events.find((e) => e.type === 'begin');
  const last = events[events.length - 1];
  const waiting = last?.type === 'before' && last.waiting;
  const start = async (name: string, auto: boolean) => {
    setEvents([]);
    await post('/api/scenarios/start', { name, auto });
    setSession((n) => n + 1);
  };
  const steps = new Map<number, any>();
  for (const e of events) if (e.index !== undefined) steps.set(e.index, { ...steps.get(e.index), ...e, state: e.type });
  return (
    <div class="columns wide-right">
      <Panel title="Scenarios">
        <ErrorBox error={list.error} />
        {(list.data ?? []).map((s) => (
          <div key={s.name} class="saved">
            <b>{s.name}</b> <span class="muted">{s.steps} steps</span>
            <div class="muted">{s.error ? `invalid: ${s.error}` : s.description}</div>
            <ActionButton label="Present" kind="primary" disabled={Boolean(s.error)} run={() => start(s.name, false)} />
            <ActionButton label="Run all" disabled={Boolean(s.error)} run={() => start(s.name, true)} />
          </div>
        ))}
      </Panel>
      <Panel
        title={begin ? `${begin.name}: ${begin.description}` : 'Run'}
        actions={
          waiting ? (
            <>
              <ActionButton label="Next step" kind="primary" run={() => post('/api/scenarios/next', {})} />
              <ActionButton label="Stop" run={() => post('/api/scenarios/stop', {})} />
            </>
          ) : null
        }
      >
        {!begin ? <p class="muted">Start a scenario on the left; Present waits for Next before each step.</p> : null}
        <ol class="steps" data-testid="scenario-steps">
          {[...steps.values()].map((s) => (
            <li key={s.index} class={`step st-${s.state}`}>
              <div class="title">{s.view?.title ?? s.title}</div>
              {s.view?.command ? <pre class="command">$ {s.view.command}</pre> : null}
              {s.state === 'passed' ? (
                <div class="ok">
                  ✓ {s.summary} <span class="muted">{s.ms} ms</span>
                </div>
              ) : null}
              {s.state === 'passed' && s.detail ? <pre>{s.detail}</pre> : null}
              {s.state === 'failed' ? (
                <div class="bad">
                  ✗ {s.error}
                  {s.diff ? <pre>{s.diff}</pre> : null}
                </div>
              ) : null}
              {s.state === 'before' && !s.waiting ? <div class="muted">running…</div> : null}
            </li>
          ))}
        </ol>
        {last?.type === 'progress' ? <p class="muted">{last.text}…</p> : null}
        {last?.type === 'end' ? (
          <p class={last.result.passed ? 'ok' : 'bad'}>
            {last.result.passed ? 'PASSED' : 'FAILED'} in {last.result.ms} ms
          </p>
        ) : null}
        {last?.type === 'error' ? <ErrorBox error={last.error} /> : null}
      </Panel>
    </div>
  );
}
