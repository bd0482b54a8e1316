// A command that does not migrate (import, dnc, evidence, plan, laboratory, serve --no-migrate)
// checks first that the database has every migration this release ships: on a database never
// migrated, or one an older release migrated, it failed part way with the database's own
// 'relation "attempts" does not exist' and a stack trace, saying nothing of what to run.

import type pg from 'pg';
import { loadMigrations, migrationLabel, type Migration } from './migrate.js';

export class MigrationsPendingError extends Error {
  readonly code = 'MIGRATIONS_PENDING';

  constructor(readonly pending: readonly string[], where: string) {
    super(`the database at ${where} lacks ${pending.length === 1 ? 'a migration' : `${pending.length} migrations`} this release needs `
      + `(${listed(pending)}): run \`outpace migrate\` first (\`outpace serve\` applies them itself unless given --no-migrate)`);
    this.name = 'MigrationsPendingError';
  }
}

/** The first few and how many more: a database never migrated lacks them all. */
function listed(labels: readonly string[]): string {
  const shown = labels.slice(0, 3).join(', ');
  return labels.length > 3 ? `${shown} and ${labels.length - 3} more` : shown;
}

/** Shipped migrations the database has not applied, by version, oldest first. */
export async function pendingMigrations(client: pg.ClientBase, migrations: readonly Migration[]): Promise<string[]> {
  const table = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  const applied = new Set<number>();
  if (table.rows[0]?.present) {
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    for (const row of done.rows) applied.add(row.version);
  }
  return migrations.filter((m) => !applied.has(m.version)).map((m) => migrationLabel(m.version, m.name));
}

/** Throws MigrationsPendingError when the database `client` is open to (at `where`) lacks a shipped
 * migration (`migrations`, when the caller has read them already). */
export async function requireMigrated(client: pg.ClientBase, where: string, migrations?: readonly Migration[]): Promise<void> {
  const pending = await pendingMigrations(client, migrations ?? await loadMigrations());
  if (pending.length > 0) throw new MigrationsPendingError(pending, where);
}
