import type { Config } from '../config';
import type { Dal } from '../dal';
import type { I18n } from '../i18n/i18n';
import type { Logger } from '../logger';
import type { Scheduler } from '../delivery/ports';
import type { Application } from '../application';

/** Everything the bot needs from outside, passed to createBot so tests build it the same way. */
export interface BotDeps {
  config: Config;
  dal: Dal;
  i18n: I18n;
  logger: Logger;
  /** The current time; tests pass a fixed or fake clock. */
  now: () => Date;
  /** The delivery engine's intake: features record what must be sent, the engine sends it. */
  scheduler: Scheduler;
  /** The operations (src/application): features write data only through these. */
  app: Application;
}
