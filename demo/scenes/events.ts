import type { DemoScene } from '../framework';
import type { FakeMessage } from '../../test/support/fake-telegram/server';
import { dayjs } from '../../src/domain/time';

const last = (msgs: FakeMessage[]): FakeMessage => {
  const m = msgs[msgs.length - 1];
  if (!m) throw new Error('the bot did not answer');
  return m;
};

export const scene: DemoScene = {
  title: 'Organizers: an invite, an event by dialogue, one by the one-message form, the card in English and Persian',
  async run(d) {
    const { ADMIN, ALICE, REZA } = d.users;

    d.note('Ada (a bot admin) makes Alice an organizer with a single-use invite link.');
    const [invite] = await d.say(ADMIN, '/invite');
    const payload = /start=(inv_[A-Za-z0-9_-]+)/.exec(invite?.text ?? '')?.[1];
    if (!payload) throw new Error('no invite link');
    await d.say(ALICE, `/start ${payload}`);
    d.note('The same link a second time is refused.');
    await d.say(REZA, `/start ${payload}`);

    d.note('Ada adds a category, named in all four languages.');
    const list = await d.say(ADMIN, '/categories');
    await d.press(ADMIN, last(list), /Add a category/);
    await d.say(ADMIN, 'music | Music | موسیقی | موسيقى | موسیقی');

    d.note('Alice creates an event step by step. A time in the past is refused with the reason, and asked again.');
    await d.say(ALICE, '/newevent');
    await d.say(ALICE, 'Jazz & <Tea> evening');
    await d.say(ALICE, 'yesterday 7pm');
    await d.say(ALICE, 'tomorrow 7pm');
    await d.say(ALICE, '2h');
    await d.say(ALICE, 'Café Lumen, 12 Enghelab St, Tehran, Iran');
    const online = await d.say(ALICE, 'not a link');
    await d.press(ALICE, last(online), /Skip/);
    const categories = await d.say(ALICE, 'Live jazz trio, tea and cake.\nBring a friend!');
    await d.press(ALICE, last(categories), /Music/);
    const edited = d.fake.message(ALICE.id, last(categories).message_id);
    if (!edited) throw new Error('categories message vanished');
    await d.press(ALICE, edited, /Done/);
    await d.say(ALICE, 'Tehran Jazz Club');
    await d.say(ALICE, 'instagram: @tehranjazz\nhttps://jazz.example');
    const photo = await d.say(ALICE, '40');
    const repeat = await d.press(ALICE, last(photo), /Skip/);
    const preview = await d.press(ALICE, last(repeat), /Skip/);
    await d.press(ALICE, last(preview), /Publish/);

    d.note('And one in a single message: title | when | venue, then key: value lines.');
    const form = await d.say(
      ALICE,
      [
        '/newevent Poetry evening | next friday 18:00 | City Library, 1 Ferdowsi Sq, Tehran, Iran',
        'end: 20:00',
        'category: music',
        'description: Hafez and Saadi, read aloud — with music.',
        'capacity: ۳۰',
      ].join('\n'),
    );
    await d.press(ALICE, last(form), /Publish/);

    d.note('Anyone browses with /events and opens a card: Alice sees it in English, Reza in Persian.');
    const aliceList = await d.say(ALICE, '/events');
    await d.press(ALICE, last(aliceList), /Jazz/);
    const rezaList = await d.say(REZA, '/events');
    await d.press(REZA, last(rezaList), /Jazz/);

    d.note('Alice postpones the jazz evening by a day; everyone who signed up will be told.');
    const mine = await d.say(ALICE, '/myevents');
    const manage = await d.press(ALICE, last(mine), /Jazz/);
    await d.press(ALICE, last(manage), /Postpone/);
    await d.say(ALICE, `${dayjs().tz('Asia/Tehran').add(2, 'day').format('YYYY-MM-DD')} 19:00`);
  },
};
