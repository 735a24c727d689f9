/**
 * The fake Bot API for benchmarks, in a process of its own (as Telegram is): the bot's process then
 * pays only for its own work, and its peak RSS is its own. Started by run.ts with `fork`; options
 * arrive as argv[2] (JSON); requests and answers are IPC messages (see `Request`).
 */
import { FakeTelegram, type FakeTelegramOptions } from '../test/support/fake-telegram/server';

export type Request =
  | { id: number; type: 'addChats'; ids: number[]; chatType: 'channel' | 'private' }
  /** Members send `text` (each in their private chat); their first answer after it is timed. */
  | { id: number; type: 'say'; users: Array<{ id: number; first_name: string; language_code: string }>; text: string }
  /** [user, sent at, first answer at] of answers since the last call. */
  | { id: number; type: 'answers' }
  | { id: number; type: 'stats' }
  | { id: number; type: 'late' }
  | { id: number; type: 'stop' };

export interface Stats {
  /** Successful sends to the chats added with addChats. */
  sent: number;
  first: number;
  last: number;
  tooMany: number;
  duplicates: number;
  lost: number;
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as FakeTelegramOptions;
  const fake = await FakeTelegram.start({ ...opts, keepMessages: false });
  const registered: number[] = [];
  let first = 0;
  let last = 0;
  /** For timeliness: [label number, time] of each successful send whose text says "j<n>". */
  let late: Array<[number, number]> = [];
  const registeredSet = new Set<number>();
  /** Members who said something and have not been answered yet: when they said it. */
  const asked = new Map<number, number>();
  let answers: Array<[number, number, number]> = [];
  const drain = () => {
    for (const c of fake.calls.splice(0)) {
      if (!c.ok || !(c.method.startsWith('send') || c.method.startsWith('edit'))) continue;
      const chat = Number(c.params.chat_id);
      const since = asked.get(chat);
      if (since !== undefined) {
        answers.push([chat, since, c.at]);
        asked.delete(chat);
      }
      if (!c.method.startsWith('send') || (registeredSet.size && !registeredSet.has(chat))) continue;
      if (!first || c.at < first) first = c.at;
      if (c.at > last) last = c.at;
      const m = /j(\d+)/.exec(String(c.params.text ?? ''));
      if (m) late.push([Number(m[1]), c.at]);
    }
  };
  const timer = setInterval(drain, 100);
  process.on('message', (raw) => {
    const req = raw as Request;
    const answer = (body: unknown) => process.send?.({ id: req.id, body });
    switch (req.type) {
      case 'addChats':
        for (const id of req.ids) {
          fake.addChat(req.chatType === 'channel' ? { id, type: 'channel', title: `c${id}` } : { id, type: 'private', first_name: `u${id}` });
          registered.push(id);
          registeredSet.add(id);
        }
        answer(true);
        break;
      case 'say':
        for (const u of req.users) {
          asked.set(u.id, Date.now());
          fake.sendText(u, req.text);
        }
        answer(true);
        break;
      case 'answers':
        drain();
        answer(answers);
        answers = [];
        break;
      case 'stats': {
        drain();
        let sent = 0;
        let duplicates = 0;
        let lost = 0;
        for (const id of registered) {
          const n = fake.sentCount.get(id) ?? 0;
          sent += n;
          if (n > 1) duplicates += n - 1;
          if (n === 0) lost += 1;
        }
        const stats: Stats = { sent, first, last, tooMany: fake.tooManyRequests, duplicates, lost };
        answer(stats);
        break;
      }
      case 'late':
        drain();
        answer(late);
        late = [];
        break;
      case 'stop':
        clearInterval(timer);
        void fake.stop().then(() => {
          answer(true);
          process.exit(0);
        });
        break;
    }
  });
  process.send?.({ id: 0, body: { apiRoot: fake.apiRoot, token: fake.token } });
}

void main();
