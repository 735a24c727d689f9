/**
 * The chat layer writes data only through the application layer (src/application), read from the
 * source files with TypeScript's parser. Precisely, in every file under src/bot:
 *
 *  1. The data layer is used only as direct read calls: `…deps.dal.<repository>.<method>(…)` (or
 *     `dal.<repository>.<method>(…)` after `const { dal } = ctx.deps`) where <method> is one of
 *     READ_METHODS. A call to any other repository method is a write.
 *  2. Neither the DAL nor a repository nor `dal.models` is taken as a value (assigned, destructured,
 *     passed on): that would hide its calls from rule 1.
 *  3. The delivery engine is told only by the application layer: no `…deps.scheduler.<method>(…)`.
 *
 * ALLOWED lists, per file, what breaks a rule and why. What is left are facts the bot observes from
 * Telegram and records as they arrive (who sent an update, who administers a chat, who blocked the
 * bot, where a card was posted, the session store telegraf writes): no rights to check, nothing to
 * validate, so no operation of their own. An entry whose file no longer breaks a rule fails the
 * test, so the list cannot keep stale excuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const BOT = path.join(ROOT, 'src/bot');

/** Repository methods that only read. */
const READ_METHODS: ReadonlySet<string> = new Set([
  'findById', 'findBySlug', 'findOwned', 'find', 'list', 'listActive', 'listAll', 'listByCreator', 'listUpcoming', 'listPast',
  'listForCreator', 'listOrganizers', 'linkedBy', 'holderOf', 'page',
  // Reads for lists and /stats (src/dal repositories).
  'names', 'titles', 'countsByEvent', 'countsByChat', 'topReasons',
  // /channels: the chats a person administers, a page at a time.
  'chatsOf', 'findByIds',
]);

/** file (relative to src/bot) → why it still writes or tells the engine itself. */
const ALLOWED: Record<string, string> = {
  // Facts the bot layer itself observes from Telegram, recorded as they arrive.
  'middlewares/user-locale.ts': 'records the sender (users.upsertFromTelegram) on every update',
  'member-support.ts': 'records admins seen (chatAdmins.record) and members Telegram says are gone (403: users.markUnreachable)',
  'features/calendar-file.ts': 'a 403 while sending the file: users.markUnreachable',
  'events-ui/card.ts': 'tells the engine where it posted a card (scheduler.recordPostedCard)',
  'create-bot.ts': 'builds the session store (dal.sessionStore), which telegraf writes through',
};

