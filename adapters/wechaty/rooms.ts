// Rooms ↔ the organisation file's groups (platform: wechaty). A group's chatId is the room id
// (stable, "…@chatroom") or the room's topic (easier to write, but it breaks when someone renames
// the room and is ambiguous when two rooms share a name). Inbound, a room resolves to its group's
// chatId; outbound, that chatId finds the room again.
import type { Room, Wechaty } from 'wechaty';
import { RetryLaterError } from '../../src/core/outbound/index';
import type { Logger } from '../../src/logger';

export interface RoomFacts {
  id: string;
  topic: string;
}

/** The configured chatId for a room: its id if the file names it, else its topic; undefined if neither. */
export function chatIdForRoom(chatIds: readonly string[], room: RoomFacts): string | undefined {
  if (chatIds.includes(room.id)) return room.id;
  if (room.topic !== '' && chatIds.includes(room.topic)) return room.topic;
  return undefined;
}

/**
 * Finds the room to send to. A topic search reads every room's payload, so what a chatId resolved
 * to is remembered (and learnt for free from inbound messages). Wechaty's Room.find swallows
 * errors into "not found"; the puppet's roomList/roomSearch do not, so they decide whether a
 * room really is missing (never retried) or the puppet is just unreachable (retried).
 */
export class RoomDirectory {
  private readonly known = new Map<string, string>();
  /** Until the puppet says 'ready', its room list may be incomplete: "not found" is not final yet. */
  private ready = false;

  constructor(private readonly log: Logger) {}

  markReady(): void {
    this.ready = true;
  }

  /**
   * Binds a group to the room its message came from. False when the group is already bound to a
   * different room: a second room with a configured group's name must not speak for it (or, by
   * being learnt, receive its warnings).
   */
  claim(chatId: string, roomId: string): boolean {
    const bound = this.known.get(chatId);
    if (bound !== undefined && bound !== roomId) return false;
    this.known.set(chatId, roomId);
    return true;
  }

  /** The room, or undefined when the bot is in no room with that id or topic. Throws when unsure. */
  async find(bot: Wechaty, chatId: string): Promise<Room | undefined> {
    const cached = this.known.get(chatId);
    if (cached) {
      const room = await bot.Room.find({ id: cached });
      if (room) return room;
      this.known.delete(chatId); // left the room, or it was dissolved: look again
    }
    const roomId = await this.lookUp(bot, chatId);
    if (roomId === undefined && !this.ready) throw new RetryLaterError(`微信群列表尚未加载完，稍后再找「${chatId}」`, 15_000);
    if (roomId === undefined) return undefined;
    const room = await bot.Room.find({ id: roomId });
    if (!room) throw new Error(`读取微信群 ${roomId} 失败，稍后重试`);
    this.known.set(chatId, roomId);
    return room;
  }

  private async lookUp(bot: Wechaty, chatId: string): Promise<string | undefined> {
    if ((await bot.puppet.roomList()).includes(chatId)) return chatId;
    const byTopic = await bot.puppet.roomSearch({ topic: chatId });
    if (byTopic.length > 1)
      this.log.warn(
        { topic: chatId, roomIds: byTopic },
        'wechaty: several rooms share this topic; sending to the first. Write the room id in the organisation file instead',
      );
    return byTopic[0];
  }
}
