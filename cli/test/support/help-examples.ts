/** The lines under a help text's `Examples:` heading, as typed (two-space indented). */
export function helpExamples(help: string): string[] {
  const at = help.search(/^Examples[^\n]*:$/m);
  if (at < 0) return [];
  const examples: string[] = [];
  for (const line of help.slice(at).split('\n').slice(1)) {
    if (!/^ {2}\S/.test(line)) break;
    examples.push(line.trim());
  }
  return examples;
}
