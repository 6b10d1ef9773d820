// The exact lines an admin pastes into the organisation file for a chat or a person the bot has
// met, so ids are found from the chat alone (a welcome card, 我是谁). YAML flow style, one line;
// names and ids are JSON strings, which YAML reads as they are.

/** A `groups:` entry for a chat; the admin picks its purpose (and department for a department group). */
export function groupYamlLine(platform: string, chatId: string, name: string): string {
  const key = `${platform}-${chatId}`
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 60);
  return `  - { key: ${key}, name: ${JSON.stringify(name)}, platform: ${platform}, chatId: ${JSON.stringify(chatId)}, purpose: department, department: 部门key }`;
}

/** The `ids:` line of a member on one platform. */
export function memberIdYamlLine(platform: string, platformUserId: string): string {
  return `      ${platform}: ${JSON.stringify(platformUserId)}`;
}

export const GROUP_PURPOSES_HINT = 'purpose 可选 command（指挥中心）、department（部门群，需写 department）、broadcast（通报群）；改完组织文件后重启烽火生效。';
