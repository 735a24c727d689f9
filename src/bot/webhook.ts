/**
 * Webhook mode (several instances behind a load balancer): an HTTP server on PORT that takes
 * Telegram's POSTs at WEBHOOK_URL's path, each checked against WEBHOOK_SECRET in the
 * X-Telegram-Bot-Api-Secret-Token header (constant-time), and answers GET /healthz.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { Update } from 'telegraf/types';
import type { Bot } from './create-bot';
import type { Logger } from '../logger';

export interface WebhookServer {
  /** Stops taking updates and waits for those being handled. */
  close(): Promise<void>;
  port: number;
}

const MAX_BODY = 1 << 20;

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export async function startWebhookServer(opts: {
  bot: Bot;
  url: string;
  secret: string;
  port: number;
  logger: Logger;
  health: () => Record<string, unknown>;
}): Promise<WebhookServer> {
  const path = new URL(opts.url).pathname || '/';
  const handling = new Set<Promise<void>>();
  let closing = false;
  const server = http.createServer((req, res) => {
    const reqPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && reqPath === '/healthz') {
      res.writeHead(closing ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: !closing, ...opts.health() }));
      return;
    }
    if (req.method !== 'POST' || reqPath !== path) {
      res.writeHead(404).end();
      return;
    }
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], opts.secret)) {
      res.writeHead(401).end();
      return;
    }
    if (closing) {
      res.writeHead(503).end(); // Telegram retries; another instance takes it
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      let update: Update;
      try {
        if (size > MAX_BODY) throw new Error('too large');
        update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const p = opts.bot
        .handleUpdate(update)
        .then(() => void res.writeHead(200).end())
        .catch((err: unknown) => {
          opts.logger.error({ err }, 'webhook update failed');
          res.writeHead(200).end(); // bot.catch already answered; do not make Telegram redeliver
        });
      handling.add(p);
      void p.finally(() => handling.delete(p));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    async close() {
      closing = true;
      await Promise.allSettled([...handling]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
