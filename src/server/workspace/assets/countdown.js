// Live countdowns for any `.countdown[data-due]` on the page: red once overdue.
import { duration, now } from './common.js';

export function tick() {
  for (const el of document.querySelectorAll('.countdown[data-due]')) {
    const left = Number(el.dataset.due) - now();
    el.classList.toggle('overdue', left < 0);
    el.classList.toggle('soon', left >= 0 && left < 10 * 60000);
    el.textContent = left < 0 ? `已超时 ${duration(left)}` : `剩 ${duration(left)}`;
  }
}

export function startTicking() {
  tick();
  setInterval(tick, 1000);
}
