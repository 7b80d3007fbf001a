import { get, useLoad } from '../api';
import { ErrorBox, Panel } from '../ui';

export function TracesPage() {
  const traces = useLoad(() => get('/api/traces'), []);
  return (
    <Panel title="Traces">
      <ErrorBox error={traces.error} />
      {traces.data && !traces.data.available ? <p class="muted">{traces.data.reason}</p> : null}
    </Panel>
  );
}
