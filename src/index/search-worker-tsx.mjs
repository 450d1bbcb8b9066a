// The search worker run from its TypeScript source (tests, `node --import tsx`): a worker thread does not inherit the
// tsx loader of the thread that made it, so it registers tsx itself, then loads the worker module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
