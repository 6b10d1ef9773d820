// WeChat has no cards or buttons: a card becomes the core's text fallback, whose reply commands
// ("回复「同意 A1」同意") stand in for the buttons. People with a WeChat id (ids.wechaty) are
// @mentioned for real by room.say, which writes "@名字" in front and notifies them; the others keep
// a plain "@名字" line at the end.
import type { Card } from '../../src/core/outbound/index';
import { cardToText } from '../../src/core/outbound/index';

export interface WechatyText {
  /** For a room: the card without the people mentioned for real. */
  roomText: string;
  /** For one person: the whole card, mentions as plain names. */
  privateText: string;
  /** Contact ids to @mention in a room, with the name to fall back on if the contact is not found. */
  mentions: { contactId: string; name: string }[];
}

export function renderWechatyText(card: Card): WechatyText {
  const all = card.mentions ?? [];
  return {
    roomText: cardToText({ ...card, mentions: all.filter((m) => !m.userId) }),
    privateText: cardToText(card),
    mentions: all.flatMap((m) => (m.userId ? [{ contactId: m.userId, name: m.name }] : [])),
  };
}
