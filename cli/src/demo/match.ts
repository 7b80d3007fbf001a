import { colors } from '../ui/colors.js';

/** One place where the actual value differs from what the scenario expected. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
  /** Set for matchers ($regex, $gt...) and type differences, where "expected X" alone would mislead. */
  reason?: string;
}

const MISSING = Symbol('missing');

/**
 * Partial matching: every key the scenario names must match, keys it does not name are ignored.
 * Arrays match element by element and must have the same length ($contains: some items, any order).
 * Operators: $exists, $ne, $regex, $gt, $gte, $lt, $lte, $in, $contains, $type.
 */
export function partialMatch(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (isOperator(expected)) return matchOperators(expected, actual, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path: path || '(value)', expected, actual, reason: `expected an array, got ${kind(actual)}` }];
    if (actual.length !== expected.length)
      return [
        {
          path: path || '(value)',
          expected,
          actual,
          reason: `expected ${expected.length} item${expected.length === 1 ? '' : 's'}, got ${actual.length}`,
        },
      ];
    return expected.flatMap((e, i) => partialMatch(e, actual[i], `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual))
      return [{ path: path || '(value)', expected, actual, reason: `expected an object, got ${kind(actual)}` }];
    return Object.entries(expected).flatMap(([k, e]) => {
      const a = k in (actual as object) ? (actual as Record<string, unknown>)[k] : MISSING;
      const p = path ? `${path}.${k}` : k;
      if (a === MISSING)
        return isOperator(e) ? matchOperators(e, undefined, p) : [{ path: p, expected: e, actual: undefined, reason: 'missing' }];
      return partialMatch(e, a, p);
    });
  }
  return Object.is(expected, actual) || expected === actual ? [] : [{ path: path || '(value)', expected, actual }];
}

function isOperator(v: unknown): v is Record<string, unknown> {
  return Boolean(
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$')),
  );
}

function matchOperators(ops: Record<string, unknown>, actual: unknown, path: string): Mismatch[] {
  const out: Mismatch[] = [];
  const fail = (reason: string) => out.push({ path: path || '(value)', expected: ops, actual, reason });
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$exists':
        if ((actual !== undefined && actual !== null) !== Boolean(arg))
          fail(arg ? 'expected a value, got none' : `expected no value, got ${show(actual)}`);
        break;
      case '$ne':
        if (partialMatch(arg, actual).length === 0) fail(`expected anything but ${show(arg)}`);
        break;
      case '$regex':
        if (typeof actual !== 'string' || !new RegExp(String(arg)).test(actual))
          fail(`expected a string matching /${arg}/, got ${show(actual)}`);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const n = arg as number;
        const ok =
          typeof actual === 'number' && (op === '$gt' ? actual > n : op === '$gte' ? actual >= n : op === '$lt' ? actual < n : actual <= n);
        if (!ok) fail(`expected a number ${{ $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op]} ${n}, got ${show(actual)}`);
        break;
      }
      case '$in':
        if (!Array.isArray(arg) || !arg.some((a) => partialMatch(a, actual).length === 0))
          fail(`expected one of ${show(arg)}, got ${show(actual)}`);
        break;
      case '$contains': {
        const want = Array.isArray(arg) ? arg : [arg];
        if (!Array.isArray(actual)) fail(`expected an array, got ${kind(actual)}`);
        else for (const w of want) if (!actual.some((a) => partialMatch(w, a).length === 0)) fail(`expected an item matching ${show(w)}`);
        break;
      }
      case '$type':
        if (kind(actual) !== arg) fail(`expected ${arg}, got ${kind(actual)}`);
        break;
      default:
        fail(`unknown operator ${op} (known: $exists, $ne, $regex, $gt, $gte, $lt, $lte, $in, $contains, $type)`);
    }
  }
  return out;
}

function kind(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function show(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

/**
 * Expected vs actual, one block per differing path, then the actual value for context:
 *   body.status
 *     - expected "captured"
 *     + actual   "pending"
 */
export function renderDiff(mismatches: Mismatch[], actual?: unknown, opts: { maxLines?: number } = {}): string {
  const lines: string[] = [];
  for (const m of mismatches.slice(0, 12)) {
    lines.push(`  ${colors.bold(m.path)}${m.reason ? colors.dim(`  (${m.reason})`) : ''}`);
    if (!m.reason || m.reason === 'missing') {
      lines.push(`    ${colors.green('- expected')} ${show(m.expected)}`);
      lines.push(`    ${colors.red('+ actual  ')} ${show(m.actual)}`);
    }
  }
  if (mismatches.length > 12) lines.push(colors.dim(`  ... and ${mismatches.length - 12} more`));
  if (actual !== undefined) {
    const max = opts.maxLines ?? 20;
    const body = (typeof actual === 'string' ? actual : (JSON.stringify(actual, null, 2) ?? 'undefined')).split('\n');
    lines.push(colors.dim('  actual value:'));
    for (const l of body.slice(0, max)) lines.push(colors.dim(`    ${l}`));
    if (body.length > max) lines.push(colors.dim(`    ... ${body.length - max} more lines`));
  }
  return lines.join('\n');
}
