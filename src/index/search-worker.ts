import { parentPort, workerData } from 'node:worker_threads';
import { maxScoreSearch, type Scoring, Scratch } from './max-score.js';
import {
  DONE,
  HEAD_COUNT,
  HEAD_SEQ,
  READY,
  SharedTop,
  STATE,
  type WorkerInit,
  type WorkerQuery,
  type WorkerReply,
} from './parallel-search.js';
import { K1, termScore } from './score.js';

// A search thread (parallel-search.ts): given an index's shared arrays and a range of its windows once, it takes each
// query from its port, searches its range with the θ the threads share, writes its top k to shared memory (a failure
// goes by the port) and marks its control word done (the thread that asked is spinning, then waiting, on it). Between queries it sits in its event loop, not in Atomics.wait:
// a thread blocked there cannot be stopped, and would keep the process from exiting.

const init = workerData as WorkerInit;
const scoring: Scoring = { normOf: init.normOf, termScore, k1Plus1: K1 + 1 };
const scratch = new Scratch(init.parts, init.shift, init.range);
const top = new SharedTop(init.top, init.me);
const { ctl, port } = init;

port.on('message', (q: WorkerQuery) => {
  const { head, docs, scores } = init.out;
  let n = -1;
  try {
    top.begin(q.k);
    const best = maxScoreSearch(init.parts, q, scoring, q.k, scratch, { shared: top });
    for (let i = 0; i < best.length; i++) {
      docs[i] = best[i]!.doc;
      scores[i] = best[i]!.score;
    }
    n = best.length;
  } catch (e) {
    const reply: WorkerReply = { seq: q.seq, error: (e as Error).message };
    port.postMessage(reply);
  }
  // The results before these words, these before DONE (the thread that asked reads them in the other order).
  Atomics.store(head, HEAD_COUNT, n);
  Atomics.store(head, HEAD_SEQ, q.seq);
  Atomics.store(ctl, STATE, DONE);
  Atomics.notify(ctl, STATE);
});
Atomics.store(ctl, READY, 1);
parentPort!.postMessage('ready');
