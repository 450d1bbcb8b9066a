import { parseFeedDate } from '../ingest/feed.js';

// Dates as sources write them (RFC 822 in RSS, ISO 8601 in Atom and JSON Feed, "2020年6月19日" on pages, PDF's
// "D:20200619…") → the calendar day in the paper's time zone: an item published at 23:30 UTC is the next day in
// Shanghai.

const dayFormat = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(ms: number, timeZone: string): string {
  let f = dayFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormat.set(timeZone, f);
  }
  return f.format(ms);
}

const ZONE = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T))$/iu;
const PDF_DATE = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/u;

function fromPdfDate(v: string): string | undefined {
  const m = PDF_DATE.exec(v);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', z] = m;
  const zone = !z || z === 'Z' ? 'Z' : `${z.slice(0, 3)}:${z.slice(3).replace(/'/gu, '') || '00'}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`;
}

/**
 * The day a source's date string stands for, in `timeZone`; undefined when it is not a date. A date with a zone or
 * offset is converted; one without is the day as written.
 */
export function sourceDay(value: string | undefined, timeZone: string): string | undefined {
  let v = value?.trim();
  if (!v) return undefined;
  v = fromPdfDate(v) ?? v;
  if (ZONE.test(v)) {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return dayIn(t, timeZone);
  }
  const written = parseFeedDate(v);
  if (written) return written;
  // "Fri, 19 Jun 2020 08:00:00" (no zone): read as written.
  const t = Date.parse(`${v} GMT`);
  return Number.isFinite(t) ? dayIn(t, 'UTC') : undefined;
}

/** Today and the days before it, newest first, in `timeZone`. */
export function recentDays(count: number, timeZone: string, now = Date.now()): string[] {
  const days: string[] = [];
  for (let i = 0; days.length < count; i++) {
    const d = dayIn(now - i * 86_400_000, timeZone);
    if (!days.includes(d)) days.push(d);
  }
  return days;
}

/** Days since 1970-01-01 of an ISO day: near-duplicates are looked for within a few days of each other. */
export const dayNumber = (isoDay: string): number => Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000);
