// The playbook names departments that must exist in the organisation file.
import type { Organisation } from '../core/org/schema';
import type { Playbook } from '../core/playbook/schema';
import { ConfigFileError } from './load-yaml';

export function checkPlaybookAgainstOrganisation(playbookFile: string, playbook: Playbook, org: Organisation): void {
  const known = new Set(org.departments.map((d) => d.key));
  const problems: string[] = [];
  for (const [level, rule] of Object.entries(playbook.levels)) {
    rule.tasks.forEach((t, i) => {
      if (!known.has(t.department))
        problems.push(`levels.${level}.tasks.${i}.department：组织文件里没有部门「${t.department}」；可用：${[...known].join('、')}`);
    });
    rule.approval.forEach((s, i) => {
      if (s.department && !known.has(s.department))
        problems.push(`levels.${level}.approval.${i}.department：组织文件里没有部门「${s.department}」；可用：${[...known].join('、')}`);
    });
  }
  const memberKeys = new Set(org.members.map((m) => m.key));
  playbook.duty?.roles.forEach((role, i) =>
    role.rotation.forEach((key, j) => {
      if (!memberKeys.has(key)) problems.push(`duty.roles.${i}.rotation.${j}：组织文件里没有成员「${key}」（这里写成员 key）`);
    }),
  );
  if (problems.length > 0) throw new ConfigFileError(playbookFile, problems);
}
