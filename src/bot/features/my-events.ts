/**
 * /myevents: an organizer's events, each with Edit (any field), Postpone (a new time), Cancel (an
 * optional reason), Duplicate (a copy as a new draft), Delete (drafts) and Publish (drafts). For a
 * series, Postpone and Cancel act on one occurrence (which is then detached), and "Cancel series"
 * cancels the occurrences still to come.
 *
 * Every press reloads the event and checks the sender may change it; every change to a published
 * event raises its sequence and tells the delivery engine, which edits posted cards and notifies.
 */
import { chosenCalendar } from '../../dal/users/user.model';
import { buildMessage } from '../../i18n/bidi';
import { zoneWithId } from '../../domain/date-format';
import { Composer } from 'telegraf';
import { z } from 'zod';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { editFieldCallback, manageQuestionCallback, myEventsCallback, anyWithPrefix } from '../callback-data/events';
import { loadManagedEvent, refuseBadButton, requireOrganizer, requirePrivate } from '../events-ui/access';
import { buildQuestion } from '../events-ui/questions';
import { sendCard } from '../events-ui/card';
import {
  OPTIONAL_STEPS, clearField, draftFromEvent, draftToEvents, isStep, readField, readVenue, readWhen, toggleCategory,
  type DraftResult, type EventDraft, type Step,
} from '../../domain/event-draft';
import { validateCancelReason, validationMessage, LIMITS } from '../../domain/validate';
import { LIVE_STATUSES } from '../../dal/events/event.repository';
import type { EventRecord, EventStatus } from '../../dal/events/event.model';
import type { EventChangeKind } from '../../delivery/ports';
import { venueSnapshot } from '../../dal/venues/venue.repository';
import { organizerSnapshot } from '../../dal/organizers/organizer.repository';
import { renderMyEventsList, STATUS_ICON } from '../render/event-lists';
import { editInPlace } from '../events-ui/edit';
import { echoWhen, readingLines } from '../render/when-echo';

export const myEventsFeature = new Composer<BotContext>();

const PAGE_SIZE = 8;
/** Fields offered by Edit (the series rule is fixed once created). */
const EDITABLE: readonly Step[] = ['title', 'when', 'end', 'venue', 'address', 'online', 'description', 'categories', 'organizer', 'links', 'capacity', 'photo'];
const ACTIVE: readonly EventStatus[] = ['published', 'postponed'];

const DIALOGS = ['evedit', 'evpostpone', 'evcancel'] as const;
type ManageDialog = (typeof DIALOGS)[number];
const dataSchema = z.object({ eventId: z.string().regex(/^[0-9a-f]{24}$/), categories: z.array(z.string()).optional() });

function currentDialog(ctx: BotContext): { name: ManageDialog; step: string; eventId: string; categories?: string[] } | undefined {
  const d = ctx.session.dialog;
  if (!d || !(DIALOGS as readonly string[]).includes(d.name)) return undefined;
  const parsed = dataSchema.safeParse(d.data);
  if (!parsed.success) return undefined;
  return { name: d.name as ManageDialog, step: d.step, ...parsed.data };
}

function setDialog(ctx: BotContext, name: ManageDialog, step: string, data: z.infer<typeof dataSchema>): void {
  ctx.session.dialog = { name, step, data, startedAt: ctx.deps.now().toISOString() };
}


async function showList(ctx: BotContext, page: number): Promise<void> {
  const userId = ctx.from?.id ?? 0;
  const res = await ctx.deps.dal.events.listByCreator(userId, { skip: page * PAGE_SIZE, limit: PAGE_SIZE });
  if (res.items.length === 0 && page === 0) {
    await ctx.reply(ctx.t('myevents.empty'));
    return;
  }
  const rows: InlineKeyboardButton[][] = res.items.map((e) => [
    {
      text: `${STATUS_ICON[e.status]} ${e.title.length > 40 ? `${e.title.slice(0, 39)}…` : e.title}`,
      callback_data: myEventsCallback.encode({ a: 'op', id: e._id.toHexString() }),
    },
  ]);
  const nav: InlineKeyboardButton[] = [];
  if (page > 0) nav.push({ text: ctx.t('events.button.prev'), callback_data: myEventsCallback.encode({ a: 'pg', id: page - 1 }) });
  if (res.hasMore) nav.push({ text: ctx.t('events.button.next'), callback_data: myEventsCallback.encode({ a: 'pg', id: page + 1 }) });
  if (nav.length) rows.push(nav);
  await ctx.reply(renderMyEventsList(ctx.t, ctx.locale, res.items, page, chosenCalendar(ctx.user)), { parse_mode: 'HTML', reply_markup: { inline_keyboard: rows }, link_preview_options: { is_disabled: true } });
}

