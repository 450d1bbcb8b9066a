import type { Byline } from './byline.js';
import { hasExtractionSpacing, normalizePublishedTitle } from './clean.js';
import { cleanItem, OPENER } from './page.js';
import { derivedTitle } from './titles.js';

// Articles whose boundaries and headlines a layout step already found (an e-paper PDF's font sizes and positions)
// go through the page pipeline only for what layout cannot settle: openers and bylines, photo credits, extraction
// spacing where the PDF has it, and a second article run on under one headline ("又讯…").

export interface LayoutArticle {
  headline?: string;
  paragraphs: string[];
  photo: boolean;
  featureCredit?: string;
}

export interface CleanLayoutArticle {
  title: string;
  titleOrigin: 'headline' | 'first-sentence';
  /** Paragraphs separated by "\n". */
  text: string;
  byline: Byline;
  photo: boolean;
}

/** Paragraphs → items: a paragraph after the first that opens with "本报讯"/"又讯" starts an article of its own. */
function splitAtOpeners(paragraphs: string[]): string[][] {
  const items: string[][] = [];
  for (const p of paragraphs) {
    if (items.length === 0 || OPENER.test(p)) items.push([p]);
    else items[items.length - 1]!.push(p);
  }
  return items;
}

export function cleanLayoutArticles(articles: LayoutArticle[]): CleanLayoutArticle[] {
  const out: CleanLayoutArticle[] = [];
  // Spaces between CJK characters throughout mean the PDF spaced its text out; otherwise its spaces are the paper's.
  const spacing = hasExtractionSpacing(articles.flatMap((a) => a.paragraphs).join('\n'));
  for (const a of articles) {
    splitAtOpeners(a.paragraphs).forEach((paragraphs, i) => {
      const raw = paragraphs.join('\n');
      const { text, byline } = cleanItem(
        {
          raw,
          start: 0,
          end: raw.length,
          photo: a.photo,
          ...(i === 0 && a.featureCredit ? { featureCredit: a.featureCredit } : {}),
        },
        spacing,
      );
      if (text === '') return;
      const headline = i === 0 && a.headline ? normalizePublishedTitle(a.headline) : '';
      out.push({
        title: headline || derivedTitle(text),
        titleOrigin: headline ? 'headline' : 'first-sentence',
        text,
        byline,
        photo: a.photo,
      });
    });
  }
  return out;
}
