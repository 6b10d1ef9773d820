// The organisation file names platforms (groups[].platform, members[].ids.<platform>); each must
// be one the bot has (adapters/index.ts), or a typo would quietly leave a group unreachable.
import type { Organisation } from '../core/org/schema';
import { ConfigFileError } from './load-yaml';

export function checkPlatformNames(file: string, org: Organisation, known: readonly string[]): void {
  const names = new Set(known);
  const hint = `可用的平台：${known.join('、')}`;
  const problems: string[] = [];
  org.groups.forEach((g, i) => {
    if (!names.has(g.platform)) problems.push(`groups.${i}.platform：没有平台「${g.platform}」；${hint}`);
  });
  org.members.forEach((m, i) => {
    for (const p of Object.keys(m.ids)) if (!names.has(p)) problems.push(`members.${i}.ids.${p}：没有平台「${p}」；${hint}`);
  });
  if (problems.length > 0) throw new ConfigFileError(file, problems);
}
