import { Schema, Types, type Connection, type Model } from 'mongoose';
import { LIMITS } from '../../domain/validate';
import type { Locale } from '../../i18n/locales';
import { countCalendarWrites } from '../write-watch';

/** The managed list of event categories (/categories). Events store the slug. */
export interface CategoryRecord {
  _id: Types.ObjectId;
  /** Lower-case ASCII, shown as the card's hashtag. */
  slug: string;
  /** The name in each language; `en` always present, others fall back to it. */
  names: Partial<Record<Locale, string>> & { en: string };
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<CategoryRecord>(
  {
    slug: { type: String, required: true, maxlength: 32 },
    names: {
      en: { type: String, required: true, maxlength: LIMITS.category },
      fa: { type: String, maxlength: LIMITS.category },
      ar: { type: String, maxlength: LIMITS.category },
      ur: { type: String, maxlength: LIMITS.category },
    },
    archived: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);

// Looking a category up by slug (callback data, the one-message form); a slug exists once.
schema.index({ slug: 1 }, { unique: true });
// The category buttons: active categories.
schema.index({ archived: 1, slug: 1 });

// The public calendar keeps its answers until one of these writes (src/dal/write-watch.ts).
countCalendarWrites(schema);

export type CategoryModel = Model<CategoryRecord>;
export const categoryModel = (conn: Connection): CategoryModel =>
  conn.model<CategoryRecord>('Category', schema, 'categories');
