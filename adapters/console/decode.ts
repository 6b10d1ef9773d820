// Turns the console's JSON API bodies into the core's inbound events. The sender is the person
// signed in to the workspace (their console identity), never a field of the body.
import { randomUUID } from 'node:crypto';
import type { InboundAction, InboundMessage } from '../../src/core/inbound/index';
import type { z } from 'zod';
import type { WebVisitor } from '../platform';
import type { postActionBody, postMessageBody } from './types';

const BOT_MENTION = /^\s*[@＠]\S+\s*/;

export function decodeMessage(body: z.infer<typeof postMessageBody>, botName: string, sender: WebVisitor): InboundMessage {
  // The console is the bot's own console: every line is addressed to it, @mention or not.
  const text = body.text.startsWith(`@${botName}`) || body.text.startsWith(`＠${botName}`) ? body.text.replace(BOT_MENTION, '') : body.text;
  return {
    kind: 'message',
    platform: 'console',
    eventId: body.id ?? `console-${randomUUID()}`,
    chatId: body.group,
    chatType: 'group',
    sender: { platformUserId: sender.consoleId, displayName: sender.name },
    text,
    addressed: true,
  };
}

export function decodeAction(body: z.infer<typeof postActionBody>, chatId: string, sender: WebVisitor): InboundAction {
  return {
    kind: 'action',
    platform: 'console',
    eventId: body.id ?? `console-${randomUUID()}`,
    chatId,
    chatType: 'group',
    sender: { platformUserId: sender.consoleId, displayName: sender.name },
    action: body.action,
    value: body.value,
  };
}
