import type { Locale } from '../../i18n/locales';
import { buildMessage } from '../../i18n/bidi';
import type { Translate } from '../../i18n/i18n';
import type { CommandAudience, CommandSpec } from '../commands';

export function renderHelp(t: Translate, commands: readonly CommandSpec[], audiences: readonly CommandAudience[], locale: Locale = 'en'): string {
  const sections: string[] = [t('help.title')];
  for (const audience of audiences) {
    const mine = commands.filter((c) => c.audience === audience);
    if (mine.length === 0) continue;
    sections.push('', `<b>${t(`help.section.${audience}`)}</b>`);
    for (const c of mine) sections.push(`/${c.command} — ${t(`commands.${c.command}`)}`);
  }
  return buildMessage(sections, locale);
}
