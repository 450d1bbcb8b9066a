import type { AskContext } from '../search/archive.js';
import { BoundedMap } from './bounded-map.js';

// The conversation behind a follow-up: a reply to one of the bot's answers is read with that answer's question and
// articles; a question in a thread, with the thread's first question. Only what the core needs is kept (the
// question and up to a handful of article ids), for a bounded number of answers and a bounded time.

export class Conversations {
  /** The bot's answer messages, by message id. */
  private readonly answers: BoundedMap<AskContext>;
  /** Each thread's first question, by thread id. */
  private readonly threads: BoundedMap<AskContext>;

  constructor(opts: { max?: number; ttlMs?: number; now?: () => number } = {}) {
    const max = opts.max ?? 5000;
    const ttl = opts.ttlMs ?? 24 * 3600_000;
    this.answers = new BoundedMap(max, ttl, opts.now);
    this.threads = new BoundedMap(max, ttl, opts.now);
  }

  /** Remember an answer the bot posted as message `messageId`. */
  rememberAnswer(messageId: string, context: AskContext): void {
    this.answers.set(messageId, context);
  }

  /** The conversation of the bot's answer `messageId`, if it is one the bot still remembers. */
  answer(messageId: string): AskContext | undefined {
    return this.answers.get(messageId);
  }

  /** A question asked in a thread: the first one becomes the thread's context. */
  rememberThread(threadId: string, context: AskContext): void {
    if (!this.thread(threadId)) this.threads.set(threadId, context);
  }

  /**
   * A thread's context: its first question, or, for a thread opened on one of the bot's answers (Discord gives such
   * a thread the id of the message it starts from), that answer's.
   */
  thread(threadId: string): AskContext | undefined {
    return this.answers.get(threadId) ?? this.threads.get(threadId);
  }
}
