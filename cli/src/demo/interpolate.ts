/**
 * `${name}` in any string of a step is replaced by a variable: one captured by an earlier step
 * (`capture: { paymentId: body.id }`), declared under `vars`, or built in (runId, scenario).
 * A string that is exactly `${name}` keeps the variable's type (a number stays a number).
 * `$${` writes a literal `${`.
 */
const REF = /\$\$\{|\$\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_$-]+|\[\d+\])*)\s*\}/g;
const WHOLE = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_$-]+|\[\d+\])*)\s*\}$/;

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`\${${variable}} is not defined`);
  }
}

export function interpolate<T>(value: T, vars: Record<string, unknown>): T {
  if (typeof value === 'string') return interpolateString(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [interpolateString(k, vars), interpolate(v, vars)])) as T;
  }
  return value;
}

function interpolateString(s: string, vars: Record<string, unknown>): unknown {
  const whole = WHOLE.exec(s);
  if (whole) return lookup(whole[1], vars);
  return s.replace(REF, (m, path: string | undefined) => {
    if (!path) return '${';
    const v = lookup(path, vars);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

function lookup(path: string, vars: Record<string, unknown>): unknown {
  const root = path.split(/[.[]/)[0];
  if (!(root in vars)) throw new MissingVariableError(root);
  const v = getPath(vars, path);
  if (v === undefined) throw new MissingVariableError(path);
  return v;
}

/** The variable names (roots) a value refers to, for the check that each is defined before use. */
export function references(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const m of value.matchAll(REF)) if (m[1]) out.push(m[1].split(/[.[]/)[0]);
  } else if (Array.isArray(value)) value.forEach((v) => references(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      references(k, out);
      references(v, out);
    }
  }
  return out;
}

/** `body.items[0].id` → the value at that path, or undefined. */
export function getPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
