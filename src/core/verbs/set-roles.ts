// 角色: an admin grants roles to a member (kept across restarts, beside the file's roles).
import { eq } from 'drizzle-orm';
import { members } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { ALL_ROLES, isRole } from '../org/roles';
import { oneMemberNamed } from '../read/members';
import { requirePermission } from '../read/permissions';
import { appendTimeline } from '../write/timeline';

export function setRoles(ctx: VerbContext, input: { name: string; roles: string[] }): { reply: string; toast: string } {
  const { tx, core, actor } = ctx;
  const words = input.roles;
  requirePermission(core.playbook, actor.member, 'assignRoles');
  const target = oneMemberNamed(tx, input.name, '角色 王小宣 监测员');
  const clearing = words.length === 1 && words[0] === '清除';
  const bad = clearing ? [] : words.filter((w) => !isRole(w));
  if (bad.length > 0) throw new Refusal(`「${bad.join('、')}」不是角色。可用角色：${ALL_ROLES.join('、')}。`);
  const previous = tx.select({ granted: members.grantedRoles }).from(members).where(eq(members.id, target.id)).get()!.granted;
  const granted = clearing ? [] : [...new Set(words)];
  tx.update(members).set({ grantedRoles: granted }).where(eq(members.id, target.id)).run();
  const was = previous.length > 0 ? previous.join('、') : '无';
  appendTimeline(ctx, {
    incidentId: null,
    kind: 'roles_set',
    text: `${actor.member.name} 将 ${target.name} 的授予角色由「${was}」改为「${granted.join('、') || '无'}」`,
    data: { memberId: target.id, previous, granted },
  });
  const fileNote = '组织文件中的角色不受影响。';
  return {
    reply: clearing
      ? `已清除 ${target.name} 由管理员授予的角色（原为：${was}）。${fileNote}`
      : `${target.name} 的授予角色已设为：${granted.join('、')}（原为：${was}）。${fileNote}`,
    toast: '已更新角色',
  };
}
