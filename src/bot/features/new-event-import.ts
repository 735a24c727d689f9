/**
 * /newevent from where the event already is: `/newevent <link>`, a link sent as the answer to the
 * dialogue's first question, or an .ics file sent as a document (in the dialogue, with /newevent as
 * its caption, or simply sent by an organizer). The page or file is read by the application layer
 * (`app.imports`); what it filled opens the usual /newevent preview (new-event.ts,
 * `openFilledDraft`), which asks only for what is still missing.
 *
 * Reading a page can take up to IMPORT_TIMEOUT_SECONDS, so it is not done inside the update: the bot
 * answers "reading…" at once, marks the chat's session as importing (a token), and finishes after
 * the update (src/bot/background.ts). Meanwhile a message gets "still reading"; /cancel (or a new
 * /newevent) drops the import, whose result then finds another token and is thrown away.
 */
import { Composer, TelegramError } from 'telegraf';
import type { Document } from 'telegraf/types';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BotContext } from '../context';
import { actorOf, renderRefusal, requireOrganizer, requirePrivate } from '../events-ui/access';
import { openFilledDraft } from './new-event';
import { checkFetchUrl } from '../../import/fetch';
import { fetchFailureMessage, type Message } from '../../import/messages';
import { decodeBody } from '../../import/decode';
import type { ImportedDraft, ImportedImage } from '../../application/imports';
import type { Outcome } from '../../application/outcome';
import type { Step } from '../../domain/event-draft';
import { renderImportSummary } from '../render/import-summary';
import { downloadSentFile } from '../telegram-files';
import { telegramLength } from '../../domain/validate';

/** Telegram's caption limit; counted here on the HTML, which is never shorter than the text Telegram counts. */
const CAPTION_LIMIT = 1024;

/** The session's dialogue while a page or file is being read. */
const IMPORTING = 'nvimport';
const importingSchema = z.object({ token: z.string() });

export const newEventImportFeature = new Composer<BotContext>();

/** A message that is one link and nothing else (any scheme: an unsupported one gets its own answer). */
export function loneLink(text: string): string | undefined {
  const t = text.trim();
  return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(t) ? t : undefined;
}

/** An iCalendar file, by its name or type. */
export function isCalendarDocument(doc: Pick<Document, 'file_name' | 'mime_type'>): boolean {
  return /\.(ics|ical|ifb|icalendar)$/i.test(doc.file_name ?? '') || /^(text\/calendar|application\/ics)\b/i.test(doc.mime_type ?? '');
}

function zoneOf(ctx: BotContext): string {
  return ctx.user?.timezone ?? ctx.deps.config.defaultTimezone;
}

function importingToken(ctx: BotContext): string | undefined {
  const d = ctx.session.dialog;
  if (d?.name !== IMPORTING) return undefined;
  const parsed = importingSchema.safeParse(d.data);
  return parsed.success ? parsed.data.token : undefined;
}

/** An import marked in the session but older than any import can take: the process that ran it is gone. */
function importingIsStale(ctx: BotContext): boolean {
  const d = ctx.session.dialog;
  if (d?.name !== IMPORTING) return false;
  const started = Date.parse(d.startedAt);
  return !Number.isFinite(started) || ctx.deps.now().getTime() - started > ctx.deps.config.import.timeoutMs + 60_000;
}

function markImporting(ctx: BotContext): string {
  const token = randomUUID();
  ctx.session.dialog = { name: IMPORTING, step: 'reading', data: { token }, startedAt: ctx.deps.now().toISOString() };
  return token;
}

interface Finished {
  outcome: Outcome<ImportedDraft>;
  image?: ImportedImage;
}

/** The fields a draft still needs before it can be previewed. */
function missingOf(outcome: ImportedDraft): Step[] {
  const missing: Step[] = [];
  if (!outcome.draft.title) missing.push('title');
  if (!outcome.draft.start) missing.push('when');
  return missing;
}

/** Why the import failed, and what to do instead. */
function failureText(ctx: BotContext, m: Message): string {
  return `⚠️ ${ctx.t(m.key, m.vars)}\n${ctx.t('import.chat.tryAgain')}`;
}

/** After the page or file was read: the summary (with the picture, when there is one), then the preview or the first question. */
async function finish(ctx: BotContext, token: string, source: 'page' | 'file', res: Finished): Promise<void> {
  if (importingToken(ctx) !== token) {
    ctx.log.info('import finished after it was cancelled or replaced; dropped');
    return;
  }
  delete ctx.session.dialog;
  const { outcome } = res;
  if (!outcome.ok) {
    if (outcome.reason === 'invalid') await ctx.reply(failureText(ctx, { key: outcome.error.key, vars: outcome.error.vars ?? {} }));
    else await renderRefusal(ctx, outcome);
    return;
  }
  const imported = outcome.value;
  const draft = { ...imported.draft };
  const notes = [...imported.notes];
  const filled = [...imported.filled];
  const summary = (withPhoto: boolean) =>
    renderImportSummary({ source, filled: withPhoto ? [...filled, 'photo'] : filled, missing: missingOf(imported), notes }, ctx.t, ctx.locale);
  let shown = false;
  if (res.image) {
    try {
      // Uploaded (not sent as a link for Telegram to fetch): the bytes were read with the import's
      // own checks, and the card keeps Telegram's file id like a photo an organizer sends.
      const caption = summary(true);
      const fits = telegramLength(caption) <= CAPTION_LIMIT;
      const sent = await ctx.replyWithPhoto(
        { source: res.image.bytes, filename: `event.${res.image.extension}` },
        fits ? { caption, parse_mode: 'HTML' } : {},
      );
      const best = sent.photo[sent.photo.length - 1];
      if (best) draft.photoFileId = best.file_id;
      if (!fits) await ctx.reply(caption, { parse_mode: 'HTML' });
      shown = true;
    } catch (err) {
      // Telegram refused the picture (400: dimensions, a broken file): go on without it.
      if (!(err instanceof TelegramError) || err.code !== 400) throw err;
      ctx.log.info({ code: err.code }, 'import: the picture was refused');
      notes.push({ key: 'import.note.pictureUnusable', vars: {} });
    }
  } else if (imported.imageUrl) {
    notes.push({ key: 'import.note.pictureUnusable', vars: {} });
  }
  if (!shown) await ctx.reply(summary(false), { parse_mode: 'HTML' });
  await openFilledDraft(ctx, draft);
}

