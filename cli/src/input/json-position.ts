/**
 * Where JSON text goes wrong, as a position and as line and column. Pure (no Node modules): the
 * CLI's input parsing and the dashboard's forms both use it.
 *
 *   jsonErrorPosition(text): number | undefined
 *   jsonErrorAt(text): { position, line, column, near } | undefined   undefined when the text is valid
 */

/**
 * Where JSON text first goes wrong. V8 on Node 20 names a position for some errors only
 * ("Unexpected token 'a', ... is not valid JSON" has none), so a small scanner finds it.
 */
export function jsonErrorPosition(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (/[0-9a-fA-F]/.test(text[i + k] ?? '')) continue;
            i += k;
            fail();
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? 'x') && i < text.length) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (pos) {
    return typeof pos === 'number' ? Math.min(pos, text.length) : undefined;
  }
}

export function jsonErrorAt(text: string): { position: number; line: number; column: number; near: string } | undefined {
  const position = jsonErrorPosition(text);
  if (position === undefined) return undefined;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const near = position >= text.length ? 'end of input' : `near ${JSON.stringify(text.slice(position, position + 12))}`;
  return { position, line, column, near };
}
