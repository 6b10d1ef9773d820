// A platform tells us the bot joined or left a chat (e.g. Feishu's bot.added event). The chat is
// remembered so replies and 状态 work there; routing roles stay with the organisation file.
import { and, eq } from 'drizzle-orm';
import { groups, inbox } from '../../db/schema';
import type { Db } from '../../db/types';
import { plain, textCard } from '../cards/card';
import { GROUP_PURPOSES_HINT, groupYamlLine } from '../cards/organisation-lines';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { writeTimeline } from '../write/timeline';

export function registerChat(db: Db, chat: { platform: string; chatId: string; name?: string | undefined; eventId: string }, now: number): boolean {
  return db.transaction((tx) => {
    if (!tx.insert(inbox).values({ platform: chat.platform, eventId: chat.eventId, receivedAt: now }).onConflictDoNothing().returning().get()) return false;
    const name = chat.name?.trim() || chat.chatId;
    const added = tx
      .insert(groups)
      .values({ key: `${chat.platform}-${chat.chatId}`, name, platform: chat.platform, chatId: chat.chatId, purpose: 'chat', source: 'platform' })
      .onConflictDoNothing()
      .returning()
      .get();
    writeTimeline(tx, {
      incidentId: null,
      kind: 'chat_joined',
      text: `机器人加入群「${name}」（${chat.platform}）`,
      actorId: null,
      platform: chat.platform,
      now,
    });
    // The chat's id and the line to paste: how an admin routes warnings here without any console.
    const welcome = textCard('烽火已加入本群', '发送「@烽火 帮助」查看命令。预警、任务和审批会按预案通知到相关群。');
    welcome.blocks.push(
      plain(
        `本群 chatId：${chat.chatId}\n要让预警按用途发到本群，请管理员在组织文件 groups 下加上这一行：\n${groupYamlLine(chat.platform, chat.chatId, name)}`,
      ),
      plain(GROUP_PURPOSES_HINT),
    );
    enqueueCard(tx, chat, welcome, { now, priority: PRIORITY.reply });
    return added !== undefined;
  });
}

export function forgetChat(db: Db, chat: { platform: string; chatId: string; eventId: string }, now: number): boolean {
  return db.transaction((tx) => {
    if (!tx.insert(inbox).values({ platform: chat.platform, eventId: chat.eventId, receivedAt: now }).onConflictDoNothing().returning().get()) return false;
    // Groups named in the organisation file stay: the file is the admin's word. Only learnt ones go.
    const removed = tx
      .delete(groups)
      .where(and(eq(groups.platform, chat.platform), eq(groups.chatId, chat.chatId), eq(groups.source, 'platform')))
      .returning()
      .get();
    writeTimeline(tx, {
      incidentId: null,
      kind: 'chat_left',
      text: `机器人被移出群 ${chat.chatId}（${chat.platform}）`,
      actorId: null,
      platform: chat.platform,
      now,
    });
    return removed !== undefined;
  });
}
