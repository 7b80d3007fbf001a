import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ServicesPage } from './pages/services';
import { LogsPage } from './pages/logs';
import { TracesPage } from './pages/traces';
import { KafkaPage } from './pages/kafka';
import { TcpPage } from './pages/tcp';
import { MongoPage } from './pages/mongo';
import { RequestsPage } from './pages/requests';
import { ScenariosPage } from './pages/scenarios';

const PAGES = [
  ['services', 'Services', ServicesPage],
  ['logs', 'Logs', LogsPage],
  ['traces', 'Traces', TracesPage],
  ['kafka', 'Kafka', KafkaPage],
  ['tcp', 'TCP', TcpPage],
  ['mongo', 'MongoDB', MongoPage],
  ['requests', 'Saved requests', RequestsPage],
  ['scenarios', 'Scenarios', ScenariosPage],
] as const;

/** `#/logs?correlationId=...`, `#/traces/<id>`: the page and its parameters, so every view can be linked. */
export function useRoute(): { page: string; params: URLSearchParams } {
  const read = () => {
    const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
    const [page, ...rest] = (path || 'services').split('/');
    const params = new URLSearchParams(query ?? '');
    if (rest.length) params.set('id', decodeURIComponent(rest.join('/')));
    return { page, params };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    // A hash that changed between the first render and this effect fired no event we heard.
    on();
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

function App() {
  const { page, params } = useRoute();
  const found = PAGES.find(([id]) => id === page) ?? PAGES[0];
  const Page = found[2];
  return (
    <div class="layout">
      <nav>
        <div class="brand">platform</div>
        {PAGES.map(([id, label]) => (
          <a key={id} href={`#/${id}`} class={id === found[0] ? 'active' : ''}>
            {label}
          </a>
        ))}
      </nav>
      <main>
        {/* A new hash is a new view: the page starts from its parameters again. */}
        <Page key={`${found[0]}?${params}`} params={params} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
