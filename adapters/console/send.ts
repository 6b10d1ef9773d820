// The console as a delivery target: "sending" appends the card to the group's log; a reply for one
// person (privateTo) is a line only they are shown.
import type { Card, Clock, PlatformAdapter } from '../../src/core/outbound/index';
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
      const line = store.addLine(
        {
          chatId: target.chatId,
          author: 'bot',
          memberKey: null,
          text: rendered.text,
          card: rendered,
          visibleTo: target.privateTo,
          createdAt: now,
          updatedAt: now,
        },
        target.idempotencyKey,
      );
      return { platformRef: String(line.id) };
    },
    async update(platformRef, rendered) {
      // A card the simulated group no longer shows has nothing to redraw.
      store.updateCard(Number(platformRef), rendered, clock.now());
    },
  };
}
