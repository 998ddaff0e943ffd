import type { StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { PatientProfile, PatientProfiles } from '../../ports/patient-profiles.js';
import { retryWhileBusy } from './busy-retry.js';
import { type Connection, connect } from './shared-connection.js';

interface ProfileRow {
  language: string | null;
  name: string | null;
  last_whatsapp_message_ms: number | null;
}

/** One clinic's patient profiles (migration 10's table, 11's column), a row per patient. */
export class SqlitePatientProfiles implements PatientProfiles {
  private readonly connection: Connection;
  private readonly statements: Record<'find' | 'upsert', StatementSync>;

  constructor(
    path: string,
    private readonly clinicId: ClinicId,
  ) {
    this.connection = connect(path);
    const { db } = this.connection;
    // Read on every inbound text: prepared once. A field not given (NULL) keeps what the row has.
    this.statements = {
      find: db.prepare(
        'SELECT language, name, last_whatsapp_message_ms FROM patient_profiles WHERE clinic_id = ? AND phone_number = ?',
      ),
      upsert:
        db.prepare(`INSERT INTO patient_profiles (clinic_id, phone_number, language, name, last_whatsapp_message_ms)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (clinic_id, phone_number) DO UPDATE SET
          language = coalesce(excluded.language, language), name = coalesce(excluded.name, name),
          last_whatsapp_message_ms = coalesce(excluded.last_whatsapp_message_ms, last_whatsapp_message_ms)`),
    };
  }

  async profileOf(patient: PhoneNumber): Promise<PatientProfile> {
    const row = (await retryWhileBusy(() => this.statements.find.get(this.clinicId, patient))) as
      | ProfileRow
      | undefined;
    return {
      ...(row?.language ? { language: row.language } : {}),
      ...(row?.name ? { name: row.name } : {}),
      ...(row?.last_whatsapp_message_ms != null ? { lastWhatsappMessageAt: Number(row.last_whatsapp_message_ms) } : {}),
    };
  }

  async update(patient: PhoneNumber, { language, name, lastWhatsappMessageAt }: PatientProfile): Promise<void> {
    await retryWhileBusy(() =>
      this.statements.upsert.run(this.clinicId, patient, language ?? null, name ?? null, lastWhatsappMessageAt ?? null),
    );
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
