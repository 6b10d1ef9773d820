// Turns the console's JSON API bodies into the core's inbound events. Console users pick who they
// are from the organisation (it is a local simulator, not an authenticated platform).
import { randomUUID } from 'node:crypto';
import type { InboundAction, InboundMessage } from '../../src/core/inbound/index';
import type { z } from 'zod';
import type { postActionBody, postMessageBody } from './types';

const BOT_MENTION = /^\s*[@＠]\S+\s*/;

export function decodeMessage(body: z.infer<typeof postMessageBody>, botName: string, senderName: string): InboundMessage {
  // The console is the bot's own console: every line is addressed to it, @mention or not.
  const text = body.text.startsWith(`@${botName}`) || body.text.startsWith(`＠${botName}`) ? body.text.replace(BOT_MENTION, '') : body.text;
  return {
    kind: 'message',
    platform: 'console',
    eventId: body.id ?? `console-${randomUUID()}`,
    chatId: body.group,
    chatType: 'group',
    sender: { platformUserId: body.member, displayName: senderName },
    text,
    addressed: true,
  };
}

export function decodeAction(body: z.infer<typeof postActionBody>, chatId: string, senderName: string): InboundAction {
  return {
    kind: 'action',
    platform: 'console',
    eventId: body.id ?? `console-${randomUUID()}`,
    chatId,
    chatType: 'group',
    sender: { platformUserId: body.member, displayName: senderName },
    action: body.action,
    value: body.value,
  };
}
