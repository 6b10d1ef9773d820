// 我是谁: who the bot takes the sender for, and their id on this platform — what an admin needs
// to put a person (and, for an admin asking, this chat) into the organisation file from the
// chat alone. Everyone learns their own id; only admins are shown the chat's id and its line.
import { plain, textCard, type Card } from '../cards/card';
import { GROUP_PURPOSES_HINT, groupYamlLine, memberIdYamlLine } from '../cards/organisation-lines';
import type { VerbContext } from '../context';
import { allGroups } from '../read/groups';
import { platformIdsOf } from '../read/members';
import { may } from '../read/permissions';

export function showIdentity(ctx: VerbContext, _input: Record<string, never>): Card {
  const { tx, core, actor } = ctx;
  const { member } = actor;
  const userId = platformIdsOf(tx, actor.platform, [member.id]).get(member.id) ?? '（未知）';
  const who = member.guest
    ? '访客（不在组织文件里，只能上报线索和查看）'
    : `${member.roles.join('、')}${member.departmentKey ? ` · 部门 ${member.departmentKey}` : ''}`;
  const card = textCard('我是谁', `${member.name}：${who}\n你在 ${actor.platform} 上的 id：${userId}`, 'info');
  if (member.guest)
    card.blocks.push(plain(`请管理员在组织文件 members 里给你加上（或在你的条目 ids 下加上）：\n${memberIdYamlLine(actor.platform, userId)}\n然后重启烽火。`));
  if (!may(core.playbook, member, 'assignRoles')) return card;
  const chat = allGroups(tx).find((g) => g.platform === actor.platform && g.chatId === actor.chatId);
  if (actor.chatType === 'p2p') {
    card.blocks.push(plain(`这是和机器人的单聊（${actor.chatId}），不需要写进组织文件。`));
  } else if (chat && chat.source === 'file') {
    card.blocks.push(plain(`本群 chatId：${actor.chatId}\n已在组织文件里：${chat.key}（${chat.purpose}）。`));
  } else {
    card.blocks.push(
      plain(`本群 chatId：${actor.chatId}\n组织文件 groups 下加上这一行：\n${groupYamlLine(actor.platform, actor.chatId, chat?.name ?? actor.chatId)}`),
      plain(GROUP_PURPOSES_HINT),
    );
  }
  return card;
}
