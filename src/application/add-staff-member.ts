import type { ClinicId } from '../domain/clinic.js';
import { fail, ok, type Result } from '../domain/result.js';
import {
  EMAIL_EXPECTED,
  isEmail,
  isPassword,
  normaliseEmail,
  PASSWORD_EXPECTED,
  STAFF_ROLES,
  type StaffMember,
  type StaffRole,
} from '../domain/staff.js';
import type { Clinics } from '../ports/clinics.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { StaffAccounts } from '../ports/staff-accounts.js';

export interface NewStaffMember {
  clinicId: ClinicId;
  name: string;
  email: string;
  role: string;
  password: string;
}

export type AddStaffRefusal = {
  code: 'INVALID_REQUEST' | 'CLINIC_NOT_FOUND' | 'EMAIL_TAKEN';
  message: string;
};

const NAME_MAX_LENGTH = 100;
const isRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

/**
 * A clinic's new staff member, by the operator or one of its managers (the API) or the operator's
 * command: checked here, for both, and kept with their password's hash alone.
 */
export class AddStaffMember {
  constructor(
    private readonly clinics: Clinics,
    private readonly accounts: StaffAccounts,
    private readonly hasher: PasswordHasher,
    private readonly ids: IdGenerator,
  ) {}

  async execute(request: NewStaffMember): Promise<Result<StaffMember, AddStaffRefusal>> {
    const name = request.name.trim();
    const email = normaliseEmail(request.email);
    const { role, password, clinicId } = request;
    const invalid = (message: string) => fail<AddStaffRefusal>({ code: 'INVALID_REQUEST', message });
    if (name.length === 0 || name.length > NAME_MAX_LENGTH)
      return invalid(`name: expected a name of 1 to ${NAME_MAX_LENGTH} characters`);
    if (!isEmail(email)) return invalid(`email: expected ${EMAIL_EXPECTED}`);
    if (!isRole(role)) return invalid(`role: expected one of ${STAFF_ROLES.join(', ')}`);
    if (!isPassword(password)) return invalid(`password: expected ${PASSWORD_EXPECTED}`);
    if (!(await this.clinics.get(clinicId)))
      return fail({ code: 'CLINIC_NOT_FOUND', message: 'clinicId: expected the id of a clinic' });
    const member: StaffMember = { staffId: this.ids.next('stf'), clinicId, name, email, role };
    if (!(await this.accounts.add(member, await this.hasher.hash(password))))
      return fail({ code: 'EMAIL_TAKEN', message: `email: ${email} already has an account; expected another` });
    return ok(member);
  }
}
