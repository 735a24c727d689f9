import type { DemoScene } from '../framework';
import type { FakeChat, FakeMessage } from '../../test/support/fake-telegram/server';
import { runUntilIdle } from '../../test/support/delivery-driver';
import { modelsOf } from '../../test/support/models';

const last = (msgs: FakeMessage[]): FakeMessage => {
  const m = msgs[msgs.length - 1];
  if (!m) throw new Error('the bot did not answer');
  return m;
};

/** A date a week ahead as a Persian organizer types it: "۱۴۰۵/۰۹/۱۴" (Solar Hijri, Persian digits). */
function solarHijriWeekAhead(): string {
  const parts = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() + 7 * 86_400_000));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}/${get('month')}/${get('day')}`;
}

/**
 * A Persian organizer creates an event in Persian with a Solar Hijri date, and a channel whose posts
 * are in Persian receives it with the Solar Hijri date first and the Gregorian date beside it — the
 * channel never chose a calendar: Solar Hijri first is the Persian default.
 */
export const scene: DemoScene = {
  title: 'A Persian organizer, a Solar Hijri date, and a Persian channel that shows it first',
  async run(d) {
    const { REZA } = d.users;
    const dal = d.db.dal;
    const channel: FakeChat = { id: -1001234577777, type: 'channel', title: 'رویدادهای قم' };
    d.fake.addChat(channel);
    if (!(await modelsOf(dal).chats.exists({ _id: channel.id }))) {
      await modelsOf(dal).chats.create({ _id: channel.id, type: 'channel', title: channel.title, linkedBy: REZA.id, locale: 'fa', timezone: 'Asia/Tehran', reminderOffsets: [] });
    }
    await modelsOf(dal).users.updateOne(
      { _id: REZA.id },
      { $set: { isOrganizer: true, locale: 'fa', timezone: 'Asia/Tehran', privateChatStarted: true }, $setOnInsert: { firstName: REZA.first_name } },
      { upsert: true },
    );
    d.note('Reza is an organizer; his Telegram is in Persian. The channel "رویدادهای قم" posts in Persian and has never chosen a calendar.');

    const when = `${solarHijriWeekAhead()} ۱۸:۳۰`;
    d.note(`Reza creates an event in Persian and gives the date as he thinks of it, in the Solar Hijri calendar: ${when}.`);
    await d.say(REZA, '/newevent');
    await d.say(REZA, 'شب شعر حافظ — Movie Night!');
    await d.say(REZA, when);
    await d.say(REZA, '2h');
    const online = await d.say(REZA, 'کتابخانهٔ مرکزی، خیابان صفائیه ۱۲، قم، ایران');
    await d.press(REZA, last(online), /رد شدن/);
    const categories = await d.say(REZA, 'غزل‌خوانی و موسیقی سنتی.\nBring a friend!');
    await d.press(REZA, last(categories), /رد شدن/);
    const links = await d.say(REZA, 'انجمن ادبی قم');
    await d.press(REZA, last(links), /رد شدن/);
    const photo = await d.say(REZA, '۴۰');
    const repeat = await d.press(REZA, last(photo), /رد شدن/);
    const preview = await d.press(REZA, last(repeat), /رد شدن/);
    d.note('The preview shows the Solar Hijri date first, Persian digits, "وقت ایران" for the zone; Reza publishes.');
    await d.press(REZA, last(preview), /انتشار/);

    d.note('The delivery engine posts the card to the Persian channel: Solar Hijri first, the Gregorian date beside it.');
    await runUntilIdle(d.app.engine, d.db.dal, () => new Date());
    const posted = d.fake.botMessagesIn(channel.id).at(-1)?.text ?? '';
    if (!/۱۴۰۵|۱۴۰۶/.test(posted.split('\n').find((l) => l.includes('🗓')) ?? '')) throw new Error('the channel did not get the Solar Hijri date first');
  },
};
