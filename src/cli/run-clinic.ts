import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ClinicDocument } from '../../config/clinic-document.js';
import { describeErrors } from '../../config/describe-errors.js';
import { parseJson } from '../../config/json-text.js';
import type { AppConfig } from '../../config/load-config.js';
import { AddStaffMember } from '../application/add-staff-member.js';
import { IssueClinicToken } from '../application/issue-clinic-token.js';
import { PutClinic } from '../application/put-clinic.js';
import { buildContainer, closeStores, dynamoDbTablesExist } from '../container.js';
import { CLINIC_ID_EXPECTED, type Clinic, isClinicId } from '../domain/clinic.js';
import { StoreUnavailableError } from '../ports/booking-store.js';
import type { Clinics } from '../ports/clinics.js';
import { StoreUnavailable } from '../ports/store-unavailable.js';
import { TOKENS } from '../ports/tokens.js';
import { configOrExit } from './cli-config.js';

/**
 * `npm run clinic -- put FILE.json | list | tokens create CLINIC_ID | staff add …`: the clinics of the configured
 * store (STORAGE, SQLITE_PATH, the DynamoDB settings, as the server reads them). Exit codes as
 * sysexits.h has them: 64 usage, 65 a file or clinic refused, 66 a file that cannot be read, 78 a
 * store or configuration that cannot be used.
 */
const USAGE = `usage: npm run clinic -- put FILE.json     create or replace the clinic FILE.json describes
       npm run clinic -- list              each clinic: id, name, numbers
       npm run clinic -- tokens create CLINIC_ID   a new API token for the clinic, shown once
       npm run clinic -- staff add --clinic CLINIC_ID --name NAME --email EMAIL --role front-desk|manager
                                           a staff account; its password from STAFF_PASSWORD or the first line of stdin`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The clinic FILE describes, read as strictly as the admin API reads one: id, locale and numbers included. */
function clinicIn(file: string): Clinic {
  // npm runs scripts in the project's folder; a relative FILE means the caller's.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fail(`${path}: cannot be read`, 66);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(`${path}: expected valid JSON, but ${parsed.error}`, 65);
  const decoded = ClinicDocument.decode(parsed.value);
  if (isLeft(decoded)) return fail(`${path}:\n${describeErrors(decoded.left, 'clinic').join('\n')}`, 65);
  return decoded.right;
}

/** Reaches the store as the server would, or says why it cannot (exit 78). */
async function storeOf(config: AppConfig) {
  if (config.storage === 'memory')
    fail('STORAGE=memory: a clinic put there would be gone when this command ends; use sqlite or dynamodb', 64);
  if (config.storage === 'dynamodb') await dynamoDbTablesExist(config);
  return buildContainer(config);
}

async function put(file: string): Promise<void> {
  const clinic = clinicIn(file);
  const config = configOrExit();
  const container = await storeOf(config);
  try {
    const outcome = await container.get(PutClinic).execute(clinic);
    if (!outcome.ok) fail(outcome.error.message, 65);
    process.stdout.write(`${outcome.value === 'created' ? 'Created' : 'Replaced'} clinic ${clinic.id}\n`);
  } finally {
    await closeStores(container, config);
  }
}

async function list(): Promise<void> {
  const config = configOrExit();
  const container = await storeOf(config);
  try {
    for (const { id, name, numbers } of await container.get<Clinics>(TOKENS.Clinics).list())
      process.stdout.write(`${id}\t${name}\t${numbers.join(',')}\n`);
  } finally {
    await closeStores(container, config);
  }
}

async function createToken(clinicId: string): Promise<void> {
  if (!isClinicId(clinicId)) fail(`CLINIC_ID: expected ${CLINIC_ID_EXPECTED}\n${USAGE}`, 64);
  const config = configOrExit();
  const container = await storeOf(config);
  try {
    const issued = await container.get(IssueClinicToken).execute(clinicId);
    if (!issued) fail(`${clinicId}: no such clinic (npm run clinic -- list)`, 65);
    process.stderr.write(`A token for clinic ${clinicId}, shown this once: only its hash is kept.\n`);
    process.stdout.write(`${issued.tokenId}\t${issued.token}\n`);
  } finally {
    await closeStores(container, config);
  }
}

/** Never an argument: the command line is seen by every user of the machine and kept in shell history. */
async function passwordOf(): Promise<string> {
  if (process.env.STAFF_PASSWORD) return process.env.STAFF_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (12 characters or more), then Enter and Ctrl-D: ');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

async function addStaff({ clinic, name, email, role }: Partial<Record<'clinic' | 'name' | 'email' | 'role', string>>) {
  if (!clinic || !name || !email || !role) fail(`--clinic, --name, --email and --role: expected each\n${USAGE}`, 64);
  if (!isClinicId(clinic)) fail(`--clinic: expected ${CLINIC_ID_EXPECTED}\n${USAGE}`, 64);
  const password = await passwordOf();
  const config = configOrExit();
  const container = await storeOf(config);
  try {
    const added = await container.get(AddStaffMember).execute({ clinicId: clinic, name, email, role, password });
    if (!added.ok) {
      if (added.error.code === 'CLINIC_NOT_FOUND') fail(`${clinic}: no such clinic (npm run clinic -- list)`, 65);
      // The options are named as typed; the password was not typed as one.
      fail(added.error.message.replace(/^(name|email|role):/, '--$1:'), 65);
    }
    process.stdout.write(`${added.value.staffId}\t${added.value.email}\t${added.value.role}\n`);
  } finally {
    await closeStores(container, config);
  }
}

const STAFF_OPTIONS = {
  clinic: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
} as const;
const { positionals, values } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: STAFF_OPTIONS });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 64);
  }
})();
const [command, ...rest] = positionals;
const staffOptionsGiven = Object.keys(values).length > 0;
try {
  if (staffOptionsGiven && !(command === 'staff' && rest[0] === 'add')) fail(USAGE, 64);
  if (command === 'put' && rest.length === 1) await put(rest[0]!);
  else if (command === 'list' && rest.length === 0) await list();
  else if (command === 'tokens' && rest[0] === 'create' && rest.length === 2) await createToken(rest[1]!);
  else if (command === 'staff' && rest[0] === 'add' && rest.length === 1) await addStaff(values);
  else fail(USAGE, 64);
} catch (error) {
  if (error instanceof StoreUnavailable) fail(error.message, 78);
  if (error instanceof StoreUnavailableError)
    fail(`The store is not answering (${String(error.cause)}); try again later`, 78);
  throw error;
}
