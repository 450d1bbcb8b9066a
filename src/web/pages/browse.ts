import { chineseDate, chineseMonth, dateParts } from '../../render/chinese-date.js';
import type { Archive } from '../../search/archive.js';
import { type ArchiveByDay, byDay } from '../../search/browse.js';
import { calendarTable } from '../calendar.js';
import { esc, layout, SITE_NAME } from '../html.js';
import { articleList, articlesByPaper, dateHref, dayNav, pageOf, pager } from '../parts.js';

// The archive by date: the index (newest month's calendar, every month), a month, a day, the undated articles.

const monthLabel = (month: string): string => chineseMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));

/** Links to the neighbouring months with articles. */
function monthNav(b: ArchiveByDay, month: string): string {
  const n = b.neighbourMonths(month);
  if (!n.prev && !n.next) return '';
  const prev = n.prev
    ? `<a href="/months/${esc(n.prev)}" rel="prev">← ${esc(monthLabel(n.prev))}</a>`
    : '<span></span>';
  const next = n.next
    ? `<a href="/months/${esc(n.next)}" rel="next">${esc(monthLabel(n.next))} →</a>`
    : '<span></span>';
  return `<nav class="daynav" aria-label="相邻月份">${prev}${next}</nav>`;
}

/** Every month with articles, by year, newest first: the way into the whole archive from one page. */
function monthIndex(b: ArchiveByDay): string {
  const years = new Map<string, { month: string; count: number }[]>();
  for (const m of [...b.months].reverse()) {
    const y = m.month.slice(0, 4);
    years.set(y, [...(years.get(y) ?? []), m]);
  }
  const rows = [...years.entries()].map(
    ([y, months]) =>
      `<li>${esc(y)}年：${months.map((m) => `<a href="/months/${esc(m.month)}">${Number(m.month.slice(5))}月</a>（${m.count}）`).join('　')}</li>`,
  );
  return rows.length ? `<h2>按月浏览</h2>\n<ul class="months">\n${rows.join('\n')}\n</ul>` : '';
}

function yearlessIndex(b: ArchiveByDay): string {
  if (b.yearless.length === 0) return '';
  const links = b.yearless.map(
    (d) => `<a href="${esc(dateHref(d.date))}">${esc(chineseDate(d.date))}</a>（${d.count}）`,
  );
  return `<h2>年份不详的日期</h2>\n<p>${links.join('　')}</p>`;
}

export function indexPage(archive: Archive): string {
  const b = byDay(archive.articles);
  const s = archive.stats();
  const range = s.firstDate && s.lastDate ? `，${chineseDate(s.firstDate)}至${chineseDate(s.lastDate)}` : '';
  const latest = b.months[b.months.length - 1];
  const body = [
    `<h1>${SITE_NAME}</h1>`,
    `<p class="meta">共 ${archive.articles.length} 篇文章${esc(range)}；${esc(b.papers.join('、'))}。</p>`,
    latest ? `${calendarTable(latest.month, b.daysOf(latest.month))}\n${monthNav(b, latest.month)}` : '',
    latestDay(b),
    monthIndex(b),
    yearlessIndex(b),
    b.undated.length ? `<h2>日期不详</h2>\n<p><a href="/undated">日期不详的文章（${b.undated.length} 篇）</a></p>` : '',
  ];
  return layout(SITE_NAME, body.filter(Boolean).join('\n'));
}

/** The newest day's articles, the first thing a returning reader wants. */
function latestDay(b: ArchiveByDay): string {
  const day = b.days[b.days.length - 1];
  if (!day) return '';
  const list = b.on(day.date);
  const shown = list.slice(0, 10);
  const more =
    list.length > shown.length ? `<p><a href="${esc(dateHref(day.date))}">这一天的全部 ${list.length} 篇</a></p>` : '';
  return `<h2>最新：<a href="${esc(dateHref(day.date))}">${esc(chineseDate(day.date, { weekday: true }))}</a></h2>\n${articleList(shown)}\n${more}`;
}

export function monthPage(archive: Archive, month: string): string {
  const b = byDay(archive.articles);
  const days = b.daysOf(month);
  const monthOnly = b.on(month);
  const label = monthLabel(month);
  const dayList = days.map(
    (d) =>
      `<li><a href="${esc(dateHref(d.date))}">${esc(chineseDate(d.date, { weekday: true }))}</a>（${d.count} 篇）</li>`,
  );
  const body = [
    `<h1>${esc(label)}</h1>`,
    `<p class="meta">${days.reduce((n, d) => n + d.count, 0) + monthOnly.length} 篇文章</p>`,
    calendarTable(month, days),
    monthNav(b, month),
    dayList.length
      ? `<h2>有文章的日期</h2>\n<ul class="months">\n${dayList.join('\n')}\n</ul>`
      : '<p>这个月没有文章。</p>',
    monthOnly.length ? `<h2>本月，具体日期不详</h2>\n${articleList(monthOnly, { showDate: true })}` : '',
    '<p><a href="/">返回首页</a></p>',
  ];
  return layout(`${label} · ${SITE_NAME}`, body.filter(Boolean).join('\n'));
}

export function datePage(archive: Archive, date: string, page: number): string {
  const b = byDay(archive.articles);
  const p = dateParts(date);
  const label = chineseDate(date, { weekday: true });
  // A year-unknown day also lists that day of every year the archive holds.
  const sameDay = p?.kind === 'yearless' ? b.days.filter((d) => d.date.endsWith(date.slice(1))).map((d) => d.date) : [];
  const list = [...b.on(date), ...sameDay.flatMap((d) => b.on(d))];
  const { slice, page: shown, pages } = pageOf(list, page);
  const month = p?.kind === 'day' ? date.slice(0, 7) : undefined;
  const body = [
    `<h1>${esc(label)}</h1>`,
    `<p class="meta">${list.length} 篇文章${month ? ` · <a href="/months/${esc(month)}">${esc(monthLabel(month))}的日历</a>` : ''}</p>`,
    dayNav(b.neighbours(date)),
    list.length ? articlesByPaper(slice, { showDate: sameDay.length > 0 }) : '<p>这一天没有文章。</p>',
    pager(`/dates/${date}`, {}, shown, pages),
    dayNav(b.neighbours(date)),
  ];
  return layout(`${label} · ${SITE_NAME}`, body.filter(Boolean).join('\n'));
}

export function undatedPage(archive: Archive, page: number): string {
  const b = byDay(archive.articles);
  const { slice, page: shown, pages } = pageOf(b.undated, page);
  const body = [
    '<h1>日期不详的文章</h1>',
    `<p class="meta">${b.undated.length} 篇文章。版面和正文都没有写明这些文章的日期。</p>`,
    b.undated.length ? articlesByPaper(slice) : '<p>所有文章都有日期。</p>',
    pager('/undated', {}, shown, pages),
  ];
  return layout(`日期不详的文章 · ${SITE_NAME}`, body.join('\n'));
}
