/**
 * The demo's stage: the real app (telegraf, mongoose, the delivery engine) running against the
 * built-in fake Telegram and a throwaway database, and a transcript printer that shows the chats the
 * way a person would read them. Scenes (demo/scenes/*.ts) script what users do.
 */
import type { App } from '../src/app';
import type { TestDb } from '../test/support/db';
import type { Activity, FakeChat, FakeMessage, FakeTelegram, FakeUser } from '../test/support/fake-telegram/server';

export interface DemoUsers {
  ADMIN: FakeUser;
  ALICE: FakeUser;
  REZA: FakeUser;
}

export interface DemoContext {
  fake: FakeTelegram;
  app: App;
  db: TestDb;
  users: DemoUsers;
  /** A user sends text (in private unless a chat is given); resolves when the bot has handled it. */
  say(user: FakeUser, text: string, chat?: FakeChat): Promise<FakeMessage[]>;
  /** A user presses the button labelled `label` on `message`; resolves when handled. */
  press(user: FakeUser, message: FakeMessage, label: string | RegExp): Promise<FakeMessage[]>;
  /** A narrator's line in the transcript. */
  note(text: string): void;
}

export interface DemoScene {
  title: string;
  run(d: DemoContext): Promise<void>;
}

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((line) => `${pad}${line}`)
    .join('\n');

function chatName(chat: FakeChat): string {
  if (chat.type === 'private') return chat.first_name ?? String(chat.id);
  return `${chat.title ?? chat.id} (${chat.type})`;
}

function buttons(message: FakeMessage): string {
  const rows = message.reply_markup?.inline_keyboard ?? [];
  return rows.map((row) => row.map((b) => `[ ${b.text} ]`).join(' ')).join('\n');
}

/** Renders one activity as transcript lines. */
export function formatActivity(a: Activity): string {
  switch (a.kind) {
    case 'user-message': {
      const where = a.chat.type === 'private' ? '' : ` in ${chatName(a.chat)}`;
      return `\n👤 ${a.from.first_name}${where}: ${a.text}`;
    }
    case 'user-press':
      return `\n👆 ${a.from.first_name} taps [ ${a.label} ]`;
    case 'membership':
      return `\n⚙️  ${a.from.first_name} sets the bot's status in ${chatName(a.chat)} to "${a.status}"`;
    case 'bot-message':
    case 'bot-edit': {
      const m = a.message;
      const verb = a.kind === 'bot-edit' ? '✏️  bot edits its message' : '🤖 bot';
      const body = m.text ?? m.caption ?? '';
      const parts = [`\n${verb} → ${chatName(m.chat)}:`];
      if (m.photo) parts.push('   🖼  (photo)');
      if (m.document) parts.push(`   📎 ${m.document.file_name} (${m.document.content.length} bytes)`);
      if (body) parts.push(indent(body, '   │ '));
      const b = buttons(m);
      if (b) parts.push(indent(b, '   '));
      return parts.join('\n');
    }
  }
}
