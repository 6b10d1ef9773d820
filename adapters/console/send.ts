// The console as a delivery target: "sending" appends the card to the group's log.
import type { Card } from '../../src/core/cards/card';
import type { Clock } from '../../src/core/clock';
import type { PlatformAdapter } from '../../src/core/ports';
import { renderConsoleCard } from './render';
import type { ConsoleStore } from './store';
import type { ConsoleCard } from './types';

export function consoleAdapter(store: ConsoleStore, clock: Clock): PlatformAdapter<ConsoleCard> {
  return {
    name: 'console',
    capabilities: { cards: true, updateCards: true, urgent: false, buttons: true, directMessages: false },
    render: (card: Card) => renderConsoleCard(card),
    async send(target, rendered) {
      const now = clock.now();
      const line = store.addLine({ chatId: target.chatId, author: 'bot', memberKey: null, text: rendered.text, card: rendered, dedupeKey: target.idempotencyKey, createdAt: now, updatedAt: now });
      return { platformRef: String(line.id) };
    },
    async update(platformRef, rendered) {
      store.updateCard(Number(platformRef), rendered, rendered.text, clock.now());
    },
  };
}
