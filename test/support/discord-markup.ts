// What Discord's markdown would make of a text: the links in it, and any other live markup (mentions, code,
// spoilers, headings, lists, block quotes, bare links). A reading of the rules as Discord's client applies them:
// a backslash before ASCII punctuation makes it a plain character.

export interface Markup {
  /** Masked links [label](url) and bare or <angle> links, in order. */
  links: { label: string; url: string; kind: 'masked' | 'bare' }[];
  /** Live markup that is not a link, described. */
  live: string[];
}

const PUNCT = /[!-/:-@[-`{-~]/u;

/** The text with escapes resolved, keeping a mask of which characters were escaped. */
function resolveEscapes(line: string): { chars: string[]; escaped: boolean[] } {
  const chars: string[] = [];
  const escaped: boolean[] = [];
  const cps = Array.from(line);
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] === '\\' && i + 1 < cps.length && PUNCT.test(cps[i + 1]!)) {
      chars.push(cps[i + 1]!);
      escaped.push(true);
      i++;
    } else {
      chars.push(cps[i]!);
      escaped.push(false);
    }
  }
  return { chars, escaped };
}

/** Line-start markup: headings, subtext, lists, block quotes (after the bot's own "> " quote prefix, if any). */
function lineStart(line: string, live: string[]): string {
  const body = line.startsWith('> ') ? line.slice(2) : line;
  if (/^\s*(?:#{1,3}|-#)\s/u.test(body)) live.push(`heading: ${line}`);
  if (/^\s*[-*+]\s/u.test(body)) live.push(`list: ${line}`);
  if (/^\s*\d+[.)]\s/u.test(body)) live.push(`numbered list: ${line}`);
  if (/^\s*>/u.test(body)) live.push(`block quote: ${line}`);
  return body;
}

function closing(chars: string[], escaped: boolean[], from: number, close: string): number {
  for (let j = from; j < chars.length; j++) if (chars[j] === close && !escaped[j]) return j;
  return -1;
}

/** Everything live in `text`, as Discord would render it. */
export function markupOf(text: string): Markup {
  const links: Markup['links'] = [];
  const live: string[] = [];
  for (const rawLine of text.split('\n')) {
    const { chars, escaped } = resolveEscapes(lineStart(rawLine, live));
    const at = (i: number, s: string): boolean => chars.slice(i, i + s.length).join('') === s;
    for (let i = 0; i < chars.length; i++) {
      if (escaped[i]) continue;
      const c = chars[i]!;
      if (c === '[') {
        const end = closing(chars, escaped, i + 1, ']');
        if (end > 0 && chars[end + 1] === '(' && !escaped[end + 1]) {
          const close = closing(chars, escaped, end + 2, ')');
          if (close > 0) {
            links.push({
              label: chars.slice(i + 1, end).join(''),
              url: chars.slice(end + 2, close).join(''),
              kind: 'masked',
            });
            i = close;
            continue;
          }
        }
      }
      if (c === '`') live.push('code');
      if (c === '|' && chars[i + 1] === '|' && !escaped[i + 1]) live.push('spoiler');
      if (c === '<' && /^[@#/:a]/u.test(chars[i + 1] ?? '') && !escaped[i + 1])
        live.push(`tag <${chars.slice(i + 1, i + 12).join('')}`);
      if (c === '@' && (at(i, '@everyone') || at(i, '@here'))) live.push('mass mention');
      const scheme = c === ':' ? /[a-z][a-z0-9+.-]*$/iu.exec(chars.slice(Math.max(0, i - 20), i).join('')) : null;
      if (scheme && at(i, '://') && !escaped[i + 1]) {
        const rest = chars.slice(i).join('').split(/[\s<]/u)[0]!;
        links.push({ label: '', url: `${scheme[0]}${rest}`, kind: 'bare' });
      }
    }
  }
  return { links, live };
}

/** Is every code unit pair well formed (no lone surrogate)? */
export const wellFormed = (s: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u.test(s);
