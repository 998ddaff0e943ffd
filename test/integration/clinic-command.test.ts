import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { SqliteClinicTokens } from '../../src/adapters/sqlite/sqlite-clinic-tokens.js';
import { SqliteStaffAccounts } from '../../src/adapters/sqlite/sqlite-staff-accounts.js';
import { ScryptPasswordHasher } from '../../src/adapters/system/scrypt-password-hasher.js';
import { Sha256SecretTokens } from '../../src/adapters/system/sha256-secret-tokens.js';
import { dynamoDbEnvironment, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { PROJECT_ROOT } from '../support/server-process.js';

const CLI = fileURLToPath(new URL('../../src/cli/clinic.js', import.meta.url));
const dynamoDbLocal = useSharedDynamoDbLocal();
// The shipped file leaves its id to the default; a document put by the command names its own.
const SHIPPED = { id: 'riverside', ...JSON.parse(readFileSync(join(PROJECT_ROOT, 'config/clinic.json'), 'utf8')) };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('npm run clinic', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-command-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  let files = 0;
  let database: string;
  beforeEach(() => {
    database = join(directory, `clinics-${files++}.sqlite`);
  });

  const clinic = (document: unknown) => {
    const path = join(directory, `clinic-${files++}.json`);
    writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
    return path;
  };

  async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH ?? '', STORAGE: 'sqlite', SQLITE_PATH: database, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as Run;
      return { code, stdout, stderr };
    }
  }

  it('puts a clinic, puts it again changed, and lists each clinic by id: id, name and numbers', async () => {
    const lakeside = { ...SHIPPED, id: 'lakeside', name: 'Lakeside', numbers: ['+15557770001', '+15557770002'] };
    expect(await run(['put', clinic(SHIPPED)])).to.deep.include({ code: 0, stdout: 'Created clinic riverside\n' });
    expect(await run(['put', clinic(lakeside)])).to.deep.include({ code: 0, stdout: 'Created clinic lakeside\n' });
    expect(await run(['put', clinic({ ...lakeside, numbers: ['+15557770003'] })])).to.deep.include({
      code: 0,
      stdout: 'Replaced clinic lakeside\n',
    });
    expect(await run(['list'])).to.deep.include({
      code: 0,
      stdout: 'lakeside\tLakeside\t+15557770003\nriverside\tRiverside Family Clinic\t\n',
    });
  });

  it("reads a relative FILE in the folder npm was run from, not the project's", async () => {
    const path = clinic({ ...SHIPPED, id: 'from-the-callers-folder' });
    expect(await run(['put', basename(path)], { INIT_CWD: directory })).to.deep.include({
      code: 0,
      stdout: 'Created clinic from-the-callers-folder\n',
    });
  });

  it('refuses a number another clinic has, naming both, and changes nothing (65)', async () => {
    await run(['put', clinic({ ...SHIPPED, numbers: ['+15557770001'] })]);
    expect(await run(['put', clinic({ ...SHIPPED, id: 'lakeside', numbers: ['+15557770001'] })])).to.deep.equal({
      code: 65,
      stdout: '',
      stderr: 'numbers: +15557770001 already reaches clinic riverside; take it off that clinic first\n',
    });
    expect((await run(['list'])).stdout).to.equal('riverside\tRiverside Family Clinic\t+15557770001\n');
  });

  it('refuses a file that is no clinic, saying where and what was expected (65), or that cannot be read (66)', async () => {
    const broken = clinic('{\n  "id": "lakeside"\n  "name": "Lakeside"\n}');
    expect(await run(['put', broken])).to.deep.include({
      code: 65,
      stderr: `${broken}: expected valid JSON, but line 3, column 3: Expected ',' or '}' after property value in JSON\n`,
    });
    const { id: _, ...withoutId } = SHIPPED;
    const misspelt = clinic({ ...withoutId, adress: '12 Lake Street' });
    const refused = await run(['put', misspelt]);
    expect(refused.code).to.equal(65);
    expect(refused.stderr.split('\n')).to.include.members([
      `${misspelt}:`,
      'clinic.adress: expected no such field: one of id, name, timeZone, locale, weeklyHours, slotMinutes, horizonDays, holdMinutes, numbers, providers, address, description, frontDeskNumber, languages, whatsappTemplates',
      'clinic.id: expected a clinic id of 2 to 40 lower-case letters, digits and dashes, not starting with a dash',
    ]);
    const missing = join(directory, 'missing.json');
    expect(await run(['put', missing])).to.deep.include({ code: 66, stderr: `${missing}: cannot be read\n` });
    expect((await run(['list'])).stdout).to.equal('');
  });

  it('issues a clinic a token, shown once and found by its hash, and none for a clinic there is not', async () => {
    await run(['put', clinic(SHIPPED)]);
    const issued = await run(['tokens', 'create', 'riverside']);
    expect(issued.code).to.equal(0);
    const [tokenId, token] = issued.stdout.trimEnd().split('\t');
    const tokens = new SqliteClinicTokens(database);
    try {
      expect(await tokens.find(new Sha256SecretTokens().hash(token!))).to.deep.equal({
        tokenId,
        clinicId: 'riverside',
      });
    } finally {
      await tokens.close();
    }
    expect(await run(['tokens', 'create', 'lakeside'])).to.deep.include({
      code: 65,
      stdout: '',
      stderr: 'lakeside: no such clinic (npm run clinic -- list)\n',
    });
  });

  it('adds a staff member who signs in with the password given on stdin or in STAFF_PASSWORD, never in the arguments', async () => {
    await run(['put', clinic(SHIPPED)]);
    const add = (email: string, role = 'manager') => [
      'staff',
      'add',
      '--clinic',
      'riverside',
      '--name',
      'Ana Ruiz',
      '--email',
      email,
      '--role',
      role,
    ];
    const fromStdin = await new Promise<Run>((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, ...add('Ana@Riverside.Example')],
        { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', STORAGE: 'sqlite', SQLITE_PATH: database } },
        (error, stdout, stderr) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout, stderr }),
      );
      child.stdin!.end('correct horse battery staple\n');
    });
    expect(fromStdin.code, fromStdin.stderr).to.equal(0);
    expect(fromStdin.stdout).to.match(/^stf_[a-z0-9]+\tana@riverside\.example\tmanager\n$/);
    const accounts = new SqliteStaffAccounts(database);
    try {
      const account = await accounts.byEmail('ana@riverside.example');
      expect(account).to.include({ clinicId: 'riverside', name: 'Ana Ruiz', role: 'manager' });
      expect(await new ScryptPasswordHasher().verify('correct horse battery staple', account!.passwordHash)).to.equal(
        true,
      );
    } finally {
      await accounts.close();
    }
    const password = { STAFF_PASSWORD: 'another long passphrase' };
    expect(await run(add('ben@riverside.example', 'front-desk'), password)).to.deep.include({ code: 0 });
    expect(await run(add('ana@riverside.example'), password)).to.deep.equal({
      code: 65,
      stdout: '',
      stderr: '--email: ana@riverside.example already has an account; expected another\n',
    });
    expect(await run(add('cy@riverside.example'), { STAFF_PASSWORD: 'too short' })).to.deep.include({
      code: 65,
      stderr: 'password: expected a password of 12 to 1024 characters\n',
    });
    expect(await run(add('cy@riverside.example', 'doctor'), password)).to.deep.include({
      code: 65,
      stderr: '--role: expected one of front-desk, manager\n',
    });
    expect((await run(['staff', 'add', '--clinic', 'riverside'], password)).code).to.equal(64);
  });

  it('answers a command it does not know, or a memory store, with its usage (64)', async () => {
    for (const args of [[], ['lists'], ['put'], ['put', 'a.json', 'b.json'], ['tokens', 'create', 'Riverside']]) {
      const { code, stderr } = await run(args);
      expect(code, args.join(' ')).to.equal(64);
      expect(stderr, args.join(' ')).to.include('usage: npm run clinic -- put FILE.json');
    }
    expect(await run(['list'], { STORAGE: 'memory' })).to.deep.include({ code: 64 });
  });

  it('works on DynamoDB as the server does: its tables, or a line naming the command that makes them (78)', async () => {
    const local = await dynamoDbLocal();
    const prefix = `clinic-command-${process.pid}-`;
    const env = dynamoDbEnvironment(local, prefix);
    const missing = await run(['list'], env);
    expect(missing.code).to.equal(78);
    expect(missing.stderr).to.include(`table ${prefix}slots does not exist`).and.include('npm run db:create');
    const client = createDynamoDbClient(local.clientConfig);
    await createTables(client, prefix);
    client.destroy();
    expect(await run(['put', clinic(SHIPPED)], env)).to.deep.include({ code: 0, stdout: 'Created clinic riverside\n' });
    expect((await run(['list'], env)).stdout).to.equal('riverside\tRiverside Family Clinic\t\n');
  });

  it('stops on a store or configuration it cannot use, saying why (78)', async () => {
    writeFileSync(
      database,
      'not a database, and long enough to be read as a header of one, which it is not'.repeat(100),
    );
    const corrupt = await run(['list']);
    expect(corrupt.code).to.equal(78);
    expect(corrupt.stderr).to.include(`SQLITE_PATH: ${database} is not a usable SQLite database`);
    const misconfigured = await run(['list'], { STORAGE: 'postgres' });
    expect(misconfigured.code).to.equal(78);
    expect(misconfigured.stderr).to.include('STORAGE: expected one of memory, sqlite, dynamodb');
  });
});
