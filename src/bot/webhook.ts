/**
 * Webhook mode (several instances behind a load balancer): the route Telegram posts updates to,
 * as a plugin of the HTTP server (src/http/server.ts), handled by telegraf's own webhook code with
 * the secret_token check.
 *
 * In order, for `POST <path of WEBHOOK_URL>`:
 *  1. the X-Telegram-Bot-Api-Secret-Token header must equal WEBHOOK_SECRET (constant time), before
 *     the body is read: anyone else gets 401 and costs nothing;
 *  2. Fastify reads the body under the server's limits: not `application/json` → 415, over the
 *     size limit → 413, not JSON → 400, not an object with a numeric update_id → 400;
 *  3. telegraf's `webhookCallback(path, { secretToken })` checks path and secret again and runs
 *     the update through the bot; the answer (200) goes out when the update has been handled, so
 *     Telegram redelivers what an instance that dies mid-update did not finish.
 * Other methods or paths get 404 from the server.
 */
import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Update } from 'telegraf/types';
import type { Bot } from './create-bot';
import type { Logger } from '../logger';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(secret).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The smallest shape we hand to telegraf; everything else about an update is telegraf's to read. */
const updateSchema = {
  type: 'object',
  required: ['update_id'],
  properties: { update_id: { type: 'integer', minimum: 0 } },
} as const;

export interface WebhookRoute {
  /** WEBHOOK_URL: Telegram posts to its path (and query string, if it has one). */
  url: string;
  secret: string;
}

/** Refused posts are logged at most this often, as a count: they may be a flood. */
const REFUSED_LOG_EVERY_MS = 60_000;

export function webhookPlugin(bot: Bot, route: WebhookRoute, logger: Logger): FastifyPluginAsync {
  // If every post is refused, WEBHOOK_SECRET differs from the secret_token Telegram was given
  // (another instance set its own): the operator must see that, but an attacker must not be able
  // to fill the log, so refusals are counted and reported once a minute.
  let refused = 0;
  let refusedLoggedAt = 0;
  const noteRefused = () => {
    refused += 1;
    const now = Date.now();
    if (now - refusedLoggedAt < REFUSED_LOG_EVERY_MS) return;
    logger.warn(
      { refused, sinceMs: refusedLoggedAt ? now - refusedLoggedAt : undefined },
      'webhook posts refused for a wrong or missing secret token (if they are Telegram\'s, WEBHOOK_SECRET differs from the one it was given)',
    );
    refused = 0;
    refusedLoggedAt = now;
  };
  const url = new URL(route.url);
  const path = url.pathname || '/';
  // Answers to updates go through the Bot API, not into the webhook's HTTP response: a call
  // answered that way reports no result and no error, so nothing would know if it failed.
  bot.telegram.webhookReply = false;
  const handle = bot.webhookCallback(path + url.search, { secretToken: route.secret });
  return async (app) => {
    // Telegram posts JSON only; Fastify's default text/plain parser would let other bodies through to validation.
    app.removeContentTypeParser('text/plain');
    app.post<{ Body: Update }>(
      path,
      {
        schema: { body: updateSchema },
        onRequest: async (req, reply) => {
          if (!secretMatches(req.headers[SECRET_HEADER], route.secret)) {
            noteRefused();
            return reply.code(401).send();
          }
          return undefined;
        },
      },
      async (req, reply) => {
        reply.hijack(); // telegraf writes the response itself
        const res = reply.raw;
        // The body is already parsed and checked; telegraf takes a parsed one from `body`.
        const raw = Object.assign(req.raw, { body: req.body });
        try {
          // telegraf's own filter compares req.url with WEBHOOK_URL's path and query exactly: the
          // secret has passed, so a refusal there means the query string differs.
          await handle(raw, res, () => {
            res.writeHead(404).end();
          });
        } catch (err) {
          // bot.catch has logged and apologised; answering 200 keeps Telegram from redelivering.
          logger.error({ err, update_id: req.body.update_id }, 'webhook update failed');
          if (!res.headersSent) res.writeHead(200);
          if (!res.writableEnded) res.end();
        }
      },
    );
  };
}
