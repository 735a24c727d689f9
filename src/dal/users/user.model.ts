import { Schema, type Connection, type Model } from 'mongoose';
import type { Locale } from '../../i18n/locales';
import type { CalendarSystem } from '../../domain/time';

/** A person who has talked to the bot. `_id` is their Telegram user id. */
export interface User {
  _id: number;
  firstName: string;
  username?: string;
  /** Chosen in /settings; until then the Telegram language_code decides. */
  locale?: Locale;
  /** IANA zone; until chosen the bot's DEFAULT_TIMEZONE applies. */
  timezone?: string;
  /**
   * The calendar chosen in /settings; absent means the language's default (date-format.ts). Read it
   * through chosenCalendar: members stored before per-language defaults all carry 'gregorian'.
   */
  calendar?: CalendarSystem;
  /** Set when the member picks a calendar, so a picked 'gregorian' differs from the old default. */
  calendarChosen?: boolean;
  /** Minutes before an event at which this member wants reminders. */
  reminderOffsets: number[];
  /** Organizers may create events; super-admins come from BOT_ADMINS, not from here. */
  isOrganizer: boolean;
  /** True once they have opened a private chat with the bot (so it may message them). */
  privateChatStarted: boolean;
  /** False after Telegram said 403 (blocked, deactivated): nothing more is sent to them. */
  reachable: boolean;
  /** When they finished /start onboarding (language, time zone); absent for a new member. */
  onboardedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const DEFAULT_REMINDER_OFFSETS = [24 * 60, 60];

/**
 * The calendar a member chose, or undefined for their language's default. Until calendars had
 * per-language defaults, the schema stored 'gregorian' for everyone, so a stored 'gregorian' counts
 * only when the member picked it since (calendarChosen); Hijri and Solar Hijri were always picked.
 */
export function chosenCalendar(u: Pick<User, 'calendar' | 'calendarChosen'> | null | undefined): CalendarSystem | undefined {
  const c = u?.calendar;
  if (c !== 'gregorian' && c !== 'islamic' && c !== 'persian') return undefined;
  return c === 'gregorian' && !u?.calendarChosen ? undefined : c;
}

const schema = new Schema<User>(
  {
    _id: { type: Number, required: true },
    firstName: { type: String, required: true, maxlength: 256 },
    username: { type: String, maxlength: 64 },
    locale: { type: String },
    timezone: { type: String },
    calendar: { type: String, enum: ['gregorian', 'islamic', 'persian'] },
    calendarChosen: Boolean,
    reminderOffsets: { type: [Number], default: () => [...DEFAULT_REMINDER_OFFSETS] },
    isOrganizer: { type: Boolean, default: false },
    privateChatStarted: { type: Boolean, default: false },
    reachable: { type: Boolean, default: true },
    onboardedAt: Date,
  },
  { timestamps: true, versionKey: false },
);

// /organizers lists organizers.
schema.index({ isOrganizer: 1 });

export type UserModel = Model<User>;
export const userModel = (conn: Connection): UserModel => conn.model<User>('User', schema, 'users');
