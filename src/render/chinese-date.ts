// Dates as Chinese readers write them: 2020年6月19日 星期五, 6月19日（年份不详）, 2020年6月, 日期不详, 约 2020年6月.
// Takes the archive's date strings: "YYYY-MM-DD", "--MM-DD" (year unknown), "YYYY-MM" (month known).

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export const UNDATED = '日期不详';

export type DateParts =
  | { kind: 'day'; year: number; month: number; day: number }
  | { kind: 'yearless'; month: number; day: number }
  | { kind: 'month'; year: number; month: number };

export function dateParts(date: string | null | undefined): DateParts | undefined {
  if (!date) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
  if (day) return { kind: 'day', year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) };
  const yearless = /^--(\d{2})-(\d{2})$/u.exec(date);
  if (yearless) return { kind: 'yearless', month: Number(yearless[1]), day: Number(yearless[2]) };
  const month = /^(\d{4})-(\d{2})$/u.exec(date);
  if (month) return { kind: 'month', year: Number(month[1]), month: Number(month[2]) };
  return undefined;
}

/** 星期五 for 2020-06-19. */
export function weekday(year: number, month: number, day: number): string {
  return `星期${WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]}`;
}

export function chineseMonth(year: number, month: number): string {
  return `${year}年${month}月`;
}

/** A date for reading; `weekday` adds 星期X to a full date. Anything unreadable is 日期不详. */
export function chineseDate(date: string | null | undefined, opts: { weekday?: boolean } = {}): string {
  const p = dateParts(date);
  if (!p) return UNDATED;
  if (p.kind === 'month') return chineseMonth(p.year, p.month);
  if (p.kind === 'yearless') return `${p.month}月${p.day}日（年份不详）`;
  const label = `${p.year}年${p.month}月${p.day}日`;
  return opts.weekday ? `${label} ${weekday(p.year, p.month, p.day)}` : label;
}

/** A date the ingest stage estimated from the other items of its page, not one the paper or the text gives. */
export const isEstimated = (a: { dateOrigin?: string }): boolean => a.dateOrigin === 'page-estimate';

/** An article's date as Chinese pages show it: an estimated date carries 约 and no weekday. */
export function articleDate(a: { date?: string | null; dateOrigin?: string }): string {
  if (isEstimated(a) && a.date) return `约 ${chineseDate(a.date)}`;
  return chineseDate(a.date, { weekday: true });
}
