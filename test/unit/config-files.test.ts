// The human-edited files: the shipped ones are valid, and mistakes are reported by line and path.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkPlaybookAgainstOrganisation } from '../../src/config/check-references';
import { EnvError, envSchema, readEnv } from '../../src/config/env';
import { ConfigFileError, loadYamlFile, parseYaml } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { playbookSchema } from '../../src/core/playbook/schema';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigFileError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigFileError');
}

describe('organisation and playbook files', () => {
  it('the shipped demo organisation and default playbook are valid and agree', () => {
    const org = loadYamlFile('config/organisation.yaml', organisationSchema);
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    expect(org.members.length).toBeGreaterThanOrEqual(8);
    expect(playbook.levels.orange.approval.map((s) => s.label)).toEqual(['宣传负责人审核', '法务审核', '副总指挥或总指挥批准']);
    expect(() => checkPlaybookAgainstOrganisation('config/playbook.yaml', playbook, org)).not.toThrow();
  });

  it('names the line, the path and the fix for a wrong value', () => {
    const source = readFileSync('config/playbook.yaml', 'utf8').replace('claimWithinMinutes: 5', 'claimWithinMinutes: -5');
    const line = source.split('\n').findIndex((l) => l.includes('claimWithinMinutes: -5')) + 1;
    expect(problemsOf(() => parseYaml('playbook.yaml', source, playbookSchema))).toEqual([
      `第 ${line} 行 levels.red.claimWithinMinutes：时限用正整数分钟表示，例如 30`,
    ]);
  });

  it('explains an unknown role, a misspelt key, a missing field and a dangling department', () => {
    const source = [
      'name: 测试',
      'departments:',
      '  - { key: publicity, name: 宣传部 }',
      'members:',
      '  - { key: a, name: 甲, roles: [总经理] }',
      '  - { key: b, name: 乙, onDuty: 是 }',
      '  - { key: c, nmae: 丙 }',
      'groups:',
      '  - { key: g, name: 群, platform: console, chatId: g1, purpose: command }',
    ].join('\n');
    const problems = problemsOf(() => parseYaml('org.yaml', source, organisationSchema));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^第 5 行 members\.0\.roles\.0：「总经理」不是角色；可用角色：总指挥、副总指挥/),
        expect.stringMatching(/^第 7 行 members\.2：不认识的字段 nmae；检查拼写或删掉它$/),
        expect.stringMatching(/^第 7 行 members\.2\.name：缺少这一项/),
        expect.stringMatching(/^第 6 行 members\.1\.onDuty：这里应填true 或 false$/),
      ]),
    );
  });

  it('checks references between entries once the entries themselves are right', () => {
    const source = [
      'name: 测试',
      'departments: [{ key: publicity, name: 宣传部 }]',
      'members:',
      '  - { key: a, name: 甲, department: nowhere }',
      '  - { key: a, name: 乙 }',
      'groups:',
      '  - { key: g, name: 群, platform: console, chatId: g1, purpose: department }',
    ].join('\n');
    expect(problemsOf(() => parseYaml('org.yaml', source, organisationSchema))).toEqual([
      '第 4 行 members.0.department：没有部门「nowhere」；先在 departments 里加上它',
      '第 5 行 members.1.key：成员 key「a」重复了',
      '第 7 行 groups.0.department：部门群要写 department（部门 key）',
      '第 7 行 groups：至少要有一个 purpose: command 的指挥中心群',
    ]);
  });

  it('reports broken YAML by line, and a missing file by path', () => {
    expect(problemsOf(() => parseYaml('x.yaml', 'name: a\n  bad: [1,', organisationSchema))[0]).toMatch(/^第 \d 行：YAML 格式错误/);
    expect(problemsOf(() => loadYamlFile('no/such.yaml', organisationSchema))[0]).toContain('读不到这个文件（ENOENT）');
  });

  it('a playbook task for a department the organisation lacks stops start-up', () => {
    const org = loadYamlFile('config/organisation.yaml', organisationSchema);
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    playbook.levels.blue.tasks.push({ department: 'finance', title: '核算损失' });
    expect(problemsOf(() => checkPlaybookAgainstOrganisation('p.yaml', playbook, org))).toEqual([
      expect.stringContaining('levels.blue.tasks.1.department：组织文件里没有部门「finance」'),
    ]);
  });
});

describe('environment', () => {
  it('has working defaults for everything', () => {
    expect(readEnv({})).toMatchObject({ PORT: 8787, DATABASE_FILE: 'data/fenghuo.db', TIMEZONE: 'Asia/Shanghai', CONSOLE_ENABLED: true });
  });
  it('names the variable to fix', () => {
    expect(() => readEnv({ PORT: 'eighty', TIMEZONE: 'Mars/Olympus', CONSOLE_ENABLED: 'maybe' })).toThrow(EnvError);
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT：PORT 要是端口号/);
    expect(() => readEnv({ TIMEZONE: 'Mars/Olympus' })).toThrow(/TIMEZONE 不是有效的时区名/);
    expect(() => readEnv({ CONSOLE_ENABLED: 'maybe' })).toThrow(/CONSOLE_ENABLED：只能是 true 或 false/);
  });
  it('documents every variable it reads in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    // Every key of the schema, optional ones included (readEnv({}) would drop those without a default).
    const read = Object.keys(envSchema.shape);
    expect(read.length).toBeGreaterThan(30);
    expect(read.filter((v) => !documented.has(v))).toEqual([]);
  });
});
