import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';

/** The database handle every module receives. Queries use the builder, not relational queries. */
export type Db = BetterSQLite3Database;
/** Inside `db.transaction(...)` the handle has the same query surface. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either: a verb's helpers work the same inside or outside a transaction. */
export type DbOrTx = Db | Tx;
