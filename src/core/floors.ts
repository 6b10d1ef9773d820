// The floors of the core, bottom → top: the one place they are written down. A file may import
// from its own floor and the floors below it, never from one above, and the folders of one floor
// import each other in no circle. test/unit/floors.test.ts checks every file under src/core against
// this list. An entry ending in `/` is a folder; any other is a single file at the top of src/core.
export const FLOORS: readonly { name: string; paths: readonly string[]; holds: string }[] = [
  {
    name: 'base',
    paths: ['clock.ts', 'errors.ts', 'floors.ts', 'levels.ts', 'names.ts', 'text.ts', 'time.ts', 'tokens.ts', 'zod-locale.ts'],
    holds: 'the clock, time and text helpers, one-time tokens and their digests, the four levels, refusals, the names people read (T3, 处置中)',
  },
  { name: 'settings', paths: ['org/', 'playbook/'], holds: 'the schemas of the organisation file and the playbook, and the roles' },
  { name: 'context', paths: ['context.ts'], holds: 'what a verb receives: Core, Member, Actor, VerbContext' },
  { name: 'read', paths: ['read/'], holds: 'queries, the data each card shows, who-may checks; nothing here writes' },
  { name: 'cards', paths: ['cards/', 'ports.ts'], holds: 'pure card builders over data already read, the neutral card tree, the outbound port' },
  {
    name: 'write',
    paths: ['write/'],
    holds: 'what verbs share: a timeline row, queued and refreshed cards, new tasks and deadlines, the jobs a change plans, senders met, topics, proposals',
  },
  { name: 'verbs', paths: ['verbs/'], holds: 'one file a verb: verbNoun(ctx, input), permission first, one transaction’s work with its timeline row' },
  {
    name: 'engines',
    paths: ['signals/', 'jobs/', 'system/'],
    holds:
      'what runs without a command: the warning engine, the jobs that fire, start-up sync, chats joined, dead letters, the web workspace’s sign-in and sessions',
  },
  { name: 'commands', paths: ['commands/'], holds: 'the command specs: words → arguments → one verb' },
  {
    name: 'doors',
    paths: ['inbound/', 'outbound/'],
    holds: 'the core as adapters see it: the one path a message or button tap takes in, and what it takes to draw and deliver a message',
  },
];
