// Bylines are metadata, not article text: "（记者 王金勇 通讯员 王宪领）", trailing "（姜 森）", caption credits
// "本报记者 王金勇 通讯员 刘涛 摄", and the feature line "本报记者 郭树勋".

export interface Byline {
  reporters: string[];
  correspondents: string[];
  photographers: string[];
  /** Names given without a role, as in a trailing "（牛永飞 安玲玲）". */
  authors: string[];
}

export const emptyByline = (): Byline => ({ reporters: [], correspondents: [], photographers: [], authors: [] });

/**
 * The byline as the paper prints it: "记者 王金勇 文/图　通讯员 尚丰军", a photographer who also wrote the text named
 * once. One wording for the article page and the bot's source card.
 */
export function bylineText(b: Byline): string {
  const writers = new Set([...b.reporters, ...b.correspondents, ...b.authors]);
  const both = (n: string): string => (b.photographers.includes(n) ? ` 文/图` : '');
  return [
    ...b.reporters.map((n) => `记者 ${n}${both(n)}`),
    ...b.correspondents.map((n) => `通讯员 ${n}${both(n)}`),
    ...b.authors.map((n) => `${n}${both(n)}`),
    ...b.photographers.filter((n) => !writers.has(n)).map((n) => `${n} 摄`),
  ].join('　');
}

const ROLE = /(本报记者|特约记者|记者|特约通讯员|通讯员)/gu;
const NAME_ONLY = /^[\p{sc=Han}·\s]+$/u;

type Role = 'reporters' | 'correspondents' | 'authors';

/** Parse the inside of a byline: role words followed by names, names separated by spaces. */
export function parseBylineText(inside: string, into: Byline = emptyByline(), defaultRole: Role = 'authors'): Byline {
  const tokens = inside.replace(ROLE, ' $1 ').split(/\s+/u).filter(Boolean);
  let role: Role = defaultRole;
  let group: string[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    // A name extraction split into single characters ("姜 森") is one name, not two.
    const names = group.every((t) => Array.from(t).length === 1) ? [group.join('')] : group;
    into[role].push(...names);
    group = [];
  };
  for (const t of tokens) {
    if (/^(本报记者|特约记者|记者)$/u.test(t)) {
      flush();
      role = 'reporters';
    } else if (/^(特约通讯员|通讯员)$/u.test(t)) {
      flush();
      role = 'correspondents';
    } else group.push(t);
  }
  flush();
  return into;
}

const LEAD = /^\s*(?:本报讯|又讯)?\s*[（(]([^（()）]{1,80})[）)]\s*/u;

/** A byline in parentheses right after "本报讯": returns the byline and the text after it. */
export function takeLeadByline(text: string): { byline?: Byline; rest: string } {
  const m = LEAD.exec(text);
  if (!m || !/(记者|通讯员)/u.test(m[1]!)) return { rest: text };
  return { byline: parseBylineText(m[1]!), rest: text.slice(m[0].length) };
}

const TRAIL = /[（(]\s*([\p{sc=Han}·\s]{2,30}?)\s*[）)]\s*$/u;

/** A trailing author credit "（姜 森）" / "（牛永飞 安玲玲）" at the very end of an article. */
export function takeTrailingByline(text: string): { byline?: Byline; rest: string } {
  const m = TRAIL.exec(text);
  if (!m || !NAME_ONLY.test(m[1]!)) return { rest: text };
  const tokens = m[1]!.split(/\s+/u).filter(Boolean);
  const len = tokens.join('').length;
  // Names are two to four characters; longer all-Han text in parentheses is an aside, not a byline.
  const plausible = tokens.every((t) => t.length <= 4) && len >= 2 && (tokens.length > 1 || len <= 4);
  if (!plausible) return { rest: text };
  return { byline: parseBylineText(m[1]!), rest: text.slice(0, m.index).trimEnd() };
}

const CREDIT = /(?:^|(?<=[。！？!?”」）)\s]))\s*((?:本报)?(?:记者|通讯员)?[\p{sc=Han}\s·]{0,40}?)\s*摄\s*$/u;

/** A photo credit "本报记者 王金勇 通讯员 刘涛 摄" / "边艺洲 摄" ending a caption. */
export function takePhotoCredit(text: string): { byline?: Byline; rest: string } {
  const m = CREDIT.exec(text);
  if (!m) return { rest: text };
  const inside = m[1]!.trim();
  if (inside === '' || !NAME_ONLY.test(inside)) return { rest: text };
  const b = parseBylineText(inside, emptyByline(), 'authors');
  // Everyone credited for a photo took it; keep the roles' names as photographers.
  const photographers = [...b.reporters, ...b.correspondents, ...b.authors];
  return { byline: { ...emptyByline(), photographers }, rest: text.slice(0, m.index).trimEnd() };
}

/** Is this short block only a credit line ("本报记者 郭树勋", "本报记者 王金勇 通讯员 刘涛 摄")? */
export function isCreditLine(text: string): 'feature' | 'photo' | false {
  const t = text.trim();
  if (t.length > 40 || !NAME_ONLY.test(t)) return false;
  if (/摄$/u.test(t)) return 'photo';
  if (/^(本报记者|特约记者|记者)/u.test(t)) return 'feature';
  return false;
}

export function mergeBylines(...parts: (Byline | undefined)[]): Byline {
  const out = emptyByline();
  for (const p of parts) {
    if (!p) continue;
    for (const k of Object.keys(out) as (keyof Byline)[]) for (const n of p[k]) if (!out[k].includes(n)) out[k].push(n);
  }
  return out;
}
