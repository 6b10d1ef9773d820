import type { Card } from '../../src/core/outbound/index';
import { cardToText } from '../../src/core/outbound/index';
import type { ConsoleCard } from './types';

export function renderConsoleCard(card: Card): ConsoleCard {
  return { ...card, text: cardToText(card) };
}
