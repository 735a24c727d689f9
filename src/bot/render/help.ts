import type { Translate } from '../../i18n/i18n';
import type { CommandAudience, CommandSpec } from '../commands';

export function renderHelp(t: Translate, commands: readonly CommandSpec[], audiences: readonly CommandAudience[]): string {
  const sections: string[] = [t('help.title')];
  for (const audience of audiences) {
    const mine = commands.filter((c) => c.audience === audience);
    if (mine.length === 0) continue;
    sections.push('', `<b>${t(`help.section.${audience}`)}</b>`);
    for (const c of mine) sections.push(`/${c.command} — ${t(`commands.${c.command}`)}`);
  }
  return sections.join('\n');
}
