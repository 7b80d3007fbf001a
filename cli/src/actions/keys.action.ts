import { resolveMongoUrl, withDb } from '../transports/mongo/client.js';
import { listApiKeys, rotateApiKey, type CreatedKey } from '../transports/mongo/api-keys.js';
import { printJson, printTable } from '../ui/output.js';

interface Opts {
  mongoUrl?: string;
  json?: boolean;
}

export async function rotateKeyAction(merchantId: string, opts: Opts): Promise<void> {
  const url = await resolveMongoUrl(opts.mongoUrl);
  const apiKey = await withDb(url, (db) => rotateApiKey(db, merchantId));
  if (opts.json) return printJson({ merchantId, apiKey });
  printApiKeys([{ merchantId, apiKey, source: 'rotated' }]);
  process.stdout.write(`Every earlier key of ${merchantId} stopped working (the gateway may accept one for up to 5 more seconds).\n`);
}

export async function listKeysAction(opts: Opts): Promise<void> {
  const url = await resolveMongoUrl(opts.mongoUrl);
  const keys = await withDb(url, listApiKeys);
  if (opts.json) return printJson(keys);
  printTable(
    ['merchant', 'key ends with', 'created'],
    keys.map((k) => [k.merchantId, `…${k.last4}`, new Date(k.createdAt).toISOString()]),
  );
}

/** The only time a key is shown in clear: right after it was made. */
export function printApiKeys(keys: CreatedKey[]): void {
  if (!keys.length) return;
  process.stdout.write('\nAPI keys written now (only hashes are stored: this is the one time they are shown):\n');
  printTable(
    ['merchant', 'secret key', 'from'],
    keys.map((k) => [k.merchantId, k.apiKey, k.source === 'dataset' ? "the dataset's demo key" : k.source]),
  );
  process.stdout.write('Use one as `Authorization: Bearer <secret key>`; `platform keys rotate <merchant>` replaces it.\n');
}
