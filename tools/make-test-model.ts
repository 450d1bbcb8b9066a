import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from './random.js';

// A tiny random-weight BERT-shaped ONNX model with a character-level WordPiece tokenizer, generated here because no
// real embedding model can be downloaded on these machines. It exercises the real transformers.js loading and
// inference path; its vectors only make texts that share characters similar. It is NOT semantic and never a default.

export const TEST_MODEL_NAME = 'local-test/char-bert-random';
/** The same fixture as wide as multilingual-e5-small, so benchmarks size HNSW and memory like the real model. */
export const TEST_MODEL_384_NAME = 'local-test/char-bert-random-384';
/** Where the benchmarks keep their generated copies (tests keep theirs under test/.tmp). */
export const BENCH_MODEL_DIR = join(tmpdir(), 'local-news-bot-models');

/**
 * The settings that load a generated model: from its folder only (nothing to download) and in fp32, the one precision
 * it is written in. Spread into `loadConfig`'s input; scripts/bench/compiled-tree.mjs spells the same for plain JS.
 */
export function testModelEnv(name: string, modelDir: string): Record<string, string> {
  return { EMBEDDING_MODEL: name, MODEL_DIR: modelDir, ALLOW_REMOTE_MODELS: 'false', EMBEDDING_DTYPE: 'fp32' };
}

const DIMS: Record<string, number> = { [TEST_MODEL_NAME]: 64, [TEST_MODEL_384_NAME]: 384 };
const VERSION = 2; // bump to regenerate cached copies when the format changes

// --- a minimal protobuf writer: just what an ONNX ModelProto needs (Buffers, so a 30 MB weight tensor is cheap) ---
const varint = (n: number | bigint): Buffer => {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
};
const key = (field: number, wire: number): Buffer => varint((field << 3) | wire);
const int = (field: number, n: number | bigint): Buffer => Buffer.concat([key(field, 0), varint(n)]);
const bytes = (field: number, b: Uint8Array): Buffer => Buffer.concat([key(field, 2), varint(b.length), b]);
const str = (field: number, s: string): Buffer => bytes(field, Buffer.from(s, 'utf8'));
const msg = (field: number, parts: Buffer[]): Buffer => bytes(field, Buffer.concat(parts));

const FLOAT = 1;
const INT64 = 7;

const tensor = (field: number, name: string, type: number, dims: number[], raw: Uint8Array): Buffer =>
  msg(field, [...dims.map((d) => int(1, d)), int(2, type), str(8, name), bytes(9, raw)]);
const valueInfo = (field: number, name: string, type: number, dims: (number | string)[]): Buffer =>
  msg(field, [
    str(1, name),
    msg(2, [
      msg(1, [
        int(1, type),
        msg(
          2,
          dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)])),
        ),
      ]),
    ]),
  ]);
const node = (op: string, inputs: string[], outputs: string[], attrs: Buffer[] = []): Buffer =>
  msg(1, [
    ...inputs.map((i) => str(1, i)),
    ...outputs.map((o) => str(2, o)),
    str(3, `${op}_${outputs[0]}`),
    str(4, op),
    ...attrs,
  ]);
const intAttr = (name: string, v: number): Buffer => msg(5, [str(1, name), int(20, 2), int(3, v)]);

function vocabulary(): string[] {
  const v = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const ascii = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (const c of ascii) v.push(c);
  for (const c of ascii) v.push(`##${c}`);
  for (const c of '.,:;!?\'"()[]-+%/@#&*_=<>') v.push(c);
  for (const c of '，。、；：！？“”‘’（）《》—…·○') v.push(c);
  // Every CJK unified ideograph, so any Chinese text tokenises without [UNK].
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) v.push(String.fromCodePoint(cp));
  return v;
}

export function buildModel(vocabSize: number, dims: number): Uint8Array {
  const random = rng(42);
  const emb = new Float32Array(vocabSize * dims);
  for (let i = 0; i < emb.length; i++) emb[i] = random() * 2 - 1;
  // Special tokens carry nothing, so [CLS]/[SEP] do not dominate short texts.
  emb.fill(0, 0, 5 * dims);
  const axes = new BigInt64Array([2n]);
  const graph = [
    node('Gather', ['embeddings', 'input_ids'], ['token_vectors']),
    node('Cast', ['attention_mask'], ['mask_float'], [intAttr('to', FLOAT)]),
    node('Unsqueeze', ['mask_float', 'axes'], ['mask_3d']),
    node('Mul', ['token_vectors', 'mask_3d'], ['last_hidden_state']),
    str(2, 'char_bert_random'),
    tensor(5, 'embeddings', FLOAT, [vocabSize, dims], new Uint8Array(emb.buffer)),
    tensor(5, 'axes', INT64, [1], new Uint8Array(axes.buffer)),
    valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
    valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
    valueInfo(11, 'token_type_ids', INT64, ['batch', 'sequence']),
    valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', dims]),
  ];
  const model = [int(1, 8), str(2, 'local-news-bot test fixture'), msg(7, graph), msg(8, [str(1, ''), int(2, 13)])];
  return Buffer.concat(model);
}

function tokenizerJson(vocab: string[], boundaryTokens: boolean): unknown {
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((t, i) => special(t, i)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: boundaryTokens
      ? {
          type: 'TemplateProcessing',
          single: [
            { SpecialToken: { id: '[CLS]', type_id: 0 } },
            { Sequence: { id: 'A', type_id: 0 } },
            { SpecialToken: { id: '[SEP]', type_id: 0 } },
          ],
          pair: [
            { SpecialToken: { id: '[CLS]', type_id: 0 } },
            { Sequence: { id: 'A', type_id: 0 } },
            { SpecialToken: { id: '[SEP]', type_id: 0 } },
            { Sequence: { id: 'B', type_id: 1 } },
            { SpecialToken: { id: '[SEP]', type_id: 1 } },
          ],
          special_tokens: {
            '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
            '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
          },
        }
      : null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/**
 * Write the test model under `<modelDir>/<name>/` (once; later calls reuse it). Under another name, with that model's
 * width, it stands in for a real model in a test's own folder, so the test can watch what that model's profile does
 * (prefixes, pooling) through the real loading path; the same width gives the same weights whatever the name.
 * `boundaryTokens: false` leaves out [CLS] and [SEP], so the first token of the text itself is what [CLS] pooling reads.
 */
export function ensureTestModel(
  modelDir: string,
  name = TEST_MODEL_NAME,
  shape: { dims?: number; boundaryTokens?: boolean } = {},
): string {
  const dims = shape.dims ?? DIMS[name];
  if (!dims) throw new Error(`no test model called ${name} (give its dimensions)`);
  const dir = join(modelDir, name);
  const stamp = join(dir, `.generated-v${VERSION}`);
  if (existsSync(stamp)) return dir;
  const vocab = vocabulary();
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), buildModel(vocab.length, dims));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab, shape.boundaryTokens ?? true)));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 512,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: dims,
      vocab_size: vocab.length,
      max_position_embeddings: 512,
      note: 'random-weight test fixture, not a real model',
    }),
  );
  writeFileSync(stamp, new Date().toISOString());
  return dir;
}
