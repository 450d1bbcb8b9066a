import type { Archive } from '../search/archive.js';

// Example questions for a session's banner, made from the archive itself (its newest date, its newest headlines),
// so they fit any archive, and each asked once before it is shown, so only questions this archive answers in the
// mode it runs in (lexical or hybrid) are suggested.

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
/** Headlines longer than this make unwieldy examples. */
const MAX_TITLE = 20;
/** Asking is quick (milliseconds), but a banner should not wait on many tries. */
const MAX_TRIES = 6;

/** The newest full date that has articles, as YYYY-MM-DD. */
export function newestDate(archive: Archive): string | undefined {
  return archive.dates().find((d) => FULL_DATE.test(d.date))?.date;
}

/** Candidate questions, most telling first: the newest day's paper, then the newest headlines. */
export function candidateQuestions(archive: Archive): string[] {
  const out: string[] = [];
  const m = FULL_DATE.exec(newestDate(archive) ?? '');
  if (m) out.push(`${m[1]}年${Number(m[2])}月${Number(m[3])}日的报纸说了什么？`);
  const headlines = archive.data.articles
    .filter((a) => a.kind === 'article' && a.titleOrigin !== 'first-sentence' && FULL_DATE.test(a.date ?? ''))
    .sort((a, b) => b.date!.localeCompare(a.date!))
    .map((a) => (a.headline?.main ?? a.title).trim())
    .filter((t) => t !== '' && Array.from(t).length <= MAX_TITLE);
  for (const t of new Set(headlines)) out.push(`关于${t}，报上怎么说？`);
  return out;
}

/** Up to `max` questions the archive answers, each checked by asking it. */
export async function suggestedQuestions(archive: Archive, max = 2): Promise<string[]> {
  const found: string[] = [];
  for (const q of candidateQuestions(archive).slice(0, MAX_TRIES)) {
    if (found.length >= max) break;
    if ((await archive.ask(q)).answered) found.push(q);
  }
  return found;
}
