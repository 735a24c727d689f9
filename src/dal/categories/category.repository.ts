import type { Locale } from '../../i18n/locales';
import type { CategoryModel, CategoryRecord } from './category.model';
import { isDuplicateKey } from '../write-errors';

export type CategoryNames = CategoryRecord['names'];

export class CategoryRepository {
  constructor(private readonly model: CategoryModel) {}

  /** Adds a category; 'exists' when the slug is taken (the unique index decides, not a prior read). */
  async add(slug: string, names: CategoryNames): Promise<{ ok: true; category: CategoryRecord } | { ok: false; reason: 'exists' }> {
    try {
      const doc = await this.model.create({ slug, names, archived: false });
      return { ok: true, category: doc.toObject() };
    } catch (err) {
      if (isDuplicateKey(err)) return { ok: false, reason: 'exists' };
      throw err;
    }
  }

  rename(slug: string, names: CategoryNames): Promise<CategoryRecord | null> {
    return this.model.findOneAndUpdate({ slug }, { $set: { names } }, { new: true }).lean<CategoryRecord>().exec();
  }

  setArchived(slug: string, archived: boolean): Promise<CategoryRecord | null> {
    return this.model.findOneAndUpdate({ slug }, { $set: { archived } }, { new: true }).lean<CategoryRecord>().exec();
  }

  findBySlug(slug: string): Promise<CategoryRecord | null> {
    return this.model.findOne({ slug }).lean<CategoryRecord>().exec();
  }

  listActive(): Promise<CategoryRecord[]> {
    return this.model.find({ archived: false }).sort({ slug: 1 }).lean<CategoryRecord[]>().exec();
  }

  listAll(): Promise<CategoryRecord[]> {
    return this.model.find({}).sort({ archived: 1, slug: 1 }).lean<CategoryRecord[]>().exec();
  }
}

export function categoryName(c: Pick<CategoryRecord, 'names'>, locale: Locale): string {
  return c.names[locale] ?? c.names.en;
}
