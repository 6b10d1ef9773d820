// Wechaty as a delivery target: text into a room (a group of the organisation file) or to one
// contact (`user:<contact id>`, an approver's private card). A room or contact that does not
// exist is a PermanentDeliveryError naming what to fix; not being logged in means "come back
// later"; anything else is rethrown for the drain to retry. WeChat has no idempotency key: a send
// whose answer is lost may show twice.
import type { Contact, Wechaty } from 'wechaty';
import { PermanentDeliveryError, RetryLaterError, type PlatformAdapter } from '../../src/core/outbound/index';
import { PLATFORM } from './decode';
import { renderWechatyText, type WechatyText } from './render';
import type { RoomDirectory } from './rooms';

/** Waiting for someone to scan the login QR code is not a failed attempt: try again in 30 s. */
const NOT_LOGGED_IN_RETRY_MS = 30_000;

export function wechatyAdapter(botOf: () => Wechaty | undefined, rooms: RoomDirectory): PlatformAdapter<WechatyText> {
  return {
    name: PLATFORM,
    capabilities: { cards: false, updateCards: false, urgent: false, buttons: false, directMessages: true },
    // WeChat publishes no limit; accounts that burst get restricted. A human-ish pace, well under
    // what a busy incident needs (a warning reaches a handful of rooms).
    rateLimits: [
      { op: 'send', scope: 'app', max: 40, perMs: 60_000 },
      { op: 'send', scope: 'chat', max: 20, perMs: 60_000 },
    ],
    render: renderWechatyText,
    async send(target, rendered) {
      const bot = botOf();
      if (!bot?.isLoggedIn) throw new RetryLaterError('微信号尚未登录（扫码登录后自动补发）', NOT_LOGGED_IN_RETRY_MS);
      if (target.chatId.startsWith('user:')) {
        const contact = await findContact(bot, target.chatId.slice('user:'.length));
        const sent = await contact.say(rendered.privateText);
        return { platformRef: (sent && sent.id) || `${target.chatId}:${target.idempotencyKey}` };
      }
      // A reply for one person in a room (privateTo): WeChat has no message only one member of a
      // room sees, so it goes to them directly — or, when they are no contact of the bot's account,
      // into the room after all.
      if (target.privateTo) {
        const contact = await bot.Contact.find({ id: target.privateTo });
        if (contact?.friend()) {
          const sent = await contact.say(rendered.privateText);
          return { platformRef: (sent && sent.id) || `${target.chatId}:${target.idempotencyKey}` };
        }
      }
      const room = await rooms.find(bot, target.chatId);
      if (!room) {
        throw new PermanentDeliveryError(
          `找不到微信群「${target.chatId}」：机器人不在这个群里，或群名已改。请检查组织文件 groups[].chatId（platform: wechaty，写群 id 或群名），改好后重启。`,
        );
      }
      const { contacts, unreachable } = await mentionable(bot, rendered.mentions);
      const text = unreachable.length > 0 ? `${rendered.roomText}\n${unreachable.map((n) => `@${n}`).join(' ')}` : rendered.roomText;
      const sent = await room.say(text, ...contacts);
      return { platformRef: (sent && sent.id) || `${target.chatId}:${target.idempotencyKey}` };
    },
  };
}

/** The contact, or a permanent error when the account has no such contact (Contact.find swallows errors). */
async function findContact(bot: Wechaty, contactId: string): Promise<Contact> {
  const contact = await bot.Contact.find({ id: contactId });
  if (contact) return contact;
  if (!(await bot.puppet.contactList()).includes(contactId)) {
    throw new PermanentDeliveryError(`微信联系人 ${contactId} 不存在或不是机器人账号的好友：请检查组织文件 members[].ids.wechaty。`);
  }
  throw new Error(`读取微信联系人 ${contactId} 失败，稍后重试`);
}

async function mentionable(bot: Wechaty, mentions: WechatyText['mentions']): Promise<{ contacts: Contact[]; unreachable: string[] }> {
  const contacts: Contact[] = [];
  const unreachable: string[] = [];
  for (const m of mentions) {
    const contact = await bot.Contact.find({ id: m.contactId });
    if (contact) contacts.push(contact);
    else unreachable.push(m.name);
  }
  return { contacts, unreachable };
}
