import { formatMs } from '../../duration.js';
import { asText, compact, described, plural, pretty, shellQuote } from '../../format.js';
import { partialMatch, renderDiff } from '../../match.js';
import { findDocuments } from '../../mongo-adapter.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from '../expect.js';

export interface DocumentExpectation {
  collection: string;
  filter?: Record<string, unknown>;
  match?: unknown;
  count?: number;
}

/** `expect: { document }`: a document (or exactly `count`) in a collection, the first matching `match`. */
export const document: Matcher<DocumentExpectation> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['collection'],
    properties: { collection: { type: 'string' }, filter: { type: 'object' }, match: { description: 'partial match on the first document found' }, count: { type: 'integer', minimum: 0 } },
  },
  async run(d, { env, within, poll }) {
    const db = (await env.mongo()).db();
    let last: { docs: Record<string, unknown>[]; count: number } = { docs: [], count: 0 };
    const ok = (r: typeof last) => (d.count !== undefined ? r.count === d.count : r.count > 0) && (d.match === undefined || (r.docs[0] !== undefined && partialMatch(d.match, r.docs[0]).length === 0));
    const r = await poll(async () => {
      last = await findDocuments(db, d.collection, d.filter);
      return ok(last) ? last : undefined;
    }, () => {
      if (d.count !== undefined && last.count !== d.count) return new StepFailure(`expected ${d.count} document(s) in ${d.collection} matching ${compact(d.filter ?? {})}, found ${last.count} within ${formatMs(within)}`, renderDiff([], last.docs, { maxLines: 30 }));
      if (!last.docs.length) return new StepFailure(`no document in ${d.collection} matched ${compact(d.filter ?? {})} within ${formatMs(within)}`);
      return new StepFailure(`the document in ${d.collection} does not match within ${formatMs(within)}`, renderDiff(partialMatch(d.match, last.docs[0]), last.docs[0]));
    });
    const found = `${plural(r.count, 'document')} in ${d.collection}`;
    return { summary: `${found}${r.docs[0] ? ` ${compact(r.docs[0], 80)}` : ''}`, short: found, detail: pretty(r.docs.length === 1 ? r.docs[0] : r.docs), data: { document: r.docs[0], documents: r.docs, count: r.count } };
  },
  view(d) {
    const what = d.count === undefined ? 'a document' : plural(d.count, 'document');
    return {
      title: `expect ${what} in ${d.collection}`,
      command: `platform db ${d.collection} ${shellQuote(asText(d.filter ?? {}))}`,
      check: `${what} in ${d.collection} where ${described(d.filter ?? {})}${d.match !== undefined ? ` matching ${described(d.match)}` : ''}`,
    };
  },
};