function manageKeyboard(ctx: BotContext, e: EventRecord): InlineKeyboardMarkup {
  const id = e._id.toHexString();
  const b = (a: string, key: string): InlineKeyboardButton => ({ text: ctx.t(key), callback_data: myEventsCallback.encode({ a, id }) });
  const rows: InlineKeyboardButton[][] = [];
  if (e.status === 'draft') {
    rows.push([b('ed', 'myevents.button.edit'), b('pb', 'myevents.button.publish')]);
    rows.push([b('du', 'myevents.button.duplicate'), b('dl', 'myevents.button.delete')]);
  } else if (ACTIVE.includes(e.status)) {
    rows.push([b('ed', 'myevents.button.edit'), b('pp', 'myevents.button.postpone')]);
    rows.push([b('cn', 'myevents.button.cancel'), b('du', 'myevents.button.duplicate')]);
    if (e.series) rows.push([b('cs', 'myevents.button.cancelSeries')]);
  } else {
    rows.push([b('du', 'myevents.button.duplicate')]);
  }
  rows.push([{ text: ctx.t('myevents.button.list'), callback_data: myEventsCallback.encode({ a: 'pg', id: 0 }) }]);
  return { inline_keyboard: rows };
}

async function showManage(ctx: BotContext, e: EventRecord): Promise<void> {
  const header = [ctx.t('myevents.manageTitle', { status: ctx.t(`myevents.status.${e.status}`) })];
  if (e.series) header.push(ctx.t('myevents.seriesNote', { index: e.series.index + 1 }));
  await ctx.reply(buildMessage(header, ctx.locale), { parse_mode: 'HTML' });
  await sendCard(ctx, e, manageKeyboard(ctx, e), { record: false });
}

myEventsFeature.command('myevents', async (ctx) => {
  if (!(await requireOrganizer(ctx)) || !(await requirePrivate(ctx))) return;
  await showList(ctx, 0);
});

/** What changed, for the delivery engine: time, place or other details. */
function kindOf(step: Step): EventChangeKind {
  if (step === 'when' || step === 'end') return 'time';
  if (step === 'venue' || step === 'address') return 'place';
  return 'details';
}

/** The record fields each question changes. */
const FIELDS_OF: Record<Step, readonly (keyof EventRecord)[]> = {
  title: ['title'],
  when: ['startAt', 'endAt', 'allDay'],
  end: ['endAt', 'allDay'],
  venue: ['venue', 'venueId'],
  address: ['venue', 'venueId'],
  online: ['onlineUrl'],
  description: ['description'],
  categories: ['categories'],
  organizer: ['organizer', 'organizerId'],
  links: ['organizer', 'organizerId'],
  capacity: ['capacity'],
  photo: ['photoFileId'],
  repeat: [],
};

/** The fields one answer changes: set when the draft has them, unset when it no longer does. */
function changeFromDraft(e: EventRecord, draft: EventDraft, step: Step): { set: Partial<EventRecord>; unset: (keyof EventRecord)[] } {
  const single: EventDraft & { title: string; start: string } = { ...draft, title: draft.title ?? e.title, start: draft.start ?? e.startAt.toISOString() };
  delete single.repeat;
  const base: Partial<EventRecord> = draftToEvents(single, e.createdBy)[0] ?? {};
  const set: Partial<EventRecord> = {};
  const unset: (keyof EventRecord)[] = [];
  const take = <K extends keyof EventRecord>(k: K) => {
    if (base[k] !== undefined) set[k] = base[k];
    else if (e[k] !== undefined) unset.push(k);
  };
  FIELDS_OF[step].forEach(take);
  return { set, unset };
}

