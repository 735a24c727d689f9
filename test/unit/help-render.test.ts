import { renderHelp } from '../../src/bot/render/help';
import type { CommandSpec } from '../../src/bot/commands';

const t = (key: string) => `[${key}]`;
const commands: CommandSpec[] = [
  { command: 'events', audience: 'everyone' },
  { command: 'newevent', audience: 'organizer' },
  { command: 'stats', audience: 'admin' },
];

describe('renderHelp', () => {
  it('shows only the sections of the given audiences', () => {
    const text = renderHelp(t, commands, ['everyone']);
    expect(text).toContain('/events — [commands.events]');
    expect(text).not.toContain('/newevent');
    expect(text).not.toContain('/stats');
  });

  it('adds organizer and admin sections with their commands', () => {
    const text = renderHelp(t, commands, ['everyone', 'organizer', 'admin']);
    expect(text).toContain('<b>[help.section.organizer]</b>\n/newevent — [commands.newevent]');
    expect(text).toContain('<b>[help.section.admin]</b>\n/stats — [commands.stats]');
  });

  it('omits a section that has no commands', () => {
    const text = renderHelp(t, commands.slice(0, 1), ['everyone', 'admin']);
    expect(text).not.toContain('help.section.admin');
  });
});
