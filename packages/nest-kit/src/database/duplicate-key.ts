/** MongoDB's duplicate-key error (E11000): a unique index refused an insert, which is how idempotent writes say "already done". */
export function isDuplicateKeyError(e: unknown): boolean {
  return (e as { code?: number } | undefined)?.code === 11000;
}

/** Runs an insert; a duplicate key answers `false` instead of throwing (the document is already there). */
export async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (e) {
    if (isDuplicateKeyError(e)) return false;
    throw e;
  }
}
