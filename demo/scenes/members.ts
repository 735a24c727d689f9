import type { DemoScene } from '../framework';
import type { FakeChat, FakeMessage, FakeUser } from '../../test/support/fake-telegram/server';

const last = (msgs: FakeMessage[]): FakeMessage => {
  const m = msgs[msgs.length - 1];
  if (!m) throw new Error('the bot did not answer');
  return m;
};

const hasButton = (m: FakeMessage | undefined, label: RegExp) => (m?.reply_markup?.inline_keyboard ?? []).flat().some((b) => label.test(b.text));

export const scene: DemoScene = {
  title: 'Members: a channel linked, a member onboarding, subscribing, RSVPing and taking the calendar file',
  async run(d) {
    const { ALICE, REZA } = d.users;
    const channel: FakeChat = { id: -1001234500001, type: 'channel', title: 'Tehran Community Events' };
    const SARA: FakeUser = { id: 4001, first_name: 'Sara', username: 'sara', language_code: 'en' };

    d.note('Alice adds the bot to her channel as an admin with the right to post; it checks she is an admin there, links the channel and tells her in private.');
    d.fake.setMember(channel.id, ALICE.id, { status: 'creator' });
    await d.fake.processed(
      d.fake.myChatMember(channel, ALICE, { status: 'left' }, { status: 'administrator', can_post_messages: true, can_edit_messages: true }),
    );

    d.note('She opens the channel\'s settings with /channels and turns on "starting now" posts.');
    const list = await d.say(ALICE, '/channels');
    await d.press(ALICE, last(list), /⚙️/);
    const settings = d.fake.message(ALICE.id, last(list).message_id);
    if (settings) await d.press(ALICE, settings, /starting now/);

    d.note('Reza is not an admin of the channel: /channels shows him nothing to manage.');
    await d.say(REZA, '/channels');

    d.note('Sara is new: /start walks her through language and time zone (she types her city), then shows what is coming up.');
    const welcome = await d.say(SARA, '/start');
    await d.press(SARA, last(welcome), 'English');
    await d.say(SARA, 'Atlantis');
    await d.say(SARA, 'Tehran');

    d.note('She subscribes to everything, then checks /mysubs.');
    const sub = await d.say(SARA, '/subscribe');
    await d.press(SARA, last(sub), /Everything/);
    await d.say(SARA, '/mysubs');

    d.note('She opens an event, answers Going with a guest, asks for a reminder and takes the calendar file.');
    const events = await d.say(SARA, '/events');
    const listMsg = last(events);
    if (!hasButton(listMsg, /Jazz|Poetry/)) {
      d.note('(No events yet: the organizers\' scene creates them.)');
      return;
    }
    const opened = await d.press(SARA, listMsg, /Jazz|Poetry/);
    const card = opened.find((m) => hasButton(m, /Going/)) ?? d.fake.message(SARA.id, listMsg.message_id);
    if (!card) return;
    await d.press(SARA, card, /Going/);
    await d.press(SARA, card, /\+1/);
    await d.press(SARA, card, /Remind me/);
    await d.press(SARA, card, /Add to calendar/);

    d.note('Changed her mind about reminders: /stop ends every subscription (her RSVP stays).');
    await d.say(SARA, '/stop');

    d.note('Alice publishes a small event (one place) in one message; the delivery engine announces it in the linked channel.');
    const form = await d.say(
      ALICE,
      ['/newevent Book swap | next saturday 17:00 | Café Naderi, 12 Lalehzar St, Tehran, Iran', 'end: 19:00', 'capacity: 1'].join('\n'),
    );
    if (hasButton(last(form), /Publish/)) await d.press(ALICE, last(form), /Publish/);
    await d.fake
      .waitForCall((c) => c.ok && /^send(Message|Photo)$/.test(c.method) && String(c.params.chat_id) === String(channel.id) && /Book swap/.test(String(c.params.text ?? c.params.caption ?? '')), 20_000)
      .catch(() => undefined);
    const post = [...d.fake.botMessagesIn(channel.id)].reverse().find((m) => hasButton(m, /Going/) && /Book swap/.test(m.text ?? m.caption ?? ''));
    if (!post) {
      d.note('(The engine has not announced it to the channel yet.)');
      return;
    }
    const toast = () => String(d.fake.callsTo('answerCallbackQuery').pop()?.params.text ?? '');

    const OMID: FakeUser = { id: 4002, first_name: 'Omid', language_code: 'en' };
    d.note('In the channel, Omid (who has never talked to the bot) taps Going. Instead of a toast, Telegram gets a t.me link back, which starts the bot; it shows the event and asks before it counts him (a link alone never does).');
    await d.press(OMID, post, /Going/);
    const url = String(d.fake.callsTo('answerCallbackQuery').pop()?.params.url ?? '');
    d.note(`The bot answered the tap with ${url}`);
    const payload = /start=([A-Za-z0-9_-]+)/.exec(url)?.[1];
    if (payload) {
      const asked = await d.say(OMID, `/start ${payload}`);
      const question = asked.find((m) => hasButton(m, /Yes, count me/));
      if (question) await d.press(OMID, question, /Yes, count me/);
    }

    d.note('Sara taps Going on the same post: the one place is taken, so she joins the waitlist.');
    await d.press(SARA, post, /Going/);
    d.note(`Her toast: “${toast()}”`);

    d.note('Omid cannot make it after all. His place goes to Sara, who is told in private.');
    await d.press(OMID, post, /Can't go/);
    d.note(`His toast: “${toast()}”`);
    await d.fake
      .waitForCall((c) => c.ok && c.method === 'sendMessage' && String(c.params.chat_id) === String(SARA.id) && /place opened/.test(String(c.params.text)), 20_000)
      .catch(() => d.note('(The engine has not sent the promotion yet.)'));
  },
};