async function startLinkImport(ctx: BotContext, url: string): Promise<void> {
  const checked = checkFetchUrl(url);
  if (!checked.ok) {
    await ctx.reply(failureText(ctx, fetchFailureMessage({ ok: false, kind: checked.kind, url })));
    return;
  }
  const token = markImporting(ctx);
  const actor = actorOf(ctx);
  const zone = zoneOf(ctx);
  await ctx.reply(ctx.t('import.chat.readingPage'));
  const { imports } = ctx.deps.app;
  ctx.background.later(
    ctx,
    async (signal): Promise<Finished> => {
      const outcome = await imports.fromLink(actor, { url, zone, signal });
      const imageUrl = outcome.ok ? outcome.value.imageUrl : undefined;
      const image = imageUrl ? await imports.image(imageUrl, signal) : undefined;
      return { outcome, ...(image ? { image } : {}) };
    },
    (c, res) => finish(c, token, 'page', res),
  );
}

async function startFileImport(ctx: BotContext, doc: Document): Promise<void> {
  const token = markImporting(ctx);
  const actor = actorOf(ctx);
  const zone = zoneOf(ctx);
  const limits = ctx.deps.config.import;
  await ctx.reply(ctx.t('import.chat.readingFile'));
  const { imports } = ctx.deps.app;
  ctx.background.later(
    ctx,
    async (signal): Promise<Finished> => {
      const file = await downloadSentFile(ctx, doc, { maxBytes: limits.maxBytes, timeoutMs: limits.timeoutMs, signal });
      if (!file.ok) {
        const key = file.kind === 'too_large' ? 'import.fetch.too_large' : 'import.problem.unreadable';
        const vars: Record<string, number> = file.kind === 'too_large' ? { max: Math.max(1, Math.round(file.maxBytes / (1024 * 1024))) } : {};
        return { outcome: { ok: false, reason: 'invalid', error: { key, vars } } };
      }
      const outcome = await imports.fromCalendarFile(actor, { text: decodeBody(file.body, doc.mime_type), zone });
      const imageUrl = outcome.ok ? outcome.value.imageUrl : undefined;
      const image = imageUrl ? await imports.image(imageUrl, signal) : undefined;
      return { outcome, ...(image ? { image } : {}) };
    },
    (c, res) => finish(c, token, 'file', res),
  );
}

newEventImportFeature.command('newevent', async (ctx, next) => {
  const body = ctx.message.text.replace(/^\/newevent(@\w+)?\s*/i, '');
  const url = loneLink(body);
  if (!url) return next();
  if (!(await requireOrganizer(ctx)) || !(await requirePrivate(ctx))) return;
  await startLinkImport(ctx, url);
});

newEventImportFeature.command('cancel', async (ctx, next) => {
  if (ctx.session.dialog?.name !== IMPORTING) return next();
  delete ctx.session.dialog;
  await ctx.reply(ctx.t('newevent.cancelled'));
});

newEventImportFeature.on('message', async (ctx, next) => {
  const msg = ctx.message;
  const dialog = ctx.session.dialog;
  if (dialog?.name === IMPORTING) {
    if ('text' in msg && msg.text.startsWith('/')) return next();
    if (importingIsStale(ctx)) {
      delete ctx.session.dialog;
      await ctx.reply(ctx.t('import.chat.lost'));
      return;
    }
    await ctx.reply(ctx.t('import.chat.stillReading'));
    return;
  }
  // A link as the answer to the dialogue's first question (the title).
  if (dialog?.name === 'newevent' && dialog.step === 'title' && 'text' in msg) {
    const url = loneLink(msg.text);
    if (!url) return next();
    if (!(await requireOrganizer(ctx))) {
      delete ctx.session.dialog;
      return;
    }
    await startLinkImport(ctx, url);
    return;
  }
  if (!('document' in msg) || !isCalendarDocument(msg.document)) return next();
  // Another dialogue's document (none take one today) is theirs.
  if (dialog && dialog.name !== 'newevent') return next();
  const asked = dialog !== undefined || /^\/newevent(@\w+)?(\s|$)/i.test(msg.caption ?? '');
  if (!asked) {
    // A calendar file sent out of the blue: organizers get it imported; anyone else the usual pointer to /help.
    const allowed = await ctx.deps.app.events.mayCreate(actorOf(ctx));
    if (!allowed.ok || ctx.chat.type !== 'private') return next();
  } else if (!(await requireOrganizer(ctx)) || !(await requirePrivate(ctx))) return;
  await startFileImport(ctx, msg.document);
});
