import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIAllowedMentions,
  APIApplicationCommandOptionChoice,
  APIEmbed,
  RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';

// A small fake Discord on 127.0.0.1: the REST routes the bot uses and a gateway, enough for the real discord.js
// client to log in (sharded: /gateway/bot asks for two shards), receive messages and interactions, and reply.
// It enforces Discord's per-channel send limit with Discord's rate-limit headers, and every REST call is recorded
// for assertions.

export const TOKEN = 'fake-bot-token-for-tests-0123456789';
export const APP_ID = '111111111111111111';
export const BOT_ID = '222222222222222222';
/** On shard 0 of 2 ((id >> 22) % 2 = 0). */
export const GUILD_ID = '333333333333333333';
/** On shard 1 of 2. */
export const GUILD2_ID = '333333333337527637';
export const CHANNEL_ID = '444444444444444444';
export const QUESTION_CHANNEL_ID = '444444444444444445';
/** A public thread in CHANNEL_ID. */
export const THREAD_ID = '444444444444444446';
/** A channel of the second guild. */
export const CHANNEL2_ID = '444444444444444447';
export const USER_ID = '555555555555555555';
/** Discord's Message Content intent (1 << 15). */
const MESSAGE_CONTENT = 1 << 15;

export interface Button {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
}
export interface Row {
  type: number;
  components: Button[];
}
/** What the bot sent: a message body, or an interaction callback whose `data` is one. */
export interface Sent {
  content?: string;
  embeds?: APIEmbed[];
  components?: Row[];
  allowed_mentions?: APIAllowedMentions;
  message_reference?: { message_id?: string };
  flags?: number;
  choices?: APIApplicationCommandOptionChoice[];
}
export interface Body extends Sent {
  type?: number;
  data?: Sent;
}

export interface Recorded {
  method: string;
  path: string;
  body: Body;
  /** The body of a command registration (PUT …/commands). */
  commands?: RESTPutAPIApplicationCommandsJSONBody;
  auth: string | undefined;
  /** The status the fake answered with. */
  status: number;
  /** When it arrived (Date.now()). */
  at: number;
  /** For messages it created, the new message's id. */
  messageId?: string;
}

export interface FakeOptions {
  /** Shards /gateway/bot asks for. */
  shards?: number;
  /** Discord's per-channel limit on POST /channels/:id/messages: `limit` per `windowMs`. */
  channelLimit?: { limit: number; windowMs: number };
}

let snowflakeSeq = 0n;
export const snowflake = (): string => String(1_200_000_000_000_000_000n + snowflakeSeq++);

const user = (id: string, name: string, bot = false) => ({
  id,
  username: name,
  discriminator: '0',
  global_name: name,
  avatar: null,
  bot,
});

const shardOf = (guildId: string, shards: number): number => Number((BigInt(guildId) >> 22n) % BigInt(shards));

interface Window {
  started: number;
  used: number;
}

