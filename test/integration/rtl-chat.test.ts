/**
 * The right-to-left rule through the real bot: a Persian member and organizer goes through the
 * everyday flows (start and onboarding, help, events and a card, an RSVP, settings and the calendar,
 * subscriptions, /myevents, /attendees), and every line of every message the bot sends or edits in
 * that chat must start right to left, with the event's Latin title isolated and no Latin digit in the
 * bot's own words. Lines inside <code> (examples of what to type) are exempt: they are meant to be
 * left to right. This catches a text built outside the render functions that forgot the rule.
 */
import { REZA, startHarness, type Harness } from '../support/harness';
import type { Activity, FakeMessage } from '../support/fake-telegram/server';
import { parseTelegramHtml } from '../support/fake-telegram/html';
import { modelsOf } from '../support/models';

const FSI = '\u2068';
const PDI = '\u2069';
const TITLE = 'Movie Night!';

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LETTER = /\p{L}/u;

/** First strong direction, isolates skipped (bidi rule P2), RLM/LRM counted. */
function firstStrong(line: string): 'rtl' | 'ltr' | undefined {
  let depth = 0;
  for (const ch of line) {
    if (ch === '\u2066' || ch === '\u2067' || ch === FSI) depth += 1;
    else if (ch === PDI) depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (ch === '\u200f') return 'rtl';
    else if (ch === '\u200e') return 'ltr';
    else if (RTL_LETTER.test(ch)) return 'rtl';
    else if (LETTER.test(ch)) return 'ltr';
  }
  return undefined;
}

/** The lines of a message a reader sees as prose: tags removed, lines inside <code>/<pre> dropped. */
function proseLines(raw: string): string[] {
  const out: string[] = [];
  let open = 0;
  for (const line of raw.split('\n')) {
    const inside = open > 0;
    for (const m of line.matchAll(/<(\/?)(pre|code)\b[^>]*>/g)) open += m[1] ? -1 : 1;
    if (inside) continue;
    const withoutCode = line.replace(/<code>[\s\S]*?<\/code>/g, '').replace(/<code>.*$/, '');
    const parsed = parseTelegramHtml(withoutCode.replace(/<\/code>/g, ''));
    const text = parsed.ok ? parsed.text : withoutCode;
    if (text.trim() !== '') out.push(text);
  }
  return out;
}

describe('every message to a Persian reader reads right to left', () => {
  let h: Harness;
  const seen: FakeMessage[] = [];
  let unsubscribe: () => void = () => undefined;
  beforeAll(async () => {
    h = await startHarness();
    unsubscribe = h.fake.onActivity((a: Activity) => {
      if ((a.kind === 'bot-message' || a.kind === 'bot-edit') && a.message.chat.id === REZA.id) seen.push({ ...a.message });
    });
  });
  afterAll(async () => {
    unsubscribe();
    await h.stop();
  });

  it('through start, help, events, RSVP, settings, subscriptions, /myevents and /attendees', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const event = await modelsOf(h.db.dal).events.create({
      title: TITLE,
      startAt: start,
      endAt: new Date(start.getTime() + 2 * 3600_000),
      timezone: 'Asia/Tehran',
      venue: { name: 'Café Lumen کافه', address: '12 Safa St', city: 'قم' },
      categories: [],
      status: 'published',
      capacity: 40,
      createdBy: REZA.id,
      publishedAt: new Date(),
    });

    const welcome = await h.fake.say(REZA, '/start');
    const chooser = welcome.find((m) => m.reply_markup?.inline_keyboard?.flat().some((b) => b.text === 'فارسی'));
    if (chooser) await h.fake.press(REZA, chooser, 'فارسی');
    await h.fake.say(REZA, 'تهران');
    await modelsOf(h.db.dal).users.updateOne({ _id: REZA.id }, { $set: { isOrganizer: true } });

    await h.fake.say(REZA, '/help');
    const [list] = await h.fake.say(REZA, '/events');
    const card = await h.fake.press(REZA, list!, /Movie Night/);
    const withButtons = card.find((m) => m.reply_markup?.inline_keyboard?.flat().some((b) => /می‌آیم/.test(b.text)));
    if (withButtons) await h.fake.press(REZA, withButtons, /می‌آیم/);

    const [settings] = await h.fake.say(REZA, '/settings');
    await h.fake.press(REZA, settings!, /تقویم/);
    await h.fake.press(REZA, h.fake.message(REZA.id, settings!.message_id)!, /^هجری قمری$/);

    await h.fake.say(REZA, '/subscribe');
    await h.fake.say(REZA, '/mysubs');
    const mine = await h.fake.say(REZA, '/myevents');
    await h.fake.press(REZA, mine[mine.length - 1]!, /Movie Night/);
    const choose = await h.fake.say(REZA, '/attendees');
    await h.fake.press(REZA, choose[choose.length - 1]!, /Movie Night/);

    expect(seen.length).toBeGreaterThan(12);
    const wrong: string[] = [];
    for (const m of seen) {
      const raw = m.raw || m.caption || '';
      for (const line of proseLines(raw)) {
        if (firstStrong(line) !== 'rtl') wrong.push(`direction: ${line}`);
        if (line.includes(TITLE) && !line.includes(`${FSI}${TITLE}${PDI}`)) wrong.push(`bare title: ${line}`);
        const ownWords = line.replace(/\u2068[^\u2069]*\u2069|\u2066[^\u2069]*\u2069/g, '');
        if (/[0-9]/.test(ownWords)) wrong.push(`Latin digits: ${line}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(event._id).toBeDefined();
  });
});
