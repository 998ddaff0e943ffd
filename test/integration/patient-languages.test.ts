import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqlitePatientProfiles } from '../../src/adapters/sqlite/sqlite-patient-profiles.js';
import type { LanguageModel, ModelReply, ModelRequest } from '../../src/ports/language-model.js';
import { aClinic, CLINIC_ID } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { ALICE, BOB } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Answers in the language it is asked to, and keeps what it was asked. */
class LanguageRecordingModel implements LanguageModel {
  readonly name = 'language-recording';
  readonly requests: ModelRequest[] = [];

  async generate(request: ModelRequest): Promise<ModelReply> {
    this.requests.push(request);
    return { text: request.language === 'es' ? '¿Qué día le viene bien?' : 'Which day suits you?', toolCalls: [] };
  }
}

const directory = mkdtempSync(join(tmpdir(), 'clinic-languages-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;

describe("the patient's language on texts and the chat", () => {
  let server: TestServer;
  let model: LanguageRecordingModel;
  let messenger: RecordingMessenger;
  let sqlitePath: string;

  async function start(languages: string[]) {
    model = new LanguageRecordingModel();
    messenger = new RecordingMessenger();
    sqlitePath = join(directory, `languages-${files++}.sqlite`);
    server = await startTestServer({
      clinic: aClinic({ languages }),
      storage: 'sqlite',
      sqlitePath,
      languageModel: model,
      messenger,
      outboxPollMs: 20,
    });
  }
  afterEach(() => server.close());

  const chat = async (message: string, phoneNumber = ALICE) => {
    const { status, body } = await server.request('POST', '/api/v1/chat', { phoneNumber, message });
    expect(status, message).to.equal(200);
    return body.reply as string;
  };
  const storedProfile = async (patient = ALICE) => {
    const profiles = new SqlitePatientProfiles(sqlitePath, CLINIC_ID);
    try {
      return await profiles.profileOf(patient);
    } finally {
      await profiles.close();
    }
  };
  async function book(slotId: string, phoneNumber = ALICE) {
    expect((await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber })).status).to.equal(201);
    expect((await server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber })).status).to.equal(
      201,
    );
  }

  it('answers a patient writing Spanish in Spanish, turn after turn, remembers it, and confirms her booking in Spanish', async () => {
    await start(['en', 'es']);
    expect(await chat('Hola, quisiera una cita para mañana por la tarde')).to.equal('¿Qué día le viene bien?');
    expect(await chat('ok')).to.equal('¿Qué día le viene bien?');
    expect(model.requests.map((request) => request.language)).to.deep.equal(['es', 'es']);
    expect(model.requests[0]!.systemInstruction).to.include('Answer in Spanish (es)');
    expect(await storedProfile()).to.deep.equal({ language: 'es' });

    await book('2026-03-03T1000');
    await eventually(() => messenger.sent.length === 1, 'the confirmation to be sent');
    expect(messenger.sent[0]!.body).to.equal(
      `Test Clinic: su cita está reservada para el martes 3 de marzo a las 10:00 a.m. Ref. ${messenger.sent[0]!.body.match(/Ref\. (\S+)\./)![1]}. Responda a este mensaje para cambiarla o anularla.`,
    );
  });

  it('goes back to English when the patient plainly writes English, and tells an unknown patient in the clinic language', async () => {
    await start(['en', 'es']);
    await chat('Hola, necesito una cita');
    expect(await chat('Can I have an appointment tomorrow morning please?')).to.equal('Which day suits you?');
    expect(await storedProfile()).to.deep.equal({ language: 'en' });
    await book('2026-03-03T1000', BOB);
    await eventually(() => messenger.sent.length === 1, 'the confirmation to be sent');
    expect(messenger.sent[0]!.body).to.match(
      /^Test Clinic: your appointment is booked for Tuesday 3 March at 10:00 AM\./,
    );
  });

  it("answers a language the clinic does not offer in the clinic's first, saying so once, in the patient's own", async () => {
    await start(['en']);
    expect(await chat('Hola, necesito una cita')).to.equal(
      'Lo sentimos: Test Clinic responde los mensajes en inglés. Which day suits you?',
    );
    expect(await chat('Gracias, mañana por la tarde')).to.equal('Which day suits you?');
    expect(model.requests.map((request) => request.language)).to.deep.equal(['en', 'en']);
    expect(await storedProfile()).to.deep.equal({ language: 'es' });
    await book('2026-03-03T1000');
    await eventually(() => messenger.sent.length === 1, 'the confirmation to be sent');
    expect(messenger.sent[0]!.body).to.match(/^Test Clinic: your appointment is booked/);
  });

  it('answers a Spanish carrier keyword typed on the chat in Spanish, changing nothing', async () => {
    await start(['en', 'es']);
    expect(await chat('PARAR')).to.match(/^No ha cambiado nada: solo el paciente/);
    expect(model.requests).to.deep.equal([]);
  });
});
