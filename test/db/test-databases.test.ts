import { Client } from 'pg';
import { createTestDatabase, describeWithPostgres, POSTGRES_TEST_URL } from './postgres-env';

/** The helper every PostgreSQL suite stands on: a fresh database per file, gone afterwards even with connections open. */
async function databaseExists(name: string): Promise<boolean> {
  const admin = new Client({ connectionString: POSTGRES_TEST_URL });
  await admin.connect();
  try {
    return (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

describeWithPostgres('test databases on PostgreSQL', () => {
  it('creates an empty zls_test_<random> database and drops it, ending connections left open', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    const name = new URL(first.url).pathname.slice(1);
    expect(name).toMatch(/^zls_test_[0-9a-f]{16}$/);
    expect(second.url).not.toBe(first.url);

    const leftOpen = new Client({ connectionString: first.url });
    leftOpen.on('error', () => {}); // it is terminated on purpose
    await leftOpen.connect();
    const tables = await leftOpen.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
    expect(tables.rows[0].n).toBe(0);
    expect(await databaseExists(name)).toBe(true);

    await first.drop();
    await second.drop();
    expect(await databaseExists(name)).toBe(false);
    await first.drop(); // twice is harmless
    await leftOpen.end().catch(() => {});
  });
});
