import { usageError } from '../../errors.js';
import type { Routes } from '../router.js';

const MAX_LIMIT = 200;

export const mongoRoutes: Routes = {
  'GET /api/mongo/collections': async ({ ctx }) => {
    const { listCollections } = await import('../../transports/mongo/query.js');
    return listCollections({ mongoUrl: ctx.state().mongoUrl });
  },
  /** Documents as relaxed EJSON text, so dates and ObjectIds read as they are stored. */
  'GET /api/mongo/query': async ({ ctx, url }) => {
    const { parseDocumentArg, queryCollection } = await import('../../transports/mongo/query.js');
    const { BSON } = await import('mongodb');
    const q = url.searchParams;
    const collection = q.get('collection');
    if (!collection) throw usageError('collection is required');
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(q.get('limit') ?? 50) || 50));
    const filter = parseDocumentArg(q.get('filter') ?? '', 'filter');
    const sort = parseDocumentArg(q.get('sort') ?? '', 'sort');
    const { docs, total } = await queryCollection(collection, filter, {
      mongoUrl: ctx.state().mongoUrl,
      limit,
      sort: Object.keys(sort).length ? sort : undefined,
    });
    return { total, shown: docs.length, ejson: BSON.EJSON.stringify(docs, undefined, 2, { relaxed: true }) };
  },
};
