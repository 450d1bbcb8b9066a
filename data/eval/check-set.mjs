#!/usr/bin/env node
// Validates a reader question set (JSON lines, format in data/eval/README.md) against the sample pages.
//
//   node data/eval/check-set.mjs [set.jsonl] [pages-dir]
//
// Defaults: reader-heldout2.jsonl next to this script, and data/sample/. Plain Node, no dependencies.
// Exits 1 and lists every problem if any line is wrong; otherwise prints the counts per intent.
//
// Checks, per line:
// - valid JSON object; id present and unique; id prefix fits the intent
//   (g… answerable, gu… unanswerable, gc… chatter);
// - only the fields the intent allows, and all the ones it requires;
// - factoid lines have an answerType and at least one answer; date lines may have an answerType,
//   and then at least one answer; other intents have no answerType;
// - every article's file is one of the pages; its evidence is 8–20 characters with no white space
//   and occurs exactly once in that page once all white space is removed;
// - every answers string occurs verbatim (white space removed) in the page of at least one listed article.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const setPath = path.resolve(process.argv[2] ?? path.join(here, 'reader-heldout2.jsonl'));
const pagesDir = path.resolve(process.argv[3] ?? path.join(here, '..', 'sample'));

const squash = (s) => s.replace(/\s+/gu, '');
const chars = (s) => [...s].length;
const count = (hay, needle) => {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
};

const pages = new Map();
for (const f of fs.readdirSync(pagesDir)) {
  if (f.endsWith('.txt')) pages.set(f, squash(fs.readFileSync(path.join(pagesDir, f), 'utf8')));
}
if (pages.size === 0) {
  console.error(`no .txt pages in ${pagesDir}`);
  process.exit(1);
}

const ANSWERABLE = new Set(['factoid', 'overview', 'list', 'date']);
const ANSWER_TYPES = new Set(['person', 'time', 'place', 'number', 'other']);
const PREFIX = { answerable: /^g\d+$/u, unanswerable: /^gu\d+$/u, chatter: /^gc\d+$/u };
const FIELDS = {
  answerable: { required: ['id', 'question', 'intent', 'answers', 'articles', 'note'], optional: ['answerType'] },
  unanswerable: { required: ['id', 'question', 'intent', 'note'], optional: [] },
  chatter: { required: ['id', 'question', 'intent'], optional: [] },
};

const problems = [];
const counts = {};
const ids = new Set();
const text = fs.readFileSync(setPath, 'utf8');
const rows = text.split('\n');
if (rows.at(-1) === '') rows.pop();

function checkLine(raw, i) {
  const where = `line ${i + 1}`;
  const bad = (msg) => {
    problems.push(`${where}: ${msg}`);
  };
  if (raw.trim() === '') return bad('blank line');
  let o;
  try {
    o = JSON.parse(raw);
  } catch (e) {
    return bad(`not JSON (${e.message})`);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return bad('not a JSON object');
  const tag = typeof o.id === 'string' ? `${where} (${o.id})` : where;
  const fail = (msg) => {
    problems.push(`${tag}: ${msg}`);
  };

  const { intent } = o;
  const kind = ANSWERABLE.has(intent)
    ? 'answerable'
    : intent === 'unanswerable' || intent === 'chatter'
      ? intent
      : null;
  if (!kind) return fail(`unknown intent ${JSON.stringify(intent)}`);
  counts[intent] = (counts[intent] ?? 0) + 1;

  if (typeof o.id !== 'string' || o.id === '') fail('missing id');
  else {
    if (ids.has(o.id)) fail('duplicate id');
    ids.add(o.id);
    if (!PREFIX[kind].test(o.id)) fail(`id does not fit a ${kind} line (expected ${PREFIX[kind]})`);
  }

  const { required, optional } = FIELDS[kind];
  for (const k of required) if (!(k in o)) fail(`missing field ${k}`);
  for (const k of Object.keys(o))
    if (!required.includes(k) && !optional.includes(k)) fail(`field ${k} not allowed on ${intent} lines`);

  if (typeof o.question !== 'string' || o.question.trim() === '') fail('question must be a non-empty string');
  else if (o.question !== o.question.trim()) fail('question has leading or trailing white space');
  if ('note' in o && (typeof o.note !== 'string' || o.note.trim() === '')) fail('note must be a non-empty string');

  if (kind !== 'answerable') return;

  if ('answerType' in o) {
    if (intent !== 'factoid' && intent !== 'date') fail(`answerType not allowed on ${intent} lines`);
    else if (!ANSWER_TYPES.has(o.answerType)) fail(`bad answerType ${JSON.stringify(o.answerType)}`);
  } else if (intent === 'factoid') fail('factoid line without answerType');

  const answers = Array.isArray(o.answers) ? o.answers : null;
  if (!answers) fail('answers must be an array');
  else {
    if (answers.some((s) => typeof s !== 'string' || squash(s) === '')) fail('answers must be non-empty strings');
    if (new Set(answers).size !== answers.length) fail('duplicate answers');
    if (answers.length === 0 && (intent === 'factoid' || 'answerType' in o))
      fail('a line with an answerType needs at least one answer');
  }

  const articles = Array.isArray(o.articles) ? o.articles : null;
  if (!articles || articles.length === 0) return fail('articles must be a non-empty array');
  const seen = new Set();
  const listedPages = [];
  for (const [j, art] of articles.entries()) {
    const at = `articles[${j}]`;
    if (art === null || typeof art !== 'object' || Array.isArray(art)) {
      fail(`${at} is not an object`);
      continue;
    }
    for (const k of Object.keys(art)) if (k !== 'file' && k !== 'evidence') fail(`${at} has unexpected field ${k}`);
    const page = pages.get(art.file);
    if (page === undefined) {
      fail(`${at}: unknown page ${JSON.stringify(art.file)}`);
      continue;
    }
    listedPages.push(page);
    const ev = art.evidence;
    if (typeof ev !== 'string') {
      fail(`${at}: evidence must be a string`);
      continue;
    }
    if (/\s/u.test(ev)) fail(`${at}: evidence contains white space`);
    const n = chars(ev);
    if (n < 8 || n > 20) fail(`${at}: evidence is ${n} characters, not 8–20: ${ev}`);
    const hits = count(page, squash(ev));
    if (hits !== 1) fail(`${at}: evidence occurs ${hits} times in ${art.file}, not once: ${ev}`);
    const key = `${art.file}\u0000${ev}`;
    if (seen.has(key)) fail(`${at}: same article listed twice`);
    seen.add(key);
  }
  if (answers && listedPages.length > 0) {
    for (const s of answers) {
      if (typeof s !== 'string' || squash(s) === '') continue;
      if (!listedPages.some((p) => p.includes(squash(s))))
        fail(`answer ${JSON.stringify(s)} is not in any listed article's page`);
    }
  }
}

for (const [i, raw] of rows.entries()) checkLine(raw, i);

if (problems.length > 0) {
  console.error(`${path.relative(process.cwd(), setPath)}: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
const answerable = [...ANSWERABLE].reduce((n, k) => n + (counts[k] ?? 0), 0);
const detail = [...ANSWERABLE].map((k) => `${counts[k] ?? 0} ${k}`).join(', ');
console.log(
  `${path.relative(process.cwd(), setPath)}: ${rows.length} lines OK — ${answerable} answerable (${detail}), ` +
    `${counts.unanswerable ?? 0} unanswerable, ${counts.chatter ?? 0} chatter`,
);
