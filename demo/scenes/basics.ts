import type { DemoScene } from '../framework';

export const scene: DemoScene = {
  title: 'First words: /start and /help in the user’s language',
  async run(d) {
    d.note('Alice’s Telegram is in English; Reza’s is in Persian. The bot answers each in their language.');
    await d.say(d.users.ALICE, '/help');
    await d.say(d.users.REZA, '/help');
  },
};
