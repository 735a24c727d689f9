/**
 * /categories, for super-admins: the managed list of event categories — add (slug and a name per
 * language), rename, archive and restore. Archived categories stay on old events but are no longer
 * offered.
 */
import { Composer } from 'telegraf';
import { z } from 'zod';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { BotContext } from '../context';
import { categoryCallback, anyWithPrefix } from '../callback-data/events';
import { refuseBadButton, requireAdmin, actorOf } from '../events-ui/access';
import { renderCategoryList } from '../render/event-lists';
import { categoryCancelKeyboard, categoryListKeyboard } from '../keyboards/categories';
import { LIMITS } from '../../domain/validate';
import { editInPlace } from '../events-ui/edit';

export const categoriesFeature = new Composer<BotContext>();

const dataSchema = z.object({ slug: z.string().optional() });

async function listView(ctx: BotContext): Promise<{ text: string; reply_markup: InlineKeyboardMarkup }> {
  const all = await ctx.deps.dal.categories.listAll();
  return { text: renderCategoryList(ctx.t, all, ctx.locale), reply_markup: categoryListKeyboard(ctx.t, ctx.locale, all) };
}

async function sendList(ctx: BotContext, prefix?: string): Promise<void> {
  const view = await listView(ctx);
  await ctx.reply(prefix ? `${prefix}\n\n${view.text}` : view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup });
}

categoriesFeature.command('categories', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  await sendList(ctx);
});

const cancelRow = (ctx: BotContext): InlineKeyboardMarkup => categoryCancelKeyboard(ctx.t);

categoriesFeature.action(anyWithPrefix(categoryCallback), async (ctx) => {
  const data = categoryCallback.decode('data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined);
  if (!data || !/^(-|[a-z0-9][a-z0-9_-]{0,31})$/.test(data.s)) return refuseBadButton(ctx);
  if (!(await requireAdmin(ctx))) return;
  switch (data.a) {
    case 'x':
      delete ctx.session.dialog;
      await ctx.answerCbQuery();
      await ctx.reply(ctx.t('categories.unchanged'));
      return;
    case 'ad':
      await ctx.answerCbQuery();
      ctx.session.dialog = { name: 'catadd', step: 'names', data: {}, startedAt: ctx.deps.now().toISOString() };
      await ctx.reply(ctx.t('categories.askAdd', { max: LIMITS.category }), { parse_mode: 'HTML', reply_markup: cancelRow(ctx) });
      return;
    case 'rn': {
      const c = await ctx.deps.dal.categories.findBySlug(data.s);
      if (!c) break;
      await ctx.answerCbQuery();
      ctx.session.dialog = { name: 'catren', step: 'names', data: { slug: c.slug }, startedAt: ctx.deps.now().toISOString() };
      await ctx.reply(ctx.t('categories.askRename', { slug: c.slug, max: LIMITS.category }), { parse_mode: 'HTML', reply_markup: cancelRow(ctx) });
      return;
    }
    case 'ar':
    case 'rs': {
      const res = await ctx.deps.app.categories.setArchived(actorOf(ctx), data.s, data.a === 'ar');
      if (!res.ok) break;
      const c = res.value;
      await ctx.answerCbQuery(ctx.t(data.a === 'ar' ? 'categories.archived' : 'categories.restored', { tag: `#${c.slug}` }));
      const view = await listView(ctx);
      await editInPlace(ctx, () => ctx.editMessageText(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup }));
      return;
    }
    default:
      return refuseBadButton(ctx);
  }
  await ctx.answerCbQuery(ctx.t('categories.gone'), { show_alert: true });
});

categoriesFeature.on('message', async (ctx, next) => {
  const d = ctx.session.dialog;
  if (!d || (d.name !== 'catadd' && d.name !== 'catren')) return next();
  const msg = ctx.message;
  if (!('text' in msg) || msg.text.startsWith('/')) return next();
  if (!(await requireAdmin(ctx))) {
    delete ctx.session.dialog;
    return;
  }
  if (d.name === 'catadd') {
    const added = await ctx.deps.app.categories.add(actorOf(ctx), msg.text);
    if (!added.ok) {
      const why = added.reason === 'invalid' ? ctx.t(added.error.key, added.error.vars) : ctx.t('categories.gone');
      await ctx.reply(`⚠️ ${why}\n\n${ctx.t('categories.askAdd', { max: LIMITS.category })}`, {
        parse_mode: 'HTML',
        reply_markup: cancelRow(ctx),
      });
      return;
    }
    delete ctx.session.dialog;
    await sendList(ctx, ctx.t('categories.added', { tag: `#${added.value.slug}` }));
    return;
  }
  const parsed = dataSchema.safeParse(d.data);
  const slug = parsed.success ? parsed.data.slug : undefined;
  if (!slug) {
    delete ctx.session.dialog;
    await ctx.reply(ctx.t('categories.gone'));
    return;
  }
  const renamed = await ctx.deps.app.categories.rename(actorOf(ctx), slug, msg.text);
  if (!renamed.ok && renamed.reason === 'invalid') {
    await ctx.reply(`⚠️ ${ctx.t(renamed.error.key, renamed.error.vars)}\n\n${ctx.t('categories.askRename', { slug, max: LIMITS.category })}`, {
      parse_mode: 'HTML',
      reply_markup: cancelRow(ctx),
    });
    return;
  }
  delete ctx.session.dialog;
  if (!renamed.ok) {
    await ctx.reply(ctx.t('categories.gone'));
    return;
  }
  await sendList(ctx, ctx.t('categories.renamed', { tag: `#${slug}` }));
});
