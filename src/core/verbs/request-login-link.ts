// 登录: a one-time link to the web workspace, sent to the person privately on the platform they
// typed from. The chat (a group too) only hears that it was sent: a link in a group would let
// anyone there sign in as them.
import type { VerbContext } from '../context';
import { directDestinations } from '../read/members';
import { issueLoginLink, loginLinkCard, loginLinkSubject } from '../write/login-links';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { appendTimeline } from '../write/timeline';

export const LINK_SENT = '已私信你登录链接（10 分钟内有效，只能使用一次）';

export function requestLoginLink(ctx: VerbContext): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  const [privately] = core.directPlatforms.has(actor.platform) ? directDestinations(tx, new Set([actor.platform]), [actor.member.id]) : [];
  if (!privately) {
    return {
      reply:
        actor.platform === 'console'
          ? '网页控制台不能私信登录链接：你现在已经在工作台里了。要在另一台设备上登录，请在飞书、企业微信或微信里对机器人发送「登录」，或请管理员在服务器上运行 npm run login-link -- 你的姓名。'
          : '这个平台不能私信你登录链接。请在飞书、企业微信或微信里私聊机器人发送「登录」，或请管理员在服务器上运行 npm run login-link -- 你的姓名。',
      toast: '无法私信登录链接',
    };
  }
  const { token, link } = issueLoginLink(tx, { memberId: actor.member.id, via: actor.platform, now });
  enqueueCard(tx, privately, loginLinkCard(core, token, link.expiresAt), { now, priority: PRIORITY.reply, subject: loginLinkSubject(link.id) });
  appendTimeline(ctx, {
    incidentId: null,
    kind: 'login_link_sent',
    text: `${actor.member.name} 申请工作台登录链接（${platformWord(actor.platform)}私信）`,
    data: { linkId: link.id },
  });
  return { reply: LINK_SENT, toast: LINK_SENT };
}

export function platformWord(platform: string): string {
  return (
    ({ feishu: '飞书', wecom: '企业微信', wechaty: '微信', console: '网页控制台', script: '管理员脚本', demo: '演示模式' } as Record<string, string>)[
      platform
    ] ?? platform
  );
}
