// Dot products of one float32 query with many int16 vectors: the inner loop of a quantized graph's search (63% of it
// in plain JavaScript). WebAssembly's 128-bit lanes take 8 codes a step; at 1M × 384 a search at ef 384 takes 0.55× the
// time of the JavaScript loop, with the same results (docs/benchmarks.md, round eleven). The codes live in the
// module's memory, so the file is read straight into it. Where that cannot be (no SIMD, a width not a multiple of 8,
// or more codes than a 4 GiB WebAssembly memory holds) the same sums are taken in JavaScript.

// The module, compiled from this text with wabt's wat2wasm (SIMD on); `test/int16-dots.test.ts` checks it against
// the JavaScript loop.
// (module
//   (import "env" "memory" (memory 1))
//   (func (export "dot") (param $q i32) (param $c i32) (param $n i32) (result f32)
//     (local $acc v128) (local $v v128) (local $end i32)
//     (local.set $end (i32.add (local.get $c) (i32.shl (local.get $n) (i32.const 1))))
//     (block $done
//       (loop $next
//         (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
//         (local.set $v (v128.load align=2 (local.get $c)))
//         (local.set $acc (f32x4.add (local.get $acc)
//           (f32x4.mul (v128.load align=4 (local.get $q))
//                      (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $v))))))
//         (local.set $acc (f32x4.add (local.get $acc)
//           (f32x4.mul (v128.load offset=16 align=4 (local.get $q))
//                      (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $v))))))
//         (local.set $q (i32.add (local.get $q) (i32.const 32)))
//         (local.set $c (i32.add (local.get $c) (i32.const 16)))
//         (br $next)))
//     (f32.add
//       (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
//       (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))))
const WASM =
  'AGFzbQEAAAABCAFgA39/fwF9Ag8BA2VudgZtZW1vcnkCAAEDAgEABwcBA2RvdAAACn4BfAICewF/IAEgAkEBdGohBQJAA0AgASAFTw0BIAH9AAEAIQQg' +
  'AyAA/QACACAE/acB/foB/eYB/eQBIQMgAyAA/QACECAE/agB/foB/eYB/eQBIQMgAEEgaiEAIAFBEGohAQwACwsgA/0fACAD/R8BkiAD/R8CIAP9HwOS' +
  'kgs=';

const PAGE = 65536;
/** Pages of a 32-bit WebAssembly memory. */
const MAX_PAGES = 65536;

// The few parts of the WebAssembly API used here (the project's TypeScript libraries do not declare it).
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;
/** The compiled module, or null where this runtime cannot compile it (no WebAssembly, or no SIMD). */
function module(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(WASM, 'base64')) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export interface Int16Dots {
  /** The vectors, `dims` codes each, element after element: filled by the caller. */
  readonly codes: Int16Array;
  /** Whether the sums are taken in WebAssembly. */
  readonly simd: boolean;
  /** Set the query the next `dot` calls use. */
  setQuery(q: Float32Array): void;
  /** The query · element e's codes. */
  dot(e: number): number;
}

/** Room for `values` codes of `dims`-wide vectors, and the dot products over them. */
export function int16Dots(values: number, dims: number, allowSimd = true): Int16Dots {
  const queryBytes = Math.ceil((dims * 4) / 16) * 16;
  const pages = Math.ceil((queryBytes + values * 2) / PAGE);
  const m = allowSimd && dims % 8 === 0 && pages <= MAX_PAGES ? module() : null;
  return m ? simdDots(m, values, dims, queryBytes, pages) : jsDots(values, dims);
}

function simdDots(m: WasmModule, values: number, dims: number, queryBytes: number, pages: number): Int16Dots {
  const memory = new wasm!.Memory({ initial: pages, maximum: pages });
  const { dot } = new wasm!.Instance(m, { env: { memory } }).exports as {
    dot: (q: number, c: number, n: number) => number;
  };
  const query = new Float32Array(memory.buffer, 0, dims);
  const codeBytes = 2 * dims;
  return {
    codes: new Int16Array(memory.buffer, queryBytes, values),
    simd: true,
    setQuery: (q) => query.set(q),
    dot: (e) => dot(0, queryBytes + e * codeBytes, dims),
  };
}

function jsDots(values: number, dims: number): Int16Dots {
  const codes = new Int16Array(values);
  // A copy, as the SIMD memory holds one: a caller's later change to its array changes nothing here either way.
  const q = new Float32Array(dims);
  return {
    codes,
    simd: false,
    setQuery: (x) => q.set(x),
    dot: (e) => {
      const o = e * dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let d = 0;
      for (; d + 3 < dims; d += 4) {
        s0 += q[d]! * codes[o + d]!;
        s1 += q[d + 1]! * codes[o + d + 1]!;
        s2 += q[d + 2]! * codes[o + d + 2]!;
        s3 += q[d + 3]! * codes[o + d + 3]!;
      }
      for (; d < dims; d++) s0 += q[d]! * codes[o + d]!;
      return s0 + s1 + s2 + s3;
    },
  };
}
