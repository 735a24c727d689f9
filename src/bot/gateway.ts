/**
 * The one way out to Telegram. Every Bot API call the bot makes passes `TelegramGateway.call`:
 * telegraf's `callApi` is wrapped on the bot's own client (start-up calls), on each update's client
 * (replies, edits, answers to presses, documents, getChatMember…) and on the delivery engine's client
 * (`telegramPort`). Messages and edits take a slot from the shared `Pacer` (src/delivery/rate.ts):
 * one global budget with the delivery engine, per-chat pacing with Telegram's bursts, and replies to
 * people ahead of broadcasts. Then, by Telegram's answer (error_code and parameters only):
 *  - 429: that chat waits retry_after (the others a moment), and the call is retried — unless it
 *    could not go before its deadline (MAX_WAIT_MS after it was made): then it is dropped with a
 *    log line (`CallDropped`), never retried for ever;
 *  - 5xx and network errors: retried with back-off, at most RETRIES times, within the deadline;
 *  - anything else (400, 403, …): thrown at once to the caller, as telegraf would.
 * The engine's calls have already taken their slot in the sender and carry their own durable retry
 * policy (`src/delivery/policy.ts`), so for them the gateway only passes them through.
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { Logger } from '../logger';
import type { Pacer } from '../delivery/rate';

/** Calls that put or change a message in a chat: paced per chat and against the global budget. */
const MESSAGE_METHODS: ReadonlySet<string> = new Set([
  'sendMessage', 'sendPhoto', 'sendDocument', 'sendLocation', 'sendVenue', 'sendContact', 'sendAnimation',
  'sendVideo', 'sendAudio', 'sendVoice', 'sendSticker', 'sendPoll', 'sendDice', 'sendMediaGroup',
  'copyMessage', 'forwardMessage', 'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup', 'editMessageMedia',
]);
/** Long polling is telegraf's own loop, with its own error handling. */
const PASS_THROUGH: ReadonlySet<string> = new Set(['getUpdates']);

/** How long (pacing clock ms) a reply may wait for its slot and through 429s before it is dropped. */
export const MAX_WAIT_MS = 30_000;
/** 5xx and network errors: attempts after the first. */
export const RETRIES = 3;
const BACKOFF_MS = 500;

/** A call given up on after MAX_WAIT_MS (flood limits) or after its retries: logged, never shown raw. */
export class CallDropped extends Error {
  constructor(
    readonly method: string,
    readonly chatId: number | undefined,
    readonly why: 'flood' | 'unavailable',
  ) {
    super(`${method} to ${chatId ?? '-'} dropped (${why})`);
    this.name = 'CallDropped';
  }
}

export type Lane = 'interactive' | 'engine';

/** The numeric chat a call is aimed at, if any (a @username gets the global budget only). */
export function chatIdOf(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null || !('chat_id' in payload)) return undefined;
  const raw = payload.chat_id;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return Number(raw);
  return undefined;
}

export class TelegramGateway {
  /** Counters for logs, tests and benchmarks. */
  readonly stats = { calls: 0, flood: 0, retried: 0, dropped: 0 };

  constructor(
    readonly pacer: Pacer,
    private readonly logger: Logger,
  ) {}

  /** Routes every call of this telegraf client through the gateway. */
  install(telegram: Telegram, lane: Lane): Telegram {
    const original = telegram.callApi.bind(telegram);
    const wrapped: typeof telegram.callApi = (method, payload, extra) =>
      this.call(method, payload, lane, () => original(method, payload, extra));
    telegram.callApi = wrapped;
    return telegram;
  }

  async call<T>(method: string, payload: unknown, lane: Lane, send: () => Promise<T>): Promise<T> {
    if (PASS_THROUGH.has(method) || lane === 'engine') return send();
    this.stats.calls += 1;
    const clock = this.pacer.clock;
    const chatId = chatIdOf(payload);
    const paced = MESSAGE_METHODS.has(method);
    const deadline = clock.now() + MAX_WAIT_MS;
    let failures = 0;
    for (;;) {
      if (paced) {
        const ok = await this.pacer.acquire(chatId ?? 0, chatId !== undefined && chatId > 0, deadline - clock.now());
        if (!ok) throw this.drop(method, chatId, 'flood');
      }
      try {
        return await send();
      } catch (err) {
        const now = clock.now();
        if (err instanceof TelegramError && err.code === 429) {
          this.stats.flood += 1;
          const waitMs = Math.max(1, err.response.parameters?.retry_after ?? 1) * 1000;
          this.pacer.gate.flood(chatId, waitMs, now);
          if (now + waitMs > deadline) throw this.drop(method, chatId, 'flood');
          this.logger.debug({ method, chatId, retryAfter: waitMs / 1000 }, 'gateway: 429, retrying after retry_after');
          // A paced call waits in the pacer (the chat is held); others sleep it out here.
          if (!paced || chatId === undefined) await sleep(clock.realMs(waitMs));
          continue;
        }
        if (!retryable(err)) throw err;
        failures += 1;
        const waitMs = BACKOFF_MS * 2 ** (failures - 1);
        if (failures > RETRIES || now + waitMs > deadline) throw this.drop(method, chatId, 'unavailable', err);
        this.stats.retried += 1;
        await sleep(clock.realMs(waitMs));
      }
    }
  }

  private drop(method: string, chatId: number | undefined, why: CallDropped['why'], err?: unknown): CallDropped {
    this.stats.dropped += 1;
    this.logger.warn({ method, chatId, why, ...(err ? { err } : {}) }, 'gateway: call dropped');
    return new CallDropped(method, chatId, why);
  }
}

/** 5xx from Telegram, or no answer at all (a network error: telegraf raises a non-Telegram error). */
function retryable(err: unknown): boolean {
  if (err instanceof TelegramError) return err.code >= 500;
  if (!(err instanceof Error)) return false;
  // telegraf wraps fetch failures in FetchError (name) with a system code.
  return err.name === 'FetchError' || 'code' in err;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
