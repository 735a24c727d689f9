/**
 * The managed list of event categories (/categories): add, rename, archive and restore. Only a
 * super-admin (BOT_ADMINS), or the system, may; the names are read and validated here, so every
 * front door gets the same rules.
 */
import type { Dal } from '../dal';
import { LIMITS } from '../domain/validate';
import { parseCategoryInput, parseCategoryNames } from '../domain/categories';
import { canAdminister } from '../domain/permissions';
import type { Actor } from './actor';
import { done, invalid, refuse, type Outcome } from './outcome';
import type { CategoryRecord } from '../dal/types';

export interface CategoryOperationsDeps {
  dal: Pick<Dal, 'categories'>;
  botAdmins: readonly number[];
}

export class CategoryOperations {
  constructor(private readonly deps: CategoryOperationsDeps) {}

  private mayAdminister(actor: Actor): boolean {
    return actor.kind === 'system' || canAdminister({ id: actor.id, isOrganizer: false }, this.deps.botAdmins).ok;
  }

  /** From "slug en-name | fa-name …" as the admin types it; an existing slug is invalid. */
  async add(actor: Actor, text: string): Promise<Outcome<CategoryRecord>> {
    if (!this.mayAdminister(actor)) return refuse('not_admin');
    const res = parseCategoryInput(text);
    if (!res.ok) return invalid({ key: `categories.error.${res.error}`, vars: { max: LIMITS.category } });
    const added = await this.deps.dal.categories.add(res.slug, res.names);
    if (!added.ok) return invalid({ key: 'categories.error.exists', vars: { tag: `#${res.slug}` } });
    return done(added.category);
  }

  /** New names for a category (its slug stays: events and subscriptions name it). */
  async rename(actor: Actor, slug: string, text: string): Promise<Outcome<CategoryRecord>> {
    if (!this.mayAdminister(actor)) return refuse('not_admin');
    const res = parseCategoryNames(text);
    if (!res.ok) return invalid({ key: `categories.error.${res.error}`, vars: { max: LIMITS.category } });
    const renamed = await this.deps.dal.categories.rename(slug, res.names);
    return renamed ? done(renamed) : refuse('gone');
  }

  /** Archived categories are offered no more; events keep them. */
  async setArchived(actor: Actor, slug: string, archived: boolean): Promise<Outcome<CategoryRecord>> {
    if (!this.mayAdminister(actor)) return refuse('not_admin');
    const c = await this.deps.dal.categories.setArchived(slug, archived);
    return c ? done(c) : refuse('gone');
  }
}
