// Who may act is decided here, from the roster and the playbook, never from what a button carries.
import { Refusal } from '../errors';
import type { Playbook, PermissionName } from '../playbook/schema';
import type { Member } from './members';

const ACTION_WORDS: Record<PermissionName, string> = {
  warn: '发布预警',
  changeLevel: '调整预警级别',
  createTask: '派发任务',
  handoffAny: '转交别人的任务',
  resolve: '平息或结案',
  release: '提交信息发布稿',
  assignRoles: '设置角色',
};

export function hasAnyRole(member: Member, roles: readonly string[]): boolean {
  return member.roles.some((r) => roles.includes(r));
}

export function may(playbook: Playbook, member: Member, action: PermissionName): boolean {
  return hasAnyRole(member, playbook.permissions[action]);
}

/** Throws a refusal that says which role is needed. */
export function requirePermission(playbook: Playbook, member: Member, action: PermissionName): void {
  if (may(playbook, member, action)) return;
  const needed = playbook.permissions[action].join('、');
  throw new Refusal(
    `${member.name}，${ACTION_WORDS[action]}需要以下角色之一：${needed}。你目前的角色是：${member.roles.join('、')}。如需调整请联系管理员。`,
    `需要角色：${needed}`,
  );
}
