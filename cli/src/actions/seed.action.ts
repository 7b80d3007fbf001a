import { relative } from 'node:path';
import { projectPaths } from '../stack/project.js';
import { intOption } from '../input/arguments.js';
import { resolveMongoUrl } from '../transports/mongo/client.js';
import { datasetPath, loadDatasetFile, seedDataset, seedSynthetic, syntheticOf, type SeedResult } from '../transports/mongo/seed.js';
import type { CreatedKey } from '../transports/mongo/api-keys.js';
import { printApiKeys } from './keys.action.js';
import { printJson, printTable, progress } from '../ui/output.js';

interface Opts {
  file?: string;
  reset?: boolean;
  count?: string;
  batchSize?: string;
  mongoUrl?: string;
  json?: boolean;
}

export async function seedAction(dataset: string, opts: Opts): Promise<void> {
  const count = intOption(opts.count, '--count');
  const batchSize = intOption(opts.batchSize, '--batch-size');
  const root = opts.file ? undefined : projectPaths().root;
  const path = opts.file ?? datasetPath(root!, dataset);
  const file = loadDatasetFile(path);
  const named = opts.file ?? relative(root!, path);
  const unit = count === undefined ? undefined : `synthetic ${syntheticOf(file).of}`;
  const source = unit ? `${count} ${unit}` : named;
  const mongoUrl = await resolveMongoUrl(opts.mongoUrl);
  const bar = progress(!opts.json);
  let results: SeedResult[];
  let apiKeys: CreatedKey[] = [];
  const onApiKeys = (keys: CreatedKey[]) => (apiKeys = keys);
  try {
    if (count !== undefined) {
      bar.step(`generating ${source}`);
      results = await seedSynthetic(file, count, {
        mongoUrl,
        batchSize,
        onApiKeys,
        onProgress: (done, total) => bar.update(`generating ${unit} ${done}/${total}`),
      });
    } else {
      bar.step(`seeding ${source}`);
      results = await seedDataset(file, {
        mongoUrl,
        reset: opts.reset,
        batchSize,
        onApiKeys,
        onProgress: (c, done, total) => bar.update(`seeding ${c} ${done}/${total}`),
      });
    }
    bar.done();
  } catch (e) {
    bar.fail();
    throw e;
  }
  if (opts.json) return printJson({ source, collections: results, apiKeys });
  printTable(
    ['collection', 'documents', 'inserted', 'updated', 'unchanged', 'deleted', 'total now'],
    results.map((r) => [r.collection, r.documents, r.inserted, r.updated, r.unchanged, r.deleted, r.total ?? '-']),
  );
  printApiKeys(apiKeys);
}
