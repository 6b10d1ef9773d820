// 我的会话: where I am signed in (an admin sees everyone's), each endable.
import { $, api, dateTime, esc, live, post, toast } from './common.js';

const VIA = { feishu: '飞书链接', wecom: '企业微信链接', wechaty: '微信链接', script: '管理员脚本链接', demo: '演示模式' };

function browser(ua) {
  const m = /(Edg|Chrome|Firefox|Safari|MicroMessenger|Lark|Feishu)\/[\d.]+/.exec(ua || '');
  return m ? m[0] : ua ? ua.slice(0, 40) : '未知浏览器';
}

async function refresh() {
  const data = await api('/sessions');
  const rows = data.sessions
    .map(
      (s) =>
        `<tr><td>${esc(s.member)}${s.current ? ' <span class="tag ok">当前</span>' : ''}</td><td>${esc(VIA[s.via] || s.via)}</td><td>${esc(browser(s.userAgent))}</td><td>${dateTime(s.createdAt)}</td><td>${dateTime(s.lastSeenAt)}</td><td><button class="btn danger" data-end="${s.id}" data-current="${s.current}">${s.current ? '退出' : '结束'}</button></td></tr>`,
    )
    .join('');
  $('#main').innerHTML = `<section class="panel"><h1>${data.admin ? '所有登录会话' : '我的会话'}</h1>
<p class="muted">会话 12 小时不用自动失效，最长 7 天。${data.admin ? '你是管理员，可以结束任何人的会话。' : '在别的设备上登录过又不再用，可以在这里结束。'}</p>
<div class="table-wrap"><table><thead><tr><th>成员</th><th>方式</th><th>浏览器</th><th>登录</th><th>最近使用</th><th></th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}

document.addEventListener('click', async (e) => {
  const btn = e.target.closest('button[data-end]');
  if (!btn) return;
  const r = await post(`sessions/${btn.dataset.end}/end`);
  if (!r) return;
  if (r.signedOut) location.href = '/login';
  else toast(r.toast);
});

live(refresh);
