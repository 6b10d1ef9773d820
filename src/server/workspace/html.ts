// The workspace's HTML: one shell (header, navigation, one CSS file, one script module per page)
// and the sign-in pages, which work without JavaScript. Text from people goes through esc().
import type { Visit } from './session';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export type PageName = 'board' | 'incident' | 'review' | 'tasks' | 'approvals' | 'roster' | 'archive' | 'accountability' | 'sessions' | 'login';

const NAV: { page: PageName | 'console'; href: string; label: string; forGuests: boolean }[] = [
  { page: 'board', href: '/', label: '态势看板', forGuests: true },
  { page: 'tasks', href: '/tasks', label: '我的任务', forGuests: false },
  { page: 'approvals', href: '/approvals', label: '待我审批', forGuests: false },
  { page: 'roster', href: '/roster', label: '值班表', forGuests: false },
  { page: 'archive', href: '/archive', label: '台账', forGuests: false },
  { page: 'accountability', href: '/accountability', label: '迟报', forGuests: false },
  { page: 'console', href: '/console', label: '聊天控制台', forGuests: false },
  { page: 'sessions', href: '/sessions', label: '我的会话', forGuests: true },
];

export function shell(opts: {
  title: string;
  page: PageName;
  visit?: Visit | undefined;
  consoleOn?: boolean;
  body: string;
  script?: string;
  data?: Record<string, string>;
  timeZone: string;
}): string {
  const v = opts.visit;
  const nav = v
    ? NAV.filter((n) => (n.forGuests || !v.member.guest) && (n.page !== 'console' || opts.consoleOn))
        .map((n) => `<a href="${n.href}"${n.page === opts.page ? ' aria-current="page"' : ''}>${n.label}</a>`)
        .join('')
    : '';
  const who = v
    ? `<span class="who">${esc(v.member.name)}${v.session.via === 'demo' ? ' <span class="demo-badge">演示模式</span>' : ''}</span><button type="button" id="logout" class="link">退出</button>`
    : '';
  const data = Object.entries({ page: opts.page, tz: opts.timeZone, ...opts.data })
    .map(([k, val]) => ` data-${k}="${esc(val)}"`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)} · 烽火</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body${data}>
<header class="top">
  <a class="brand" href="/"><img src="/favicon.svg" alt="" width="20" height="20"> 烽火</a>
  <nav>${nav}</nav>
  <div class="me">${who}</div>
</header>
<main id="main">${opts.body}</main>
<div id="toast" role="status" aria-live="polite"></div>
${opts.script ? `<script type="module" src="/assets/${opts.script}"></script>` : ''}
</body>
</html>`;
}

/** A page of plain text in the shell, for refusals (a guest, a spent link). */
export function notice(opts: { title: string; text: string; visit?: Visit | undefined; timeZone: string; action?: string }): string {
  return shell({
    ...opts,
    page: 'login',
    body: `<section class="panel notice"><h1>${esc(opts.title)}</h1><p>${esc(opts.text)}</p>${opts.action ?? ''}</section>`,
  });
}
