// 登录: ask for a sign-in link to the web workspace (sent privately).
import { z } from 'zod';
import { requestLoginLink } from '../verbs/request-login-link';
import { defineCommand } from './spec';

export const login = defineCommand({
  name: '登录',
  guests: true,
  aliases: ['login'],
  usage: '登录',
  example: '登录',
  summary: '私信你一个网页工作台的登录链接（10 分钟内有效，只能用一次）',
  read: () => ({}),
  args: z.object({}),
  run: (ctx) => requestLoginLink(ctx),
});
