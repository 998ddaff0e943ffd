import { spawnSync } from 'node:child_process';
import type { ClinicId } from '../../src/domain/clinic.js';

/**
 * Staff's change made by another program at a SQLite file: a slot blocked with plain SQL, in a
 * process of its own, whose commit a server's connection learns of only from the file.
 */
export function blockInAnotherProcess(path: string, clinicId: ClinicId, slotId: string, reason: string): void {
  const script = `import { DatabaseSync } from 'node:sqlite';
    const [path, clinicId, slotId, reason] = process.argv.slice(1);
    const db = new DatabaseSync(path);
    db.exec('PRAGMA busy_timeout = 5000');
    const { changes } = db
      .prepare("UPDATE slots SET status = 'BLOCKED', block_reason = ?, version = version + 1 WHERE clinic_id = ? AND slot_id = ?")
      .run(reason, clinicId, slotId);
    if (changes !== 1) throw new Error('no slot ' + slotId);
    db.close();`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, path, clinicId, slotId, reason]);
  if (run.status !== 0) throw new Error(`the other process failed: ${run.stderr}`);
}
