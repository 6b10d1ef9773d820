// 【演练】: how a drill's message says it is one — in its title and in its text. Card builders of things a drill has (its incident, releases, review) and
// the outbox's containment (write/drill-containment.ts) both use it; marking twice changes nothing.
import { plain, type Card } from './card';

export const DRILL_MARK = '【演练】';

export function asDrillCard(card: Card): Card {
  const title = card.title.includes(DRILL_MARK) ? card.title : `${DRILL_MARK}${card.title}`;
  const saysIt = card.blocks.some((b) => 'text' in b && b.text.includes(DRILL_MARK));
  const blocks = saysIt ? card.blocks : [plain(`${DRILL_MARK}本条为演练消息，不是真实舆情。`), ...card.blocks];
  return { ...card, title, blocks };
}
