// Roles of the organisation (组织体系). People read and write them in Chinese, so the Chinese
// name is the stored value; the constant names say what each is in code.
export const ROLE = {
  commander: '总指挥',
  deputy: '副总指挥',
  departmentLead: '部门负责人',
  member: '成员',
  monitor: '监测员',
  leadingGroup: '领导小组',
  admin: '管理员',
} as const;

export type Role = (typeof ROLE)[keyof typeof ROLE];
export const ALL_ROLES: readonly Role[] = Object.values(ROLE);

export function isRole(word: string): word is Role {
  return (ALL_ROLES as readonly string[]).includes(word);
}