interface Hold {
  method: string;
  path: RegExp;
  ms: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class FakeDiscord {
  readonly requests: Recorded[] = [];
  /** Gateway payloads received from the client (identify, resume, heartbeats), with the shard they came from. */
  readonly gatewayLog: { op: number; shard: number | undefined }[] = [];
  readonly shards: number;
  readonly channelLimit: { limit: number; windowMs: number };
  /** Close IDENTIFY with 4014 when it asks for the Message Content intent (as Discord does when it is off). */
  rejectMessageContent = false;
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Map<WebSocket, number | undefined>();
  private seq = 0;
  private failures: { method: string; path: RegExp; status: number; message: string }[] = [];
  private holds: Hold[] = [];
  private windows = new Map<string, Window>();
  private waiters: { test: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  port = 0;

  constructor(opts: FakeOptions = {}) {
    this.shards = opts.shards ?? 2;
    this.channelLimit = opts.channelLimit ?? { limit: 5, windowMs: 5000 };
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.rest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) =>
      this.wss.handleUpgrade(req, socket, head, (ws) => this.gateway(ws)),
    );
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets.keys()) s.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next `method` request whose path matches gets `status` (with `message` in Discord's error body). */
  failNext(method: string, path: RegExp, status: number, message = 'fake failure'): void {
    this.failures.push({ method, path, status, message });
  }

  /** The next `method` request whose path matches is recorded at once but answered only after `ms`. */
  holdNext(method: string, path: RegExp, ms: number): void {
    this.holds.push({ method, path, ms });
  }

  /** Resolves with the first recorded request (past or future) that passes the test. */
  waitFor(test: (r: Recorded) => boolean, timeoutMs = 10_000): Promise<Recorded> {
    const seen = this.requests.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake Discord: timed out waiting for a request')), timeoutMs);
      this.waiters.push({
        test,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  private record(r: Recorded): void {
    this.requests.push(r);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(r)) return true;
      w.resolve(r);
      return false;
    });
  }

  private async rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let json: Json | undefined;
    try {
      json = raw ? (JSON.parse(raw) as Json) : undefined;
    } catch {
      /* multipart or text: no JSON body */
    }
    const path = decodeURIComponent((req.url ?? '').replace(/\?.*$/u, '')).replace(/^\/api\/v10/u, '');
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/gateway/bot') {
      return this.json(res, 200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: this.shards,
        // One identify bucket per shard, so the shards log in at once instead of 5 s apart.
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.shards },
      });
    }
    const isArray = Array.isArray(json);
    const entry: Recorded = {
      method,
      path,
      body: (isArray || json === undefined || json === null || typeof json !== 'object' ? {} : json) as Body,
      ...(isArray ? { commands: json as unknown as RESTPutAPIApplicationCommandsJSONBody } : {}),
      auth: req.headers.authorization,
      status: 200,
      at: Date.now(),
    };
    const hold = this.holds.findIndex((h) => h.method === method && h.path.test(path));
    const holdMs = hold >= 0 ? this.holds.splice(hold, 1)[0]!.ms : 0;
    const answer = this.answer(entry, res);
    if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
    answer();
  }

  /** Record the request now and return what sends the response. */
  private answer(entry: Recorded, res: ServerResponse): () => void {
    const { method, path } = entry;
    const fail = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (fail >= 0) {
      const f = this.failures.splice(fail, 1)[0]!;
      entry.status = f.status;
      this.record(entry);
      return () => this.json(res, f.status, { message: f.message, code: 0 });
    }
    const channelSend = /^\/channels\/(\d+)\/messages$/u.exec(path);
    if (method === 'POST' && channelSend) return this.channelMessage(entry, channelSend[1]!, res);
    const reply = this.route(entry);
    this.record(entry);
    return () => (reply.status === 204 ? this.empty(res) : this.json(res, reply.status, reply.data));
  }

  private route(entry: Recorded): { status: number; data?: unknown } {
    const { method, path, body } = entry;
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/u.test(path)) {
      const commands = entry.commands ?? [];
      return {
        status: 200,
        data: commands.map((c) => ({ ...c, id: snowflake(), application_id: APP_ID, version: snowflake() })),
      };
    }
    if (method === 'POST' && /^\/channels\/\d+\/typing$/u.test(path)) return { status: 204 };
    if (method === 'PUT' && /^\/channels\/\d+\/messages\/\d+\/reactions\/[^/]+\/@me$/u.test(path))
      return { status: 204 };
    // An empty 204 must not carry a JSON content type, or the client throws.
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/u.test(path)) return { status: 204 };
    if (
      (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/u.test(path)) ||
      (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(path))
    ) {
      entry.messageId = snowflake();
      return { status: 200, data: this.message(CHANNEL_ID, body, entry.messageId) };
    }
    entry.status = 404;
    return { status: 404, data: { message: `fake Discord has no route ${method} ${path}`, code: 0 } };
  }

  /** POST /channels/:id/messages, under Discord's per-channel limit, with its rate-limit headers. */
  private channelMessage(entry: Recorded, channelId: string, res: ServerResponse): () => void {
    const now = Date.now();
    const { limit, windowMs } = this.channelLimit;
    let w = this.windows.get(channelId);
    if (!w || now >= w.started + windowMs) {
      w = { started: now, used: 0 };
      this.windows.set(channelId, w);
    }
    const resetAfter = (w.started + windowMs - now) / 1000;
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Reset': ((w.started + windowMs) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': `channel-messages-${channelId}`,
    };
    if (w.used >= limit) {
      entry.status = 429;
      this.record(entry);
      return () =>
        this.json(
          res,
          429,
          { message: 'You are being rate limited.', retry_after: resetAfter, global: false },
          {
            ...headers,
            'X-RateLimit-Remaining': '0',
            'Retry-After': String(Math.ceil(resetAfter)),
            'X-RateLimit-Scope': 'user',
          },
        );
    }
    w.used++;
    entry.messageId = snowflake();
    this.record(entry);
    const message = this.message(channelId, entry.body, entry.messageId);
    return () => this.json(res, 200, message, { ...headers, 'X-RateLimit-Remaining': String(limit - w.used) });
  }

  private json(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(data));
  }

  private empty(res: ServerResponse): void {
    res.writeHead(204);
    res.end();
  }

  /** A message the bot posted, as Discord returns it. */
  private message(channelId: string, body: Sent, id: string): Record<string, unknown> {
    return {
      id,
      channel_id: channelId,
      guild_id: this.guildOf(channelId),
      author: user(BOT_ID, 'newsbot', true),
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: body.message_reference ? 19 : 0,
      ...(body.message_reference ? { message_reference: { ...body.message_reference, channel_id: channelId } } : {}),
    };
  }

  private guildOf(channelId: string): string {
    return channelId === CHANNEL2_ID ? GUILD2_ID : GUILD_ID;
  }

  private gateway(ws: WebSocket): void {
    this.sockets.set(ws, undefined);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: GatewayIn };
      this.gatewayLog.push({ op: msg.op, shard: this.sockets.get(ws) });
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) this.identify(ws, msg.d);
      if (msg.op === 6) this.resume(ws, msg.d);
    });
  }

  private identify(ws: WebSocket, d: GatewayIn): void {
    if (d.token !== TOKEN) return void ws.close(4004, 'Authentication failed');
    if (this.rejectMessageContent && ((d.intents ?? 0) & MESSAGE_CONTENT) !== 0)
      return void ws.close(4014, 'Disallowed intent(s).');
    const [shard, count] = d.shard ?? [0, 1];
    this.sockets.set(ws, shard);
    const guilds = [GUILD_ID, GUILD2_ID].filter((g) => shardOf(g, count) === shard);
    this.send(ws, 'READY', {
      v: 10,
      user: user(BOT_ID, 'newsbot', true),
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: `fake-session-${shard}-${snowflake()}`,
      resume_gateway_url: `ws://127.0.0.1:${this.port}`,
      shard: [shard, count],
      application: { id: APP_ID, flags: 0 },
    });
    for (const g of guilds) this.send(ws, 'GUILD_CREATE', this.guild(g));
  }

  private resume(ws: WebSocket, d: GatewayIn): void {
    if (d.token !== TOKEN) return void ws.close(4004, 'Authentication failed');
    const shard = /^fake-session-(\d+)-/u.exec(d.session_id ?? '')?.[1];
    this.sockets.set(ws, shard === undefined ? undefined : Number(shard));
    this.send(ws, 'RESUMED', {});
  }

  private guild(id: string): Record<string, unknown> {
    const channels =
      id === GUILD_ID
        ? [CHANNEL_ID, QUESTION_CHANNEL_ID].map((c, i) => ({
            id: c,
            type: 0,
            name: `news-${i}`,
            guild_id: id,
            position: i,
            permission_overwrites: [],
          }))
        : [{ id: CHANNEL2_ID, type: 0, name: 'other-news', guild_id: id, position: 0, permission_overwrites: [] }];
    const threads = id === GUILD_ID ? [this.thread()] : [];
    return {
      id,
      name: id === GUILD_ID ? 'Town' : 'Other town',
      owner_id: USER_ID,
      roles: [
        {
          id,
          name: '@everyone',
          permissions: '1024',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      channels,
      threads,
      members: [
        {
          user: user(BOT_ID, 'newsbot', true),
          roles: [],
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
        },
      ],
      member_count: 2,
      unavailable: false,
      emojis: [],
      stickers: [],
      features: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: new Date().toISOString(),
    };
  }

  private thread(): Record<string, unknown> {
    return {
      id: THREAD_ID,
      type: 11,
      name: 'a thread',
      guild_id: GUILD_ID,
      parent_id: CHANNEL_ID,
      owner_id: USER_ID,
      thread_metadata: { archived: false, auto_archive_duration: 1440, locked: false },
      message_count: 1,
      member_count: 1,
    };
  }

  private send(ws: WebSocket, t: string, d: unknown): void {
    ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  /** Send an event to the shard that holds the channel's guild. */
  dispatch(t: string, d: unknown, guildId = GUILD_ID): void {
    const shard = shardOf(guildId, this.shards);
    for (const [ws, s] of this.sockets) if (s === shard) this.send(ws, t, d);
  }

  /** Close a shard's connection with a close code, as Discord does (4000: resumable; 4014: disallowed intents). */
  closeShard(shard: number, code: number): void {
    for (const [ws, s] of this.sockets) if (s === shard) ws.close(code, 'fake close');
  }

  /** Tell a shard its session is invalid (op 9, not resumable): the client must identify again. */
  invalidateSession(shard: number): void {
    for (const [ws, s] of this.sockets) if (s === shard) ws.send(JSON.stringify({ op: 9, d: false }));
  }

  /** Shards that sent an IDENTIFY, in order. */
  identified(): (number | undefined)[] {
    return this.gatewayLog.filter((g) => g.op === 2).map((g) => g.shard);
  }

  /** A user posts a message; `mention` puts the bot in the payload's mentions; `replyTo` makes it a reply. */
  userMessage(
    content: string,
    opts: { mention?: boolean; channelId?: string; userId?: string; replyTo?: { id: string; byBot?: boolean } } = {},
  ): string {
    const id = snowflake();
    const channelId = opts.channelId ?? CHANNEL_ID;
    const guildId = this.guildOf(channelId);
    const author = user(opts.userId ?? USER_ID, 'reader');
    const reply = opts.replyTo
      ? {
          type: 19,
          message_reference: { message_id: opts.replyTo.id, channel_id: channelId, guild_id: guildId },
          referenced_message: {
            ...this.message(channelId, {}, opts.replyTo.id),
            ...(opts.replyTo.byBot === false ? { author: user(USER_ID, 'reader') } : {}),
          },
        }
      : { type: 0 };
    this.dispatch(
      'MESSAGE_CREATE',
      {
        id,
        channel_id: channelId,
        guild_id: guildId,
        author,
        member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false },
        content,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: opts.mention ? [user(BOT_ID, 'newsbot', true)] : [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        ...reply,
      },
      guildId,
    );
    return id;
  }

  /** `locale`: the user's Discord client language, which Discord sends with every interaction. */
  private interactionBase(type: number, userId = USER_ID, channelId = CHANNEL_ID, locale = 'en-US') {
    const id = snowflake();
    const token = `tok-${id}`;
    const guildId = this.guildOf(channelId);
    const channel =
      channelId === THREAD_ID
        ? { id: THREAD_ID, type: 11, guild_id: GUILD_ID, parent_id: CHANNEL_ID, name: 'a thread' }
        : { id: channelId, type: 0, guild_id: guildId, name: 'news' };
    return {
      id,
      token,
      guildId,
      payload: {
        id,
        application_id: APP_ID,
        type,
        token,
        version: 1,
        guild_id: guildId,
        channel_id: channelId,
        channel,
        member: {
          user: user(userId, 'reader'),
          roles: [],
          permissions: '2248473465835073',
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
        },
        app_permissions: '2248473465835073',
        locale,
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': guildId },
      },
    };
  }

  /** A slash command (type 2), or its autocomplete (type 4) when `focused` names an option. */
  command(
    name: string,
    options: Record<string, string>,
    opts: { focused?: string; userId?: string; channelId?: string; locale?: string } = {},
  ): { id: string; token: string } {
    const base = this.interactionBase(opts.focused ? 4 : 2, opts.userId, opts.channelId, opts.locale);
    this.dispatch(
      'INTERACTION_CREATE',
      {
        ...base.payload,
        data: {
          id: snowflake(),
          name,
          type: 1,
          options: Object.entries(options).map(([n, value]) => ({
            name: n,
            type: 3,
            value,
            ...(opts.focused === n ? { focused: true } : {}),
          })),
        },
      },
      base.guildId,
    );
    return { id: base.id, token: base.token };
  }

  /** A button click (type 3) on a message the bot sent, by `userId`. */
  click(customId: string, sent: Sent, userId = USER_ID, locale?: string): { id: string; token: string } {
    const base = this.interactionBase(3, userId, CHANNEL_ID, locale);
    const message = this.message(CHANNEL_ID, sent, snowflake());
    this.dispatch(
      'INTERACTION_CREATE',
      { ...base.payload, data: { custom_id: customId, component_type: 2 }, message },
      base.guildId,
    );
    return { id: base.id, token: base.token };
  }
}

/** Fields of the gateway payloads the fake reads. */
interface GatewayIn {
  token?: string;
  intents?: number;
  shard?: [number, number];
  session_id?: string;
}
