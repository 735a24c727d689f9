import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const handle = globalThis.__TEST_DB__;
  if (!handle) return;
  await handle.db.stop();
  fs.rmSync(handle.dir, { recursive: true, force: true });
}
