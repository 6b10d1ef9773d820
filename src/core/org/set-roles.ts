// 角色: an admin grants roles to a member (kept across restarts, beside the file's roles).
import { eq } from 'drizzle-orm';
import { members } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { findMemberByName } from './members';
import { requirePermission } from './permissions';
import { ALL_ROLES, isRole } from './roles';
import { appendTimeline } from '../timeline/append';

export function setRoles(ctx: VerbContext, name: string, words: string[]): { reply: string; toast: string } {
  const { tx, core, actor } = ctx;
  requirePermission(core.playbook, actor.member, 'assignRoles');
  const found = findMemberByName(tx, name);
  if (found.length !== 1)
    throw new Refusal(found.length === 0 ? `找不到成员「${name}」。` : `「${name}」对应多位成员：${found.map((m) => m.name).join('、')}，请写全名。`);
  const target = found[0]!;
  const clearing = words.length === 1 && words[0] === '清除';
  const bad = clearing ? [] : words.filter((w) => !isRole(w));
  if (bad.length > 0) throw new Refusal(`「${bad.join('、')}」不是角色。可用角色：${ALL_ROLES.join('、')}。`);
  const granted = clearing ? [] : [...new Set(words)];
  tx.update(members).set({ grantedRoles: granted }).where(eq(members.id, target.id)).run();
  appendTimeline(ctx, {
    incidentId: null,
    kind: 'roles_set',
    text: `${actor.member.name} ${clearing ? `清除了 ${target.name} 的授予角色` : `授予 ${target.name} 角色：${granted.join('、')}`}`,
    data: { memberId: target.id, granted },
  });
  return { reply: clearing ? `已清除 ${target.name} 由管理员授予的角色（组织文件中的角色不变）。` : `已授予 ${target.name}：${granted.join('、')}。`, toast: '已更新角色' };
}
