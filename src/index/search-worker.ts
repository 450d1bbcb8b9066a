import { parentPort, workerData } from 'node:worker_threads';
import { maxScoreSearch, type Scoring, Scratch } from './max-score.js';
import {
  DONE,
  READY,
  SharedTop,
  STATE,
  type WorkerInit,
  type WorkerQuery,
  type WorkerReply,
} from './parallel-search.js';
import { K1, termScore } from './score.js';

// A search thread (parallel-search.ts): given an index's shared arrays and a range of its windows once, it takes each
// query from its port, searches its range with the θ the threads share, posts its top k back and marks its control
// word done (the thread that asked is waiting on it). Between queries it sits in its event loop, not in Atomics.wait:
// a thread blocked there cannot be stopped, and would keep the process from exiting.

const init = workerData as WorkerInit;
const scoring: Scoring = { normOf: init.normOf, termScore, k1Plus1: K1 + 1 };
const scratch = new Scratch(init.parts, init.shift, init.range);
const top = new SharedTop(init.top, init.me);
const { ctl, port } = init;

port.on('message', (q: WorkerQuery) => {
  let reply: WorkerReply;
  try {
    top.begin(q.k);
    const best = maxScoreSearch(init.parts, q, scoring, q.k, scratch, { shared: top });
    reply = { seq: q.seq, docs: Int32Array.from(best, (r) => r.doc), scores: Float64Array.from(best, (r) => r.score) };
  } catch (e) {
    reply = { seq: q.seq, error: (e as Error).message };
  }
  port.postMessage(reply);
  Atomics.store(ctl, STATE, DONE);
  Atomics.notify(ctl, STATE);
});
Atomics.store(ctl, READY, 1);
parentPort!.postMessage('ready');
