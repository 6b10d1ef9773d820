// A click on one of our WeCom template cards, from the app or the intelligent robot. The click's
// task_id is the message's platformRef (see send.ts), so the answer carries the card as it is now.
// 刷新状态 is WeCom-only: a card changes only when someone clicks it, so the click shows the latest
// state (and, for the app, whose card can change once, sends it again as a new message).
import type { Card } from '../../src/core/outbound/index';
import type { InboundAction, Receive } from '../../src/core/inbound/index';
import { REFRESH_KEY } from './template-card';

export type ClickOutcome =
  { kind: 'duplicate' } | { kind: 'refreshed'; card: Card | undefined } | { kind: 'acted'; done: boolean; toast: string; card: Card | undefined };

export async function clickCard(receive: Receive, click: { event: InboundAction; taskId: string }, opts: { resendOnRefresh: boolean }): Promise<ClickOutcome> {
  if (click.event.action === REFRESH_KEY) {
    const { kind: _, action: __, value: ___, ...base } = click.event;
    const refreshed = await receive({ ...base, kind: 'refresh', messageRef: click.taskId, resend: opts.resendOnRefresh });
    if (refreshed.outcome === 'duplicate') return { kind: 'duplicate' };
    return { kind: 'refreshed', card: refreshed.outcome === 'refreshed' ? refreshed.card : undefined };
  }
  const result = await receive({ ...click.event, messageRef: click.taskId });
  if (result.outcome === 'duplicate') return { kind: 'duplicate' };
  if (result.outcome !== 'done' && result.outcome !== 'refused') return { kind: 'acted', done: false, toast: '', card: undefined };
  return { kind: 'acted', done: result.outcome === 'done', toast: result.toast, card: result.card };
}
