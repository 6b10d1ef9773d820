import type { Card } from '../../src/core/cards/card';
import { cardToText } from '../../src/core/cards/text-fallback';
import type { ConsoleCard } from './types';

export function renderConsoleCard(card: Card): ConsoleCard {
  return { ...card, text: cardToText(card) };
}