/**
 * Applies a change to one event (only while it is draft, published or postponed), raises its
 * sequence when members can see it, and tells the delivery engine.
 */
async function applyChange(
  ctx: BotContext,
  e: EventRecord,
  change: { set: Partial<EventRecord>; unset?: (keyof EventRecord)[] },
  kind: EventChangeKind,
  allowed: readonly EventStatus[] = LIVE_STATUSES,
): Promise<EventRecord | undefined> {
  const visible = ACTIVE.includes(e.status);
  const set = { ...change.set };
  // Moving or cancelling one occurrence detaches it from its series.
  if (e.series && (kind === 'time' || kind === 'postponed' || kind === 'cancelled')) set.series = { ...e.series, detached: true };
  const updated = await ctx.deps.dal.events.update(e._id, { set, unset: change.unset ?? [] }, { allowed, bump: visible });
  if (!updated) {
    await ctx.reply(ctx.t('myevents.notChangeable'));
    return undefined;
  }
  if (visible && ('capacity' in change.set || change.unset?.includes('capacity'))) {
    // More places (or no limit any more): waiting members move up, first come first served, and are told.
    const promoted = await ctx.deps.dal.rsvps.promoteWaitlist(updated._id, ctx.deps.now());
    for (const p of promoted) {
      await ctx.deps.scheduler.notifyUser(p.userId, 'rsvp.promoted', { title: updated.title }, updated._id);
    }
  }
  if (visible) await ctx.deps.scheduler.eventChanged(updated._id, kind);
  return updated;
}

async function askField(ctx: BotContext, e: EventRecord, step: Step, prefix?: string, categories?: string[]): Promise<void> {
  const id = e._id.toHexString();
  setDialog(ctx, 'evedit', step, { eventId: id, ...(categories ? { categories } : {}) });
  const draft = { ...draftFromEvent(e), ...(categories ? { categories } : {}) };
  const q = await buildQuestion(ctx, step, draft, {
    data: (a, v) => manageQuestionCallback.encode({ a, v: v ?? '-' }),
    back: false,
    skip: OPTIONAL_STEPS.has(step),
    skipLabel: 'newevent.button.clear',
  });
  const hint = step === 'venue' ? `\n${ctx.t('myevents.venueHint')}` : '';
  await ctx.reply(`${prefix ? `${prefix}\n\n` : ''}${ctx.t('myevents.editing', { title: e.title })}\n${q.text}${hint}`, {
    parse_mode: 'HTML',
    reply_markup: q.reply_markup,
  });
}

async function askPostpone(ctx: BotContext, e: EventRecord, prefix?: string): Promise<void> {
  setDialog(ctx, 'evpostpone', 'when', { eventId: e._id.toHexString() });
  const cancel = { text: ctx.t('newevent.button.cancel'), callback_data: manageQuestionCallback.encode({ a: 'x', v: '-' }) };
  await ctx.reply(`${prefix ? `${prefix}\n\n` : ''}${ctx.t('myevents.askPostpone', { title: e.title, zone: zoneWithId(e.timezone, ctx.locale) })}`, {
    parse_mode: 'HTML',
    reply_markup: { inline_keyboard: [[cancel]] },
  });
}

async function askCancel(ctx: BotContext, e: EventRecord, prefix?: string): Promise<void> {
  setDialog(ctx, 'evcancel', 'reason', { eventId: e._id.toHexString() });
  await ctx.reply(`${prefix ? `${prefix}\n\n` : ''}${ctx.t('myevents.askCancel', { title: e.title })}`, {
    parse_mode: 'HTML',
    reply_markup: {
      inline_keyboard: [
        [{ text: ctx.t('myevents.button.cancelNoReason'), callback_data: manageQuestionCallback.encode({ a: 'sk', v: '-' }) }],
        [{ text: ctx.t('myevents.button.keep'), callback_data: manageQuestionCallback.encode({ a: 'x', v: '-' }) }],
      ],
    },
  });
}

