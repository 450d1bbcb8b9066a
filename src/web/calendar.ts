import { chineseMonth } from '../render/chinese-date.js';
import type { DayCount } from '../search/browse.js';
import { esc } from './html.js';

// A month as a calendar, weeks starting on Monday, each day with articles linked with its count. Pure.

const HEADINGS = ['一', '二', '三', '四', '五', '六', '日'];

/** The weeks of a month: day numbers, null where a week runs into the months around it. */
export function monthWeeks(year: number, month: number): (number | null)[][] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** `month` is YYYY-MM; `days` the month's days with articles. */
export function calendarTable(month: string, days: readonly DayCount[]): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const counts = new Map(days.map((d) => [Number(d.date.slice(8, 10)), d.count]));
  const cell = (day: number | null): string => {
    if (day === null) return '<td></td>';
    const n = counts.get(day);
    if (!n) return `<td>${day}</td>`;
    const date = `${month}-${String(day).padStart(2, '0')}`;
    // Read aloud as "6月19日，4 篇"; seen as the day's number over its count.
    return `<td class="has"><a href="/dates/${esc(date)}"><span class="sr">${m}月</span>${day}<span class="sr">日，</span><span class="n">${n} 篇</span></a></td>`;
  };
  const rows = monthWeeks(year, m).map((w) => `<tr>${w.map(cell).join('')}</tr>`);
  return `<table class="cal">
<caption>${esc(chineseMonth(year, m))}</caption>
<thead><tr>${HEADINGS.map((h) => `<th scope="col" abbr="星期${h}">${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}
