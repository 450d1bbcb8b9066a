import { CLAUSE_MARKS } from '../text/chars.js';
import { splitSentences, trimSpan } from '../text/sentences.js';

// A title for an item that printed none (photo news, briefs): its first sentence, cut short at a clause where it is
// long, and never inside a quotation or a bracket.

const OPEN: Record<string, string> = {
  '“': '”',
  '‘': '’',
  '《': '》',
  '（': '）',
  '(': ')',
  '「': '」',
  '『': '』',
  '【': '】',
};
const CLOSE = new Set(Object.values(OPEN));
const CLAUSE = /[，,、；;：:]/u;
const END_MARK = new RegExp(`[${CLAUSE_MARKS}、]$`, 'u');
/** A cut that leaves fewer characters than this says too little; the title then ends at a bracket instead. */
const MIN_CUT = 8;

/** Offsets (in code points) after which no quotation or bracket is open, with the clause marks among them. */
function closedPositions(chars: string[]): { at: number; clause: boolean }[] {
  const out: { at: number; clause: boolean }[] = [];
  chars.forEach((ch, i) => {
    if (openMarks(chars.slice(0, i + 1)).length === 0) out.push({ at: i + 1, clause: CLAUSE.test(ch) });
  });
  return out;
}

/** The closing marks still owed at the end of `chars`, innermost last. */
function openMarks(chars: string[]): string[] {
  const stack: string[] = [];
  for (const ch of chars) {
    if (ch === '"') {
      if (stack[stack.length - 1] === '"') stack.pop();
      else stack.push('"');
    } else if (OPEN[ch]) stack.push(OPEN[ch]!);
    else if (CLOSE.has(ch) && stack[stack.length - 1] === ch) stack.pop();
  }
  return stack;
}

/** The first sentence of `text` as a title of at most `max` characters (plus "…" where it was cut). */
export function derivedTitle(text: string, max = 40): string {
  const first = splitSentences(text).map((s) => trimSpan(text, s))[0];
  const sentence = first ? text.slice(first.start, first.end).split('\n')[0]!.trim() : text.trim();
  const all = Array.from(sentence);
  const chars = all.slice(0, max + 1);
  const closed = closedPositions(chars);
  if (all.length <= max && closed.some((p) => p.at === all.length)) return sentence.replace(/[。！？!?；;]$/u, '');
  // Cut at the last clause mark outside quotes within the limit; else at the last point outside them.
  const within = closed.filter((p) => p.at <= max && p.at >= MIN_CUT);
  const cut = [...within].reverse().find((p) => p.clause) ?? within[within.length - 1];
  if (!cut) {
    // A quotation longer than the limit opens the sentence: its start, with the marks left open closed after "…".
    const head = chars.slice(0, max);
    return `${head.join('').replace(END_MARK, '')}…${openMarks(head).reverse().join('')}`;
  }
  return `${chars.slice(0, cut.at).join('').replace(END_MARK, '')}…`;
}