async function cancelEvent(ctx: BotContext, e: EventRecord, reason: string | undefined): Promise<void> {
  const updated = await applyChange(
    ctx,
    e,
    { set: { status: 'cancelled', ...(reason ? { cancelReason: reason } : {}) }, ...(reason ? {} : { unset: ['cancelReason'] }) },
    'cancelled',
    ACTIVE,
  );
  delete ctx.session.dialog;
  if (!updated) return;
  await ctx.reply(ctx.t('myevents.cancelledDone'));
  await showManage(ctx, updated);
}

async function saveEdit(ctx: BotContext, e: EventRecord, step: Step, res: DraftResult): Promise<void> {
  if (!res.ok) {
    await askField(ctx, e, step, `⚠️ ${ctx.t(res.error.key, res.error.vars)}${readingLines(res.choices ?? [], ctx.locale, chosenCalendar(ctx.user))}`);
    return;
  }
  const change = changeFromDraft(e, res.draft, step);
  const updated = await applyChange(ctx, e, change, kindOf(step));
  delete ctx.session.dialog;
  if (!updated) return;
  // A detail of a series (not its time) changes this occurrence and the ones after it.
  let others = 0;
  if (e.series && kindOf(step) !== 'time') {
    const now = ctx.deps.now();
    const following = (await ctx.deps.dal.events.listSeries(e.series.seriesId)).filter(
      (o) => !o._id.equals(e._id) && (o.series?.index ?? 0) > (e.series?.index ?? 0) && LIVE_STATUSES.includes(o.status) && o.endAt > now,
    );
    for (const o of following) {
      const visible = ACTIVE.includes(o.status);
      const u = await ctx.deps.dal.events.update(o._id, change, { allowed: LIVE_STATUSES, bump: visible });
      if (!u) continue;
      others += 1;
      if (visible) await ctx.deps.scheduler.eventChanged(u._id, kindOf(step));
    }
  }
  await ctx.reply(others > 0 ? ctx.t('myevents.savedSeries', { n: others + 1 }) : ctx.t('myevents.saved'));
  await showManage(ctx, updated);
}

myEventsFeature.action(anyWithPrefix(myEventsCallback), async (ctx) => {
  const data = myEventsCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  if (data.a === 'pg') {
    if (!/^\d{1,4}$/.test(data.id)) return refuseBadButton(ctx);
    await ctx.answerCbQuery();
    await showList(ctx, Number(data.id));
    return;
  }
  const e = await loadManagedEvent(ctx, data.id);
  if (!e) return;
  const { dal, scheduler } = ctx.deps;
  const now = ctx.deps.now();
  switch (data.a) {
    case 'op':
      await ctx.answerCbQuery();
      await showManage(ctx, e);
      return;
    case 'ed': {
      if (!LIVE_STATUSES.includes(e.status)) break;
      await ctx.answerCbQuery();
      const rows: InlineKeyboardButton[][] = [];
      const buttons = EDITABLE.map((f) => ({ text: ctx.t(`newevent.field.${f}`), callback_data: editFieldCallback.encode({ id: data.id, f }) }));
      for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
      await ctx.reply(ctx.t('myevents.editWhich', { title: e.title }), { parse_mode: 'HTML', reply_markup: { inline_keyboard: rows } });
      return;
    }
    case 'pp':
      if (!ACTIVE.includes(e.status)) break;
      await ctx.answerCbQuery();
      await askPostpone(ctx, e);
      return;
    case 'cn':
      if (!ACTIVE.includes(e.status)) break;
      await ctx.answerCbQuery();
      await askCancel(ctx, e);
      return;
    case 'cs':
    case 'cy': {
      if (!e.series) break;
      const upcoming = (await dal.events.listSeries(e.series.seriesId)).filter(
        (o) => ACTIVE.includes(o.status) && o.endAt.getTime() > now.getTime(),
      );
      await ctx.answerCbQuery();
      if (data.a === 'cs') {
        await ctx.reply(ctx.t('myevents.confirmCancelSeries', { n: upcoming.length, title: e.title }), {
          parse_mode: 'HTML',
          reply_markup: {
            inline_keyboard: [
              [{ text: ctx.t('myevents.button.confirmCancelSeries'), callback_data: myEventsCallback.encode({ a: 'cy', id: data.id }) }],
              [{ text: ctx.t('myevents.button.keep'), callback_data: myEventsCallback.encode({ a: 'op', id: data.id }) }],
            ],
          },
        });
        return;
      }
      let done = 0;
      for (const o of upcoming) {
        const u = await dal.events.update(o._id, { set: { status: 'cancelled' } }, { allowed: ACTIVE, bump: true });
        if (u) {
          done += 1;
          await scheduler.eventChanged(u._id, 'cancelled');
        }
      }
      await ctx.reply(ctx.t('myevents.seriesCancelled', { n: done }));
      return;
    }
    case 'du': {
      const copy = draftToEvents({ ...draftFromEvent(e), title: e.title, start: e.startAt.toISOString() }, ctx.from.id)[0];
      if (!copy) break;
      const created = await dal.events.create({ ...copy, status: 'draft' });
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('myevents.duplicated'));
      await showManage(ctx, created);
      return;
    }
    case 'dl': {
      if (e.status !== 'draft') {
        await ctx.answerCbQuery(ctx.t('myevents.onlyDrafts'), { show_alert: true });
        return;
      }
      const deleted = await dal.events.deleteDraft(e._id);
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t(deleted ? 'myevents.deleted' : 'myevents.notChangeable'));
      return;
    }
    case 'pb': {
      if (e.status !== 'draft') break;
      const targets = e.series ? (await dal.events.listSeries(e.series.seriesId)).filter((o) => o.status === 'draft') : [e];
      let first: EventRecord | undefined;
      for (const t of targets) {
        const p = await dal.events.publish(t._id, now);
        if (p) {
          first ??= p;
          await scheduler.eventPublished(p._id);
        }
      }
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('newevent.published', { n: targets.length }));
      if (first) await showManage(ctx, first);
      return;
    }
  }
  await ctx.answerCbQuery(ctx.t('myevents.notChangeable'), { show_alert: true });
});

