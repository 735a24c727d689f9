/**
 * The HTTP front door: one Fastify server on PORT that everything served over HTTP is a plugin of
 * (the Telegram webhook from src/bot/webhook.ts, /healthz from ./health.ts, and later the public
 * web calendar). This file only sets the limits every request lives under, so that no request,
 * however malformed, slow or large, can do more than get a 4xx:
 *
 *  - bodies over BODY_LIMIT get 413 without being read further (Telegram's largest update, a
 *    4096-character message replying to another, with entities and a keyboard, JSON-escaped, is
 *    well under 100 KB);
 *  - a client has `requestTimeoutMs` to send a whole request, headers included, or gets 408 and is
 *    disconnected (Telegram sends each update at once; a client trickling bytes only holds a socket);
 *  - bad request lines, bad URLs (`GET /%zz`) and oversized headers get 400/431 from Fastify and
 *    Node's parser; unknown routes 404; an error thrown inside a handler is logged with its stack
 *    and answered 500 — it never reaches the process.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyRequest, type FastifyReply } from 'fastify';
import type { Logger } from '../logger';

export const BODY_LIMIT = 256 * 1024;
/** How often Node looks for requests past their timeout (its default, 30 s, would let one overstay by that much). */
const TIMEOUT_CHECK_MS = 1000;
/** Idle keep-alive connections are closed after this; above the 60 s idle timeout of common load balancers. */
const KEEP_ALIVE_MS = 72_000;
/** A route handler that has not answered by then gets 503 (the webhook hands its reply to telegraf, whose own handlerTimeout applies). */
const HANDLER_TIMEOUT_MS = 15_000;

export interface HttpServerOptions {
  logger: Logger;
  requestTimeoutMs: number;
  /** Each one a concern: the webhook, /healthz, later the web calendar's pages. */
  plugins: readonly FastifyPluginAsync[];
}

export interface HttpServer {
  port: number;
  /** Stops accepting (new requests get 503 meanwhile), waits for requests in flight, closes. */
  close(): Promise<void>;
}

/**
 * Per-request lines and refused requests (4xx, unknown routes) at debug: at info, one line per
 * update would double the log, and anyone could fill it with junk requests. Errors of our own
 * (5xx) stay at error, with the stack.
 */
class QuietRequests extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null, _request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) reply.log.error({ req: request, res: reply, err: error }, error.message);
    else reply.log.debug({ res: reply, err: error }, error.message);
  }
  override routeNotFound(request: FastifyRequest): void {
    request.log.debug({ method: request.method }, 'route not found');
  }
}

export async function buildHttpServer(opts: HttpServerOptions): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = opts.logger.child({ part: 'http' });
  const app = Fastify({
    loggerInstance,
    logController: new QuietRequests(),
    bodyLimit: BODY_LIMIT,
    requestTimeout: opts.requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_MS,
    handlerTimeout: HANDLER_TIMEOUT_MS,
    http: { headersTimeout: opts.requestTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  for (const plugin of opts.plugins) await app.register(plugin);
  return app;
}

export async function startHttpServer(opts: HttpServerOptions & { port: number; host?: string }): Promise<HttpServer> {
  const app = await buildHttpServer(opts);
  await app.listen({ port: opts.port, host: opts.host ?? '0.0.0.0' });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => app.close(),
  };
}
