import type { Article } from '../ingest/article.js';
import type { Answer, ArchiveStats } from '../search/archive.js';
import { dateText, titleLabel } from './labels.js';

// Plain-text rendering for the terminal (ask, chat, news).

export function dateLabel(date: string | null | undefined): string {
  if (!date) return 'undated';
  return date.startsWith('--') ? `${date.slice(2)} (year unknown)` : date;
}

export function renderAnswer(a: Answer): string {
  const lines: string[] = [];
  if (a.mode === 'lexical') lines.push('[lexical search only: no embedding model]');
  for (const n of a.notes) lines.push(`note: ${n}`);
  if (a.answered) {
    for (const q of a.quotes) {
      lines.push(`> ${q.text}`);
      lines.push(`  — ${titleLabel(q).text} · ${q.source} · ${dateText(q)}`);
      lines.push(`    ${q.url}`);
    }
  } else {
    lines.push('The archive holds no clear answer to that question.');
    if (a.hits.length > 0) {
      lines.push('Closest articles:');
      const seen = new Set<string>();
      for (const h of a.hits) {
        if (seen.has(h.articleId)) continue;
        seen.add(h.articleId);
        lines.push(`  - ${titleLabel(h).text} · ${h.source} · ${dateText(h)}  ${h.url}`);
      }
    }
  }
  return lines.join('\n');
}

export function renderArticleLine(a: Article, url: string): string {
  return `${a.id}  ${titleLabel(a).text} · ${a.source} · ${dateText(a)}  ${url}`;
}

export function renderStats(s: ArchiveStats): string {
  return [
    `${s.articles} articles (${s.chunks} passages) from ${s.papers.join(', ')}`,
    `dates: ${s.firstDate ?? '?'} to ${s.lastDate ?? '?'}${s.undated ? `, ${s.undated} with no full date` : ''}`,
    `search: ${s.mode === 'hybrid' ? `hybrid (meaning + words), model ${s.model}` : `lexical only (words)${s.modeReason ? `: ${s.modeReason}` : ''}`}`,
    `index built ${s.builtAt}`,
  ].join('\n');
}