myEventsFeature.action(anyWithPrefix(editFieldCallback), async (ctx) => {
  const data = editFieldCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !isStep(data.f) || !EDITABLE.includes(data.f)) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  const e = await loadManagedEvent(ctx, data.id);
  if (!e) return;
  if (!LIVE_STATUSES.includes(e.status)) {
    await ctx.answerCbQuery(ctx.t('myevents.notChangeable'), { show_alert: true });
    return;
  }
  await ctx.answerCbQuery();
  await askField(ctx, e, data.f);
});

myEventsFeature.action(anyWithPrefix(manageQuestionCallback), async (ctx) => {
  const data = manageQuestionCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data) return refuseBadButton(ctx);
  if (!(await requireOrganizer(ctx))) return;
  const dialog = currentDialog(ctx);
  if (!dialog) {
    await ctx.answerCbQuery(ctx.t('newevent.stale'), { show_alert: true });
    return;
  }
  const e = await loadManagedEvent(ctx, dialog.eventId);
  if (!e) {
    delete ctx.session.dialog;
    return;
  }
  await ctx.answerCbQuery();
  if (data.a === 'x') {
    delete ctx.session.dialog;
    await ctx.reply(ctx.t('myevents.unchanged'));
    return;
  }
  if (dialog.name === 'evcancel' && data.a === 'sk') {
    await cancelEvent(ctx, e, undefined);
    return;
  }
  if (dialog.name !== 'evedit' || !isStep(dialog.step)) return refuseBadButton(ctx);
  const step = dialog.step;
  const userId = ctx.from.id;
  const draft = draftFromEvent(e);
  switch (data.a) {
    case 'sk':
      if (!OPTIONAL_STEPS.has(step)) break;
      await saveEdit(ctx, e, step, { ok: true, draft: clearField(step, draft) });
      return;
    case 'vn': {
      const venue = step === 'venue' ? await ctx.deps.dal.venues.findOwned(data.v, userId) : null;
      if (!venue) break;
      await saveEdit(ctx, e, step, { ok: true, draft: { ...draft, venue: venueSnapshot(venue), venueId: venue._id.toHexString() } });
      return;
    }
    case 'og': {
      const profile = step === 'organizer' ? await ctx.deps.dal.organizerProfiles.findOwned(data.v, userId) : null;
      if (!profile) break;
      await saveEdit(ctx, e, step, { ok: true, draft: { ...draft, organizer: organizerSnapshot(profile), organizerId: profile._id.toHexString() } });
      return;
    }
    case 'ct': {
      const category = step === 'categories' ? await ctx.deps.dal.categories.findBySlug(data.v) : null;
      if (!category || category.archived) break;
      const next = toggleCategory({ ...draft, categories: dialog.categories ?? draft.categories }, category.slug).categories;
      setDialog(ctx, 'evedit', step, { eventId: dialog.eventId, categories: next });
      const q = await buildQuestion(ctx, step, { ...draft, categories: next }, {
        data: (a, v) => manageQuestionCallback.encode({ a, v: v ?? '-' }),
        back: false,
        skip: true,
        skipLabel: 'newevent.button.clear',
      });
      await editInPlace(ctx, () => ctx.editMessageReplyMarkup(q.reply_markup));
      return;
    }
    case 'dn':
      if (step !== 'categories') break;
      await saveEdit(ctx, e, step, { ok: true, draft: { ...draft, categories: dialog.categories ?? draft.categories } });
      return;
  }
  await ctx.reply(ctx.t('events.badButton'));
});

