import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../config/load-config.js';
import { PROJECT_ROOT } from '../../support/server-process.js';

const SHIPPED = JSON.parse(readFileSync(join(PROJECT_ROOT, 'config/clinic.json'), 'utf8'));

describe('the clinic file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-file-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  let files = 0;

  /** Loads `text` as the clinic file: the clinic the server starts with. */
  function clinicOf(text: string) {
    const path = join(directory, `clinic-${files++}.json`);
    writeFileSync(path, text);
    return loadConfig({ STORAGE: 'memory', CLINIC_CONFIG: path }, PROJECT_ROOT).clinic;
  }

  /** Loads `text` as the clinic file: the problems it is refused for, or none. */
  function problemsOf(text: string): string[] {
    try {
      clinicOf(text);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems;
    }
  }
  const problemsWith = (changes: Record<string, unknown>) => problemsOf(JSON.stringify({ ...SHIPPED, ...changes }));

  it('loads the shipped clinic', () => {
    expect(problemsOf(JSON.stringify(SHIPPED))).to.deep.equal([]);
  });

  it('refuses misspelt keys at every level, all at once, rather than ignoring them', () => {
    const { providers, holdMinutes, ...rest } = SHIPPED;
    const problems = problemsOf(
      JSON.stringify({
        ...rest,
        provders: providers,
        holdMinutez: holdMinutes,
        weeklyHours: { ...SHIPPED.weeklyHours, munday: [{ open: '09:00', close: '12:00' }] },
        providers: [{ id: 'dr-lee', name: 'Dr. Lee', weeklyHour: {} }],
      }),
    );
    expect(problems).to.include.members([
      'clinic.provders: expected no such field: one of id, name, timeZone, locale, weeklyHours, slotMinutes, horizonDays, holdMinutes, numbers, providers, address, description, frontDeskNumber, languages, whatsappTemplates',
      'clinic.holdMinutez: expected no such field: one of id, name, timeZone, locale, weeklyHours, slotMinutes, horizonDays, holdMinutes, numbers, providers, address, description, frontDeskNumber, languages, whatsappTemplates',
      'clinic.holdMinutes: expected an integer from 1 to 120',
      'clinic.weeklyHours.munday: expected no such field: one of sunday, monday, tuesday, wednesday, thursday, friday, saturday',
      'clinic.providers[0].weeklyHour: expected no such field: one of id, name, weeklyHours',
    ]);
  });

  it('refuses a key misspelt inside an opening period, naming it', () => {
    expect(problemsWith({ weeklyHours: { monday: [{ open: '09:00', clsoe: '12:00' }] } })).to.deep.equal([
      'clinic.weeklyHours.monday[0].clsoe: expected no such field: one of open, close',
      'clinic.weeklyHours.monday[0].close: expected a time of day HH:MM, 00:00 to 24:00',
    ]);
  });

  it('checks that times are HH:MM, open before close, and periods of a day do not overlap', () => {
    expect(
      problemsWith({
        weeklyHours: {
          monday: [{ open: '9:00', close: '12:00' }],
          tuesday: [{ open: '13:00', close: '12:00' }],
          wednesday: [
            { open: '09:00', close: '12:00' },
            { open: '11:00', close: '17:00' },
          ],
        },
      }),
    ).to.deep.equal([
      'clinic.weeklyHours.monday[0].open: expected a time of day HH:MM, 00:00 to 24:00',
      'clinic.weeklyHours.tuesday[0]: expected an opening period { "open": "HH:MM", "close": "HH:MM" } with open before close',
      'clinic.weeklyHours.wednesday: expected a list of opening periods that do not overlap',
    ]);
  });

  it('takes a file from before clinics had ids as the one clinic, default, in en-US, reached on no number', () => {
    const { id: _, locale: __, numbers: ___, ...older } = SHIPPED;
    expect(clinicOf(JSON.stringify(older))).to.deep.include({ id: 'default', locale: 'en-US', numbers: [] });
  });

  it("keeps the file's own id, locale and numbers, and checks them", () => {
    expect(
      clinicOf(JSON.stringify({ ...SHIPPED, id: 'lakeside', locale: 'fr-CA', numbers: ['+15559990000'] })),
    ).to.deep.include({ id: 'lakeside', locale: 'fr-CA', numbers: ['+15559990000'] });
    expect(problemsWith({ id: 'Lakeside Clinic', locale: 'fr_CA', numbers: ['555-999-0000'] })).to.deep.equal([
      'clinic.id: expected a clinic id of 2 to 40 lower-case letters, digits and dashes, not starting with a dash',
      'clinic.locale: expected a BCP 47 language tag dates can be written in, such as en-US or fr-CA',
      'clinic.numbers[0]: expected an E.164 phone number such as +15551234567',
    ]);
  });

  it('takes a clinic without providers', () => {
    const { providers: _, ...withoutProviders } = SHIPPED;
    expect(problemsOf(JSON.stringify(withoutProviders))).to.deep.equal([]);
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(problemsOf('{\n  "name": "Riverside",\n  "timeZone" "America/New_York"\n}')).to.deep.equal([
      `CLINIC_CONFIG: expected valid JSON in ${join(directory, `clinic-${files - 1}.json`)}, but line 3, column 14: Expected ':' after property name in JSON`,
    ]);
  });

  it('names the end of a clinic file cut short', () => {
    const problems = problemsOf('{\n  "name": "Riverside",\n');
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^CLINIC_CONFIG: expected valid JSON in .*clinic-\d+\.json, but line 3, column 1: /);
  });
});
