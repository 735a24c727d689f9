/**
 * INTERIM: the delivery helper replaces this with the real planner (jobs in MongoDB). Until then
 * every call fails loudly rather than pretending to have planned anything.
 */
import type { Types } from 'mongoose';
import type { Scheduler, EventChangeKind } from './ports';
import type { Dal } from '../dal';

export class Planner implements Scheduler {
  constructor(private readonly deps: { dal: Dal; now: () => Date }) {}
  private notYet(): never {
    void this.deps;
    throw new Error('delivery planner not implemented yet');
  }
  eventPublished(_eventId: Types.ObjectId, _opts?: { announceAt?: Date }): Promise<void> { return this.notYet(); }
  eventChanged(_eventId: Types.ObjectId, _kind: EventChangeKind): Promise<void> { return this.notYet(); }
  refreshCards(_eventId: Types.ObjectId): Promise<void> { return this.notYet(); }
  notifyUser(_userId: number, _key: string, _vars: Record<string, string | number>): Promise<void> { return this.notYet(); }
  reminderPreferencesChanged(): Promise<void> { return this.notYet(); }
  recordPostedCard(_eventId: Types.ObjectId, _chatId: number, _messageId: number, _locale: string): Promise<void> { return this.notYet(); }
}
