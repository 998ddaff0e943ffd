import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Clinic, ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { fail, ok } from '../../domain/result.js';
import { type Clinics, numberTaken, type PutClinicOutcome } from '../../ports/clinics.js';
import { retryWhileBusy } from './busy-retry.js';
import { inTransaction } from './database.js';
import { type Connection, connect } from './shared-connection.js';

interface ClinicRow {
  clinic_json: string;
}

/**
 * A put is one `BEGIN IMMEDIATE` transaction, which takes the write lock before it looks at who has
 * a number, so two servers sharing the file cannot both give one number to their clinic; the
 * numbers' primary key would refuse the second anyway.
 */
export class SqliteClinics implements Clinics {
  private readonly connection: Connection;
  private readonly db: DatabaseSync;
  private readonly statements: Record<
    'clinic' | 'all' | 'byNumber' | 'owner' | 'upsert' | 'freeNumbers' | 'addNumber',
    StatementSync
  >;

  constructor(path: string) {
    this.connection = connect(path);
    this.db = this.connection.db;
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      clinic: prepare('SELECT clinic_json FROM clinics WHERE clinic_id = ?'),
      all: prepare('SELECT clinic_json FROM clinics ORDER BY clinic_id'),
      byNumber: prepare(
        'SELECT clinic_json FROM clinic_numbers JOIN clinics USING (clinic_id) WHERE clinic_numbers.number = ?',
      ),
      owner: prepare('SELECT clinic_id FROM clinic_numbers WHERE number = ?'),
      upsert: prepare(
        `INSERT INTO clinics (clinic_id, clinic_json) VALUES (?, ?)
         ON CONFLICT (clinic_id) DO UPDATE SET clinic_json = excluded.clinic_json`,
      ),
      freeNumbers: prepare('DELETE FROM clinic_numbers WHERE clinic_id = ?'),
      addNumber: prepare('INSERT INTO clinic_numbers (number, clinic_id) VALUES (?, ?)'),
    };
  }

  /** Waits out another connection's lock: servers starting together on a new file each seed it at once. */
  async put(clinic: Clinic): Promise<PutClinicOutcome> {
    return retryWhileBusy(() =>
      inTransaction(
        this.db,
        () => this.putUnderLock(clinic),
        (outcome) => outcome.ok,
      ),
    );
  }

  async get(id: ClinicId): Promise<Clinic | undefined> {
    return clinicOf(this.statements.clinic.get(id) as ClinicRow | undefined);
  }

  async list(): Promise<Clinic[]> {
    return (this.statements.all.all() as unknown as ClinicRow[]).map((row) => clinicOf(row)!);
  }

  async byNumber(number: PhoneNumber): Promise<Clinic | undefined> {
    return clinicOf(this.statements.byNumber.get(number) as ClinicRow | undefined);
  }

  async close(): Promise<void> {
    this.connection.release();
  }

  private putUnderLock(clinic: Clinic): PutClinicOutcome {
    for (const number of clinic.numbers) {
      const owner = this.statements.owner.get(number)?.clinic_id as ClinicId | undefined;
      if (owner !== undefined && owner !== clinic.id) return fail(numberTaken(number, owner));
    }
    const replaced = this.statements.clinic.get(clinic.id) !== undefined;
    this.statements.upsert.run(clinic.id, JSON.stringify(clinic));
    this.statements.freeNumbers.run(clinic.id);
    for (const number of clinic.numbers) this.statements.addNumber.run(number, clinic.id);
    return ok(replaced ? 'replaced' : 'created');
  }
}

const clinicOf = (row: ClinicRow | undefined): Clinic | undefined => row && (JSON.parse(row.clinic_json) as Clinic);
