import { BSON } from 'mongodb';

const { EJSON } = BSON;
import { intOption } from '../input/arguments.js';
import { resolveMongoUrl } from '../transports/mongo/client.js';
import { listCollections, parseDocumentArg, queryCollection } from '../transports/mongo/query.js';
import { colors } from '../ui/colors.js';
import { isTerminal, printJson, printTable } from '../ui/output.js';

export async function dbAction(
  collection: string | undefined,
  filterText: string | undefined,
  opts: { limit?: string; sort?: string; mongoUrl?: string; json?: boolean },
): Promise<void> {
  const limit = intOption(opts.limit, '--limit', { min: 0, fallback: 20 })!;
  const filter = parseDocumentArg(filterText, 'filter');
  const sort = opts.sort ? parseDocumentArg(opts.sort, '--sort') : undefined;
  const mongoUrl = await resolveMongoUrl(opts.mongoUrl);
  if (!collection) {
    const colls = await listCollections({ mongoUrl });
    if (opts.json) return printJson(colls);
    return printTable(
      ['collection', 'documents'],
      colls.map((c) => [c.collection, c.documents]),
    );
  }
  const result = await queryCollection(collection, filter, { mongoUrl, limit, sort });
  const plain = result.docs.map((d) => EJSON.serialize(d, { relaxed: true }));
  if (opts.json) return printJson(plain);
  for (const d of plain) process.stdout.write(JSON.stringify(d, null, isTerminal() ? 2 : undefined) + '\n');
  process.stderr.write(
    colors.dim(
      `${result.docs.length} of ${result.total} document${result.total === 1 ? '' : 's'} in ${collection}${result.docs.length < result.total ? ' (--limit for more)' : ''}\n`,
    ),
  );
}
