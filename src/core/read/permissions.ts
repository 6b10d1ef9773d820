// Who may act is decided here, from the roster and the playbook, never from what a button carries.
import type { Member } from '../context';
import { Refusal } from '../errors';
import type { Level } from '../levels';
import type { Playbook, PermissionName } from '../playbook/schema';

const ACTION_WORDS: Record<PermissionName, string> = {
  warn: '发布预警',
  changeLevel: '调整预警级别',
  createTask: '派发任务',
  handoffAny: '转交别人的任务',
  resolve: '平息或结案',
  release: '提交信息发布稿',
  assignRoles: '设置角色',
  roster: '排班',
  confirmWarning: '确认或忽略预警建议',
  signReview: '签发总结评估',
  drill: '开始或结束演练',
  accountability: '查看迟报与责任追究台账',
  finding: '记录责任认定',
  meeting: '安排应急会议、记录会议决定',
};

export function hasAnyRole(member: Member, roles: readonly string[]): boolean {
  return member.roles.some((r) => roles.includes(r));
}

export function may(playbook: Playbook, member: Member, action: PermissionName): boolean {
  return hasAnyRole(member, playbook.permissions[action]);
}

/** Guests (senders the bot registered itself) may report leads and read what they reported, nothing more. */
export function requireRegistered(member: Member, what: string): void {
  if (!member.guest) return;
  throw new Refusal(
    `${member.name}，你还没有登记在组织名册里，只能「上报」线索和用「状态」查看自己上报的线索。${what}需要管理员先为你授予角色（「角色 ${member.name} 成员」）。`,
    '未登记成员，请联系管理员',
  );
}

/** Who may 平息 or 结案 an incident at this level: the level's `resolveBy`, else permissions.resolve. */
export function requireResolver(playbook: Playbook, member: Member, level: Level): void {
  const roles = playbook.levels[level].resolveBy;
  if (!roles) return requirePermission(playbook, member, 'resolve');
  if (hasAnyRole(member, roles)) return;
  throw new Refusal(
    `${member.name}，${playbook.levels[level].name}的事件由${roles.join('、')}决定平息或结案（预案 levels.${level}.resolveBy）。你目前的角色是：${member.roles.join('、') || '无（未登记）'}。`,
    `需要角色：${roles.join('、')}`,
  );
}

/** Throws a refusal that says which role is needed. */
export function requirePermission(playbook: Playbook, member: Member, action: PermissionName): void {
  if (may(playbook, member, action)) return;
  const needed = playbook.permissions[action].join('、');
  throw new Refusal(
    `${member.name}，${ACTION_WORDS[action]}需要以下角色之一：${needed}。你目前的角色是：${member.roles.join('、') || '无（未登记）'}。如需调整请联系管理员。`,
    `需要角色：${needed}`,
  );
}