/** Typed answers to an edit, a postponement or a cancellation reason. */
myEventsFeature.on('message', async (ctx, next) => {
  const dialog = currentDialog(ctx);
  if (!dialog) return next();
  const msg = ctx.message;
  if ('text' in msg && msg.text.startsWith('/')) return next();
  if (!(await requireOrganizer(ctx))) {
    delete ctx.session.dialog;
    return;
  }
  const e = await loadManagedEvent(ctx, dialog.eventId);
  if (!e) {
    delete ctx.session.dialog;
    return;
  }
  const now = ctx.deps.now();
  const text = 'text' in msg ? msg.text : undefined;
  if (dialog.name === 'evcancel') {
    if (text === undefined) return askCancel(ctx, e, `⚠️ ${ctx.t('newevent.error.textExpected')}`);
    const reason = validateCancelReason(text);
    if (!reason.ok) {
      const m = validationMessage(reason);
      return askCancel(ctx, e, `⚠️ ${ctx.t(m.key, { ...m.vars, max: LIMITS.cancelReason })}`);
    }
    await cancelEvent(ctx, e, reason.value);
    return;
  }
  if (dialog.name === 'evpostpone') {
    if (text === undefined) return askPostpone(ctx, e, `⚠️ ${ctx.t('newevent.error.textExpected')}`);
    const res = readWhen(draftFromEvent(e), text, { now, locale: ctx.locale });
    if (!res.ok) return askPostpone(ctx, e, `⚠️ ${ctx.t(res.error.key, res.error.vars)}${readingLines(res.choices ?? [], ctx.locale, chosenCalendar(ctx.user))}`);
    const change = changeFromDraft(e, res.draft, 'when');
    const updated = await applyChange(
      ctx,
      e,
      { set: { ...change.set, status: 'postponed' } },
      'postponed',
      ACTIVE,
    );
    delete ctx.session.dialog;
    if (!updated) return;
    await ctx.reply(ctx.t('myevents.postponedDone', { when: echoWhen({ start: updated.startAt, end: updated.endAt, allDay: updated.allDay, zone: updated.timezone }, { locale: ctx.locale, calendar: chosenCalendar(ctx.user) }, ctx.t) }));
    await showManage(ctx, updated);
    return;
  }
  if (!isStep(dialog.step)) {
    delete ctx.session.dialog;
    return next();
  }
  const step = dialog.step;
  const draft = draftFromEvent(e);
  let res: DraftResult;
  if (text !== undefined) {
    res = step === 'venue' ? readVenue(draft, text) : readField(step, draft, text, { now, categories: await ctx.deps.dal.categories.listActive(), locale: ctx.locale });
  } else if ('photo' in msg && step === 'photo') {
    const best = msg.photo[msg.photo.length - 1];
    res = best ? { ok: true, draft: { ...draft, photoFileId: best.file_id } } : { ok: false, error: { key: 'newevent.error.photoExpected' } };
  } else {
    res = { ok: false, error: { key: step === 'photo' ? 'newevent.error.photoExpected' : 'newevent.error.textExpected' } };
  }
  await saveEdit(ctx, e, step, res);
});
