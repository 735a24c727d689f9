import type { DemoScene } from '../framework';
import type { FakeMessage } from '../../test/support/fake-telegram/server';

/** Four Thursdays at 19:00 Tehran time, from the second Thursday after today. */
function weeklyCalendar(now: Date): string {
  const first = new Date(now);
  first.setUTCDate(first.getUTCDate() + 7 + ((4 - first.getUTCDay() + 7) % 7));
  const day = first.toISOString().slice(0, 10).replace(/-/g, '');
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Demo//Import//EN',
    'BEGIN:VEVENT', 'UID:demo-weekly@example.org', 'DTSTAMP:20261101T000000Z',
    `DTSTART;TZID=Asia/Tehran:${day}T190000`, `DTEND;TZID=Asia/Tehran:${day}T203000`,
    'RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4',
    'SUMMARY:شب موسیقی سنتی', 'DESCRIPTION:<p>سه‌تار و تنبک</p><script>alert(1)</script>',
    'LOCATION:خانه فرهنگ، خیابان انقلاب، تهران', 'CATEGORIES:موسیقی,Folk',
    'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

export const scene: DemoScene = {
  title: 'Import: an organizer sends an .ics file; the bot fills the preview and she publishes the series',
  async run(d) {
    const { ALICE } = d.users;
    d.note('Alice has the event in her calendar app already: she sends its .ics file instead of typing it.');
    const before = d.fake.botMessagesIn(ALICE.id).length;
    await d.fake.processed(d.fake.sendDocument(ALICE, { file_name: 'music-night.ics', mime_type: 'text/calendar', content: Buffer.from(weeklyCalendar(new Date())) }));
    // The file is read after the update; wait for the preview.
    const deadline = Date.now() + 10_000;
    while (d.app.background.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const card = d.fake
      .botMessagesIn(ALICE.id)
      .slice(before)
      .reverse()
      .find((m: FakeMessage) => (m.reply_markup?.inline_keyboard ?? []).flat().some((b) => /Publish/.test(b.text)));
    if (!card) throw new Error('no preview after the import');
    d.note('The title, the times in Tehran, the venue, the description (its script dropped), the category and the weekly rule came from the file. She publishes.');
    await d.press(ALICE, card, /Publish/);
  },
};
