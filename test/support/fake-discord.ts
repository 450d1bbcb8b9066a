import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

// A small fake Discord on 127.0.0.1: the REST routes the bot uses and a gateway, enough for the real discord.js
// client to log in, receive messages and interactions, and reply. Every REST call is recorded for assertions.

export const TOKEN = 'fake-bot-token-for-tests-0123456789';
export const APP_ID = '111111111111111111';
export const BOT_ID = '222222222222222222';
export const GUILD_ID = '333333333333333333';
export const CHANNEL_ID = '444444444444444444';
export const QUESTION_CHANNEL_ID = '444444444444444445';
export const USER_ID = '555555555555555555';

export interface Recorded {
  method: string;
  path: string;
  body: any;
  auth: string | undefined;
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

export class FakeDiscord {
  readonly requests: Recorded[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private failures: { method: string; path: RegExp; status: number }[] = [];
  private waiters: { test: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  port = 0;

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
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next `method` request whose path matches gets `status` instead of an answer. */
  failNext(method: string, path: RegExp, status: number): void {
    this.failures.push({ method, path, status });
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
    let body: any = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      /* multipart or text: keep raw */
    }
    const path = decodeURIComponent((req.url ?? '').replace(/\?.*$/u, '')).replace(/^\/api\/v10/u, '');
    const method = req.method ?? 'GET';
    const json = (status: number, data: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    const fail = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (fail >= 0) {
      const f = this.failures.splice(fail, 1)[0]!;
      this.record({ method, path, body, auth: req.headers.authorization });
      return json(f.status, { message: 'fake failure', code: 0 });
    }
    if (method === 'GET' && path === '/gateway/bot') {
      return json(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    this.record({ method, path, body, auth: req.headers.authorization });
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/u.test(path)) {
      return json(
        200,
        (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: APP_ID, version: snowflake() })),
      );
    }
    if (method === 'POST' && /^\/channels\/\d+\/typing$/u.test(path)) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (method === 'POST' && /^\/channels\/(\d+)\/messages$/u.test(path)) {
      const channel = /^\/channels\/(\d+)/u.exec(path)![1]!;
      return json(200, this.message(channel, body));
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/u.test(path)) {
      // An empty 204 must not carry a JSON content type, or the client throws.
      res.writeHead(204);
      res.end();
      return;
    }
    if (
      (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/u.test(path)) ||
      (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(path))
    ) {
      return json(200, this.message(CHANNEL_ID, body));
    }
    json(404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
  }

  private message(channelId: string, body: any): unknown {
    return {
      id: snowflake(),
      channel_id: channelId,
      guild_id: GUILD_ID,
      author: user(BOT_ID, 'newsbot', true),
      content: body?.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      pinned: false,
      type: 0,
    };
  }

  private gateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: any };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) {
        if (msg.d.token !== TOKEN) return ws.close(4004, 'Authentication failed');
        this.dispatch('READY', {
          v: 10,
          user: user(BOT_ID, 'newsbot', true),
          guilds: [{ id: GUILD_ID, unavailable: true }],
          session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          shard: [0, 1],
          application: { id: APP_ID, flags: 0 },
        });
        this.dispatch('GUILD_CREATE', {
          id: GUILD_ID,
          name: 'Town',
          owner_id: USER_ID,
          roles: [
            {
              id: GUILD_ID,
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
          channels: [CHANNEL_ID, QUESTION_CHANNEL_ID].map((id, i) => ({
            id,
            type: 0,
            name: `news-${i}`,
            guild_id: GUILD_ID,
            position: i,
            permission_overwrites: [],
          })),
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
          threads: [],
          presences: [],
          voice_states: [],
          stage_instances: [],
          guild_scheduled_events: [],
          joined_at: new Date().toISOString(),
        });
      }
    });
  }

  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** A user posts a message; `mention` puts the bot in the payload's mentions. */
  userMessage(content: string, opts: { mention?: boolean; channelId?: string; userId?: string } = {}): string {
    const id = snowflake();
    const author = user(opts.userId ?? USER_ID, 'reader');
    this.dispatch('MESSAGE_CREATE', {
      id,
      channel_id: opts.channelId ?? CHANNEL_ID,
      guild_id: GUILD_ID,
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
      type: 0,
    });
    return id;
  }

  private interactionBase(type: number, userId = USER_ID) {
    const id = snowflake();
    const token = `tok-${id}`;
    return {
      id,
      token,
      payload: {
        id,
        application_id: APP_ID,
        type,
        token,
        version: 1,
        guild_id: GUILD_ID,
        channel_id: CHANNEL_ID,
        channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'news-0' },
        member: {
          user: user(userId, 'reader'),
          roles: [],
          permissions: '2248473465835073',
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
        },
        app_permissions: '2248473465835073',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': GUILD_ID },
      },
    };
  }

  /** A slash command (type 2), or its autocomplete (type 4) when `focused` names an option. */
  command(
    name: string,
    options: Record<string, string>,
    opts: { focused?: string; userId?: string } = {},
  ): { id: string; token: string } {
    const base = this.interactionBase(opts.focused ? 4 : 2, opts.userId);
    this.dispatch('INTERACTION_CREATE', {
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
    });
    return { id: base.id, token: base.token };
  }

  /** A button click (type 3) on a message the bot sent. */
  click(customId: string, message: unknown): { id: string; token: string } {
    const base = this.interactionBase(3);
    this.dispatch('INTERACTION_CREATE', { ...base.payload, data: { custom_id: customId, component_type: 2 }, message });
    return { id: base.id, token: base.token };
  }
}
