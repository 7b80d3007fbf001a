import { colors } from '../ui/colors.js';

/**
 * Just enough markdown for a terminal audience: headings, **bold**, *italic*, `code`, lists,
 * quotes and fenced code blocks. Lines are indented by `indent`.
 */
export function renderMarkdown(md: string, indent = '  '): string {
  const out: string[] = [];
  let fenced = false;
  for (const raw of md.replace(/\s+$/, '').split('\n')) {
    if (/^\s*```/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push(indent + colors.cyan('  ' + raw));
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(raw);
    if (h) {
      out.push(indent + (h[1].length === 1 ? colors.bold(colors.underline(inline(h[2]))) : colors.bold(inline(h[2]))));
      continue;
    }
    const li = /^(\s*)[-*+]\s+(.*)$/.exec(raw);
    if (li) {
      out.push(indent + li[1] + colors.cyan('•') + ' ' + inline(li[2]));
      continue;
    }
    const ol = /^(\s*)(\d+)[.)]\s+(.*)$/.exec(raw);
    if (ol) {
      out.push(indent + ol[1] + colors.cyan(`${ol[2]}.`) + ' ' + inline(ol[3]));
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(raw);
    if (quote) {
      out.push(indent + colors.dim('│ ') + colors.italic(inline(quote[1])));
      continue;
    }
    out.push(raw.trim() ? indent + inline(raw) : '');
  }
  return out.join('\n');
}

function inline(s: string): string {
  return s
    .replace(/`([^`]+)`/g, (_, c) => colors.cyan(c))
    .replace(/\*\*([^*]+)\*\*/g, (_, b) => colors.bold(b))
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, (_, pre, i) => pre + colors.italic(i))
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, (_, text, url) => `${text} ${colors.dim(`(${url})`)}`);
}
