import type { Locale } from '../../i18n/locales';
import { buildMessage } from '../../i18n/bidi';
import type { Translate } from '../../i18n/i18n';

export function renderWelcome(t: Translate, opts: { firstName: string; isPrivate: boolean }, locale: Locale = 'en'): string {
  const lines = [t('start.greeting', { name: opts.firstName }), '', t('start.intro')];
  if (opts.isPrivate) lines.push('', t('start.next'));
  return buildMessage(lines, locale);
}
