/**
 * Synthetic documents from a dataset's `$seed.synthetic` templates (docs/datasets.md): the seeder
 * knows no collection, the dataset says what one synthetic unit (a customer, a device...) is made of.
 *
 *   compileSynthetic(spec, where): Synthetic      templates checked and compiled once; exit 2 naming a bad one
 *   synthetic.docs(from, to): Dataset             units from..to-1, deterministic
 *   synthetic.idPrefix[collection]                the literal start of its `_id` template, to find a previous set
 *
 * Templates: a string is literal text with `{expr}` holes (`{expr:8}` pads with zeros to 8 digits,
 * `{expr|lower}` lower-cases); `{ "$int": "expr" }` is a number; anything else is copied. An expr is
 * integer arithmetic (+ - * / % and parentheses; / rounds down) over `n`, the unit's number, and
 * the `vars`: an expr, or `{ "pick": [values], "at": "expr" }` (the value at expr modulo its length).
 */
import { usageError } from '../../errors.js';
import type { Document } from 'mongodb';

type Env = Record<string, number | string>;
type Eval = (env: Env) => unknown;

export interface SyntheticSpec {
  /** What one unit is, for messages: "customers". */
  of: string;
  /** Documents written once, if missing, before any unit (what every unit refers to). */
  once?: Record<string, Document[]>;
  vars?: Record<string, string | { pick: unknown[]; at: string }>;
  /** One document template per collection, per unit. */
  each: Record<string, Document>;
}

export interface Synthetic {
  of: string;
  collections: string[];
  once: Record<string, Document[]>;
  idPrefix: Record<string, string>;
  docs(from: number, to: number): Record<string, Document[]>;
}

export function compileSynthetic(spec: SyntheticSpec, where: string): Synthetic {
  const bad = (what: string) => usageError(`${where}: $seed.synthetic ${what}`, 'see docs/datasets.md for the template format');
  if (!spec || typeof spec !== 'object' || typeof spec.of !== 'string' || !spec.each || typeof spec.each !== 'object')
    throw bad('needs "of" (what a unit is) and "each" (a document template per collection)');
  for (const [collection, docs] of Object.entries(spec.once ?? {})) {
    if (!Array.isArray(docs) || docs.some((d) => !d || typeof d !== 'object' || d._id === undefined))
      throw bad(`once.${collection} must be an array of documents with an _id`);
  }
  const names = ['n'];
  const vars = Object.entries(spec.vars ?? {}).map(([name, v]) => {
    const value = typeof v === 'string' ? expression(v, names, bad) : pick(v, names, bad, name);
    names.push(name);
    return [name, value] as const;
  });
  const templates = Object.entries(spec.each).map(([collection, doc]) => {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc) || typeof doc._id !== 'string')
      throw bad(`each.${collection} must be a document template with a string _id`);
    return [collection, template(doc, names, bad)] as const;
  });
  return {
    of: spec.of,
    collections: templates.map(([c]) => c),
    once: spec.once ?? {},
    idPrefix: Object.fromEntries(Object.entries(spec.each).map(([c, doc]) => [c, (doc._id as string).split('{')[0]])),
    docs(from, to) {
      const out: Record<string, Document[]> = Object.fromEntries(templates.map(([c]) => [c, []]));
      for (let n = from; n < to; n++) {
        const env: Env = { n };
        for (const [name, value] of vars) env[name] = value(env) as number | string;
        for (const [c, make] of templates) out[c].push(make(env) as Document);
      }
      return out;
    },
  };
}

function pick(v: { pick: unknown[]; at: string }, names: string[], bad: (w: string) => Error, name: string): Eval {
  if (!v || !Array.isArray(v.pick) || !v.pick.length || typeof v.at !== 'string')
    throw bad(`vars.${name} must be an expression or { "pick": [values], "at": "expression" }`);
  const at = expression(v.at, names, bad);
  return (env) => v.pick[mod(at(env) as number, v.pick.length)];
}

function template(value: unknown, names: string[], bad: (w: string) => Error): Eval {
  if (typeof value === 'string') return text(value, names, bad);
  if (Array.isArray(value)) {
    const items = value.map((v) => template(v, names, bad));
    return (env) => items.map((item) => item(env));
  }
  if (value && typeof value === 'object' && value.constructor === Object) {
    const o = value as Record<string, unknown>;
    if (typeof o.$int === 'string' && Object.keys(o).length === 1) return expression(o.$int, names, bad);
    const fields = Object.entries(o).map(([k, v]) => [k, template(v, names, bad)] as const);
    return (env) => {
      const doc: Record<string, unknown> = {};
      for (const [k, f] of fields) doc[k] = f(env);
      return doc;
    };
  }
  return () => value;
}

/** `cus_syn_{n:8}` -> parts joined per unit. */
function text(source: string, names: string[], bad: (w: string) => Error): Eval {
  const parts: Eval[] = [];
  const hole = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = hole.exec(source); m; m = hole.exec(source)) {
    const literal = source.slice(last, m.index);
    if (literal) parts.push(() => literal);
    const [, body, pad] = /^([^:|]+)(?::(\d+)|\|(lower))?$/.exec(m[1]) ?? [];
    if (!body) throw bad(`cannot read "{${m[1]}}" in "${source}": use {expr}, {expr:width} or {expr|lower}`);
    const value = expression(body, names, bad);
    const width = pad ? Number(pad) : 0;
    parts.push(
      m[0].endsWith('|lower}')
        ? (env) => String(value(env)).toLowerCase()
        : width
          ? (env) => String(value(env)).padStart(width, '0')
          : (env) => String(value(env)),
    );
    last = m.index + m[0].length;
  }
  const rest = source.slice(last);
  if (!parts.length) return () => source;
  if (rest) parts.push(() => rest);
  return (env) => {
    let out = '';
    for (const p of parts) out += p(env);
    return out;
  };
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

/** Integer arithmetic over known names: + - * / % with the usual precedence, unary minus, parentheses. */
export function expression(source: string, names: string[], bad: (w: string) => Error): Eval {
  const tokens = source.match(/\d+|[A-Za-z_]\w*|[-+*/%()]|\S/g) ?? [];
  let i = 0;
  const fail = (why: string): never => {
    throw bad(`cannot read "${source}": ${why}`);
  };
  const atom = (): Eval => {
    const t = tokens[i++];
    if (t === undefined) return fail('it ends too early');
    if (t === '-') {
      const inner = atom();
      return (env) => -(inner(env) as number);
    }
    if (t === '(') {
      const inner = sum();
      if (tokens[i++] !== ')') fail('a ")" is missing');
      return inner;
    }
    if (/^\d+$/.test(t)) return () => Number(t);
    if (names.includes(t)) return (env) => env[t];
    return fail(`"${t}" is neither a number nor one of ${names.join(', ')}`);
  };
  const product = (): Eval => {
    let left = atom();
    while (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '%') {
      const op = tokens[i++];
      const [l, r] = [left, atom()];
      left =
        op === '*'
          ? (env) => (l(env) as number) * (r(env) as number)
          : op === '/'
            ? (env) => Math.floor((l(env) as number) / (r(env) as number))
            : (env) => (l(env) as number) % (r(env) as number);
    }
    return left;
  };
  const sum = (): Eval => {
    let left = product();
    while (tokens[i] === '+' || tokens[i] === '-') {
      const op = tokens[i++];
      const [l, r] = [left, product()];
      left = op === '+' ? (env) => (l(env) as number) + (r(env) as number) : (env) => (l(env) as number) - (r(env) as number);
    }
    return left;
  };
  const result = sum();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
  return result;
}