interface Breach {
  file: string;
  what: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const isDal = (n: ts.Node): n is ts.PropertyAccessExpression | ts.Identifier =>
  (ts.isPropertyAccessExpression(n) && n.name.text === 'dal') || (ts.isIdentifier(n) && n.text === 'dal');

/** Every breach of the three rules in one file's text. */
export function breachesIn(file: string, text: string): Breach[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Breach[] = [];
  const visit = (n: ts.Node): void => {
    // `{ dal } = …deps` or `{ dal: x } = …`: the DAL taken as a value.
    if (ts.isBindingElement(n) && (n.propertyName ?? n.name).getText(sf) === 'dal') out.push({ file, what: 'takes the DAL as a value' });
    if (isDal(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) && !ts.isBindingElement(n.parent) && !(ts.isIdentifier(n) && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      if (!(ts.isImportSpecifier(n.parent) || ts.isPropertyAssignment(n.parent) || ts.isPropertySignature(n.parent) || ts.isParameter(n.parent) || ts.isVariableDeclaration(n.parent) && n.parent.name === n)) {
        out.push({ file, what: 'takes the DAL as a value' });
      }
    }
    if (ts.isPropertyAccessExpression(n) && isDal(n.expression)) {
      const repo = n.name.text;
      const call = n.parent;
      if (repo === 'models') out.push({ file, what: 'uses dal.models' });
      else if (ts.isPropertyAccessExpression(call) && call.expression === n && ts.isCallExpression(call.parent) && call.parent.expression === call) {
        if (!READ_METHODS.has(call.name.text)) out.push({ file, what: `writes: dal.${repo}.${call.name.text}` });
      } else out.push({ file, what: `takes dal.${repo} as a value` });
    }
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'scheduler' && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'deps') {
      out.push({ file, what: 'tells the engine itself (deps.scheduler)' });
    }
    if (ts.isBindingElement(n) && (n.propertyName ?? n.name).getText(sf) === 'scheduler') out.push({ file, what: 'tells the engine itself (deps.scheduler)' });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function allBreaches(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const abs of sourceFiles(BOT)) {
    const file = path.relative(BOT, abs).split(path.sep).join('/');
    for (const b of breachesIn(file, fs.readFileSync(abs, 'utf8'))) found.set(file, [...(found.get(file) ?? []), b.what]);
  }
  return found;
}

describe('the rule itself', () => {
  const whats = (text: string) => breachesIn('x.ts', text).map((b) => b.what);
  it('allows direct read calls and sees writes, aliases, models and the scheduler', () => {
    expect(whats('await ctx.deps.dal.events.findById(id); await ctx.deps.dal.categories.listActive();')).toEqual([]);
    expect(whats('await ctx.deps.dal.events.update(id, {}, o);')).toEqual(['writes: dal.events.update']);
    expect(whats('const { dal } = ctx.deps; await dal.rsvps.answer(a, b, c, d);')).toEqual(['takes the DAL as a value', 'writes: dal.rsvps.answer']);
    expect(whats('const repo = ctx.deps.dal.categories; await repo.add(s, n);')).toEqual(['takes dal.categories as a value']);
    expect(whats('const x = ctx.deps.dal; x.events.create(e);')).toEqual(['takes the DAL as a value']);
    expect(whats('await ctx.deps.dal.models.users.find({});')).toEqual(['uses dal.models']);
    expect(whats('await ctx.deps.scheduler.eventChanged(id, "time");')).toEqual(['tells the engine itself (deps.scheduler)']);
    expect(whats('const { scheduler } = ctx.deps;')).toEqual(['tells the engine itself (deps.scheduler)']);
    expect(whats('await ctx.deps.app.events.cancel(actor, id, r);')).toEqual([]);
  });
});

describe('src/bot writes only through src/application', () => {
  const found = allBreaches();

  it('no file outside the allow-list writes, aliases the DAL, or tells the engine itself', () => {
    const unexpected = [...found].filter(([file]) => !(file in ALLOWED));
    expect(Object.fromEntries(unexpected)).toEqual({});
  });

  it('the allow-list names only files that still break the rule (remove the fixed ones)', () => {
    expect(Object.keys(ALLOWED).filter((file) => !found.has(file))).toEqual([]);
  });

  it('the event, member, chat and organizer features go through the application layer', () => {
    for (const file of ['features/my-events.ts', 'features/my-events-answers.ts', 'features/new-event.ts', 'features/rsvp.ts', 'features/forget-me.ts', 'features/settings.ts', 'features/onboarding.ts', 'features/categories.ts',
      'features/chat-membership.ts', 'features/channels.ts', 'features/chat-settings.ts', 'features/invite.ts']) {
      expect([file, found.get(file) ?? []]).toEqual([file, []]);
    }
  });
});

/**
 * Keyboards are built in src/bot/keyboards/ (pure functions of what they show, unit-testable), never
 * inside a feature or the event screens (events-ui/): such a file writes no `inline_keyboard`, reply-keyboard rows (`keyboard: [...]`) or
 * `callback_data` of its own and does not use telegraf's `Markup` builders.
 */
const KEYBOARD_PROPERTIES: ReadonlySet<string> = new Set(['inline_keyboard', 'callback_data']);

export function keyboardsBuiltIn(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && KEYBOARD_PROPERTIES.has(n.name.getText(sf))) out.push(n.name.getText(sf));
    // A reply keyboard's rows (`keyboard: [[…]]`); a property that merely holds a built keyboard is fine.
    if (ts.isPropertyAssignment(n) && n.name.getText(sf) === 'keyboard' && ts.isArrayLiteralExpression(n.initializer)) out.push('keyboard');
    if (ts.isIdentifier(n) && n.text === 'Markup') out.push('Markup');
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return [...new Set(out)];
}

describe('keyboards live in src/bot/keyboards', () => {
  it('the rule sees keyboards built by hand or with Markup, and allows calling a keyboard function', () => {
    expect(keyboardsBuiltIn('x.ts', "await ctx.reply(t, { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'x:1' }]] } });")).toEqual(['inline_keyboard', 'callback_data']);
    expect(keyboardsBuiltIn('x.ts', "import { Markup } from 'telegraf'; Markup.inlineKeyboard([]);")).toEqual(['Markup']);
    expect(keyboardsBuiltIn('x.ts', "await ctx.reply(t, { reply_markup: { keyboard: [[{ text: 'loc', request_location: true }]] } });")).toEqual(['keyboard']);
    expect(keyboardsBuiltIn('x.ts', 'await ctx.reply(t, { reply_markup: settingsMenuKeyboard(ctx.t) }); if (screen.keyboard) x();')).toEqual([]);
    expect(keyboardsBuiltIn('x.ts', 'return { text, keyboard: chatSettingsKeyboard(t, chat) };')).toEqual([]);
  });

  it('no file in src/bot/features or src/bot/events-ui builds a keyboard itself', () => {
    const files = ['features', 'events-ui'].flatMap((dir) => sourceFiles(path.join(BOT, dir)));
    const found = Object.fromEntries(
      files.map((abs) => [path.relative(BOT, abs), keyboardsBuiltIn(abs, fs.readFileSync(abs, 'utf8'))] as const).filter(([, what]) => what.length > 0),
    );
    expect(found).toEqual({});
  });
});
