import type { ChatAdmin, ChatAdminModel } from './chat-admin.model';

export type AdminSeen = Pick<ChatAdmin, 'userId' | 'status' | 'canPostMessages' | 'canChangeInfo'>;

const idOf = (chatId: number, userId: number) => `${chatId}:${userId}`;

export class ChatAdminRepository {
  constructor(private readonly model: ChatAdminModel) {}

  /** This person administers the chat (or no longer does: `seen` undefined). Keeps `since`. */
  async record(chatId: number, userId: number, seen: Omit<AdminSeen, 'userId'> | undefined, now: Date): Promise<void> {
    const _id = idOf(chatId, userId);
    if (!seen) {
      await this.model.deleteOne({ _id }).exec();
      return;
    }
    await this.model
      .updateOne(
        { _id },
        { $set: { chatId, userId, status: seen.status, canPostMessages: seen.canPostMessages, canChangeInfo: seen.canChangeInfo, updatedAt: now }, $setOnInsert: { since: now } },
        { upsert: true },
      )
      .exec();
  }

  /** The chat's admins are exactly `admins` (getChatAdministrators): others' records go. */
  async replaceForChat(chatId: number, admins: AdminSeen[], now: Date): Promise<void> {
    for (const a of admins) await this.record(chatId, a.userId, a, now);
    await this.model.deleteMany({ chatId, userId: { $nin: admins.map((a) => a.userId) } }).exec();
  }

  find(chatId: number, userId: number): Promise<ChatAdmin | null> {
    return this.model.findById(idOf(chatId, userId)).lean<ChatAdmin>().exec();
  }

  /** A page of the chats this person administers, newest first, and how many there are. */
  async chatsOf(userId: number, page: number, perPage: number): Promise<{ chatIds: number[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.model.find({ userId }).sort({ since: -1, chatId: 1 }).skip(page * perPage).limit(perPage).select({ chatId: 1 }).lean<Array<Pick<ChatAdmin, 'chatId'>>>().exec(),
      this.model.countDocuments({ userId }).exec(),
    ]);
    return { chatIds: rows.map((r) => r.chatId), total };
  }

  /** A chat moved to a new id (a group became a supergroup): its admins with it. */
  async moveChat(oldId: number, newId: number, now: Date): Promise<void> {
    const rows = await this.model.find({ chatId: oldId }).lean<ChatAdmin[]>().exec();
    for (const r of rows) await this.record(newId, r.userId, r, now);
    await this.model.deleteMany({ chatId: oldId }).exec();
  }
}
