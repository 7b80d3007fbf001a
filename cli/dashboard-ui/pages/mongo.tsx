import { useState } from 'preact/hooks';
import { get, qs, useLoad } from '../api';
import { checkJson } from '../json';
import { ActionButton, ErrorBox, JsonField, Panel } from '../ui';

export function MongoPage() {
  const collections = useLoad(() => get<{ collection: string; documents: number }[]>('/api/mongo/collections'), []);
  const [collection, setCollection] = useState('');
  const [filter, setFilter] = useState('{}');
  const [sort, setSort] = useState('{}');
  const [limit, setLimit] = useState('20');
  const [result, setResult] = useState<{ total: number; shown: number; ejson: string } | null>(null);
  const valid = checkJson(filter, 'filter', { emptyAs: {} }).ok && checkJson(sort, 'sort', { emptyAs: {} }).ok && collection;
  return (
    <div class="columns wide-right">
      <Panel title="Collections" actions={<button onClick={collections.reload}>Refresh</button>}>
        <ErrorBox error={collections.error} />
        <table class="grid" data-testid="collections">
          <thead>
            <tr>
              <th>collection</th>
              <th>documents</th>
            </tr>
          </thead>
          <tbody>
            {(collections.data ?? []).map((c) => (
              <tr key={c.collection} class={collection === c.collection ? 'selected' : ''}>
                <td>
                  <a
                    href="javascript:void 0"
                    onClick={() => {
                      setCollection(c.collection);
                      setResult(null);
                    }}
                  >
                    {c.collection}
                  </a>
                </td>
                <td>{c.documents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={collection ? `Query ${collection}` : 'Query'}>
        <div class="columns">
          <JsonField label="Filter (EJSON)" name="mongo-filter" rows={4} value={filter} emptyAs={{}} onInput={setFilter} />
          <JsonField label="Sort" name="mongo-sort" rows={4} value={sort} emptyAs={{}} onInput={setSort} />
        </div>
        <div class="row">
          <label>
            limit{' '}
            <input
              class="narrow"
              type="number"
              min={1}
              max={200}
              value={limit}
              onInput={(e) => setLimit((e.target as HTMLInputElement).value)}
            />
          </label>
          <ActionButton
            label="Run query"
            kind="primary"
            disabled={!valid}
            run={async () => setResult(await get(`/api/mongo/query?${qs({ collection, filter, sort, limit })}`))}
          />
        </div>
        {result ? (
          <>
            <p class="muted">
              {result.shown} of {result.total} matching documents
            </p>
            <pre class="ejson" data-testid="mongo-result">
              {result.ejson}
            </pre>
          </>
        ) : null}
      </Panel>
    </div>
  );
}
