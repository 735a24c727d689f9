/**
 * GET /healthz for the platform's health check and for people: 200 while the process can do its
 * job (the database answers and updates are being taken), 503 otherwise, with the details as JSON.
 * It reads state the process already keeps (no database call per request), so probing it often
 * costs nothing and a slow database cannot make it hang.
 */
import type { FastifyPluginAsync } from 'fastify';

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export function healthPlugin(report: () => HealthReport): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', async (_req, reply) => {
      const r = report();
      return reply.code(r.ok ? 200 : 503).header('cache-control', 'no-store').send(r);
    });
  };
}
