/**
 * Watches whether the database answers, for /healthz and for the process policy: the driver
 * reconnects by itself after short outages, so a lost database is only fatal once it has stayed
 * unreachable for a grace period (DATABASE_GRACE_SECONDS). Then `onGone` is called once, and
 * main.ts ends the process so that the platform restarts it (a fresh process gets a fresh pool,
 * fresh DNS, and a crash loop that an operator sees).
 *
 * It pings rather than listening to the driver's connection events, because those say nothing
 * when the server accepts connections but does not answer, and they differ between MongoDB
 * deployments and FerretDB. A ping that fails, or has not answered within one interval, makes the
 * database unreachable from the moment that ping was sent; any later answered ping makes it
 * reachable again.
 */
import type { Logger } from '../logger';

export interface DatabaseStatus {
  reachable: boolean;
  /** When it stopped answering (ISO), while it is unreachable. */
  unreachableSince?: string;
}

export interface DatabaseWatchOptions {
  /** One round trip to the database; resolves when it answered. */
  ping: () => Promise<unknown>;
  graceMs: number;
  /** How often to ping, and how long a ping may take before it counts as unanswered. */
  intervalMs: number;
  now: () => number;
  logger: Logger;
  /** Called once, when the database has been unreachable for graceMs. */
  onGone: (unreachableForMs: number) => void;
}

/** Ping often enough that the grace is kept to within a quarter, without pinging more than 4 times a second. */
export function pingIntervalFor(graceMs: number): number {
  return Math.min(5000, Math.max(250, Math.floor(graceMs / 4)));
}

export class DatabaseWatch {
  private downSince: number | undefined;
  private inFlight: { startedAt: number; counted: boolean } | undefined;
  private gone = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: DatabaseWatchOptions) {}

  start(): void {
    this.timer ??= setInterval(() => this.check(), this.o.intervalMs);
    this.check();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  status(): DatabaseStatus {
    return this.downSince === undefined
      ? { reachable: true }
      : { reachable: false, unreachableSince: new Date(this.downSince).toISOString() };
  }

  /** One round: judge the ping in flight (or start one), then the grace. Called by the timer; public for tests. */
  check(): void {
    const now = this.o.now();
    const pending = this.inFlight;
    if (pending) {
      if (!pending.counted && now - pending.startedAt >= this.o.intervalMs) {
        pending.counted = true;
        this.markDown(pending.startedAt, 'no answer');
      }
    } else {
      const ping = { startedAt: now, counted: false };
      this.inFlight = ping;
      this.o.ping().then(
        () => {
          if (this.inFlight === ping) this.inFlight = undefined;
          this.markUp();
        },
        (err: unknown) => {
          if (this.inFlight === ping) this.inFlight = undefined;
          this.markDown(ping.startedAt, err instanceof Error ? err.name : 'error');
        },
      );
    }
    if (this.downSince !== undefined && !this.gone && now - this.downSince >= this.o.graceMs) {
      this.gone = true;
      this.o.onGone(now - this.downSince);
    }
  }

  private markDown(since: number, reason: string): void {
    if (this.downSince !== undefined) return;
    this.downSince = since;
    this.o.logger.warn(
      { reason, graceSeconds: Math.round(this.o.graceMs / 1000) },
      'database unreachable; the process exits if it stays so past the grace period',
    );
  }

  private markUp(): void {
    if (this.downSince === undefined) return;
    this.o.logger.info({ unreachableForMs: this.o.now() - this.downSince }, 'database reachable again');
    this.downSince = undefined;
  }
}
