import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoScene } from '../framework';
import { modelsOf } from '../../test/support/models';

/** A community calendar another site keeps: one evening talk in ten days, 18:00–19:30 Tehran time. */
function communityCalendar(now: Date, title: string): string {
  const day = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Demo//Community site//EN',
    'BEGIN:VEVENT', 'UID:talk-1@community.example', 'DTSTAMP:20261101T000000Z',
    `DTSTART;TZID=Asia/Tehran:${day}T180000`, `DTEND;TZID=Asia/Tehran:${day}T193000`,
    `SUMMARY:${title}`, 'LOCATION:International Students Hall, Qom',
    'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

async function until(what: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await what()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return what();
}

export const scene: DemoScene = {
  title: 'A calendar kept in sync: the super-admin adds a site\'s iCalendar feed; the engine polls it and follows its changes',
  async run(d) {
    const { ADMIN } = d.users;
    const title = 'Talk: Studying in Qom';
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(communityCalendar(new Date(), title));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/community.ics`;
    try {
      d.note(`The community's old site publishes its calendar at ${url} (served by this demo; the demo allows local addresses, production does not).`);
      await d.say(ADMIN, `/addfeed ${url}`);
      d.note('The first poll is a job in the schedule; the engine runs it on its next tick and publishes what it finds.');
      const imported = await until(async () => Boolean(await modelsOf(d.db.dal).events.exists({ title, status: 'published' })));
      if (!imported) throw new Error('the feed was not polled');
      await d.say(ADMIN, '/events');
      d.note('When the site changes the talk, the next poll (every FEED_POLL_MINUTES, 60 by default; a 304 when nothing changed) edits the event and its cards in place, and cancels it if the site does. /feeds lists the feed with its buttons.');
      await d.say(ADMIN, '/feeds');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
};
