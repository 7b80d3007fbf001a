import { formatMs } from '../../duration.js';
import { asText, compact, described, plural, pretty, shellQuote } from '../../format.js';
import { partialMatch, renderDiff } from '../../match.js';
import { findDocuments } from '../../mongo-adapter.js';
import { StepFailure } from '../../step-kind.js';
import type { Matcher } from './matcher.js';

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
    properties: {
      collection: { type: 'string' },
      filter: { type: 'object' },
      match: { description: 'partial match on the first document found' },
      count: { type: 'integer', minimum: 0 },
    },
  },
  async run(query, { env, within, poll }) {
    const db = (await env.mongo()).db();
    let last: { docs: Record<string, unknown>[]; count: number } = { docs: [], count: 0 };
    const ok = (r: typeof last) =>
      (query.count !== undefined ? r.count === query.count : r.count > 0) &&
      (query.match === undefined || (r.docs[0] !== undefined && partialMatch(query.match, r.docs[0]).length === 0));
    const r = await poll(
      async () => {
        last = await findDocuments(db, query.collection, query.filter);
        return ok(last) ? last : undefined;
      },
      () => {
        if (query.count !== undefined && last.count !== query.count)
          return new StepFailure(
            `expected ${query.count} document(s) in ${query.collection} matching ${compact(query.filter ?? {})}, found ${last.count} within ${formatMs(within)}`,
            renderDiff([], last.docs, { maxLines: 30 }),
          );
        if (!last.docs.length)
          return new StepFailure(`no document in ${query.collection} matched ${compact(query.filter ?? {})} within ${formatMs(within)}`);
        return new StepFailure(
          `the document in ${query.collection} does not match within ${formatMs(within)}`,
          renderDiff(partialMatch(query.match, last.docs[0]), last.docs[0]),
        );
      },
    );
    const found = `${plural(r.count, 'document')} in ${query.collection}`;
    return {
      summary: `${found}${r.docs[0] ? ` ${compact(r.docs[0], 80)}` : ''}`,
      short: found,
      detail: pretty(r.docs.length === 1 ? r.docs[0] : r.docs),
      data: { document: r.docs[0], documents: r.docs, count: r.count },
    };
  },
  view(query) {
    const what = query.count === undefined ? 'a document' : plural(query.count, 'document');
    return {
      title: `expect ${what} in ${query.collection}`,
      command: `platform db ${query.collection} ${shellQuote(asText(query.filter ?? {}))}`,
      check: `${what} in ${query.collection} where ${described(query.filter ?? {})}${query.match !== undefined ? ` matching ${described(query.match)}` : ''}`,
    };
  },
};
