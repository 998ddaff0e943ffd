import { DatabaseSync } from 'node:sqlite';

// Run in a process of its own (see sqlite-write-lock.ts): the server's connections see the lock as
// they would another server's transaction, a migration, or someone at the sqlite3 prompt.
const [path, mode, forMs] = process.argv.slice(2);
if (!path || !['IMMEDIATE', 'EXCLUSIVE'].includes(mode ?? '') || !(Number(forMs) > 0)) {
  throw new Error('usage: sqlite-lock-holder.js <file> IMMEDIATE|EXCLUSIVE <milliseconds>');
}
const db = new DatabaseSync(path);
// The server may be between two writes of its own when this one asks.
db.exec('PRAGMA busy_timeout = 5000');
db.exec(`BEGIN ${mode}`);
console.log('holding');
setTimeout(() => {
  db.exec('ROLLBACK');
  db.close();
  console.log(`released ${Date.now()}`);
}, Number(forMs));
