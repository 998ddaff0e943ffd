import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteConversationStore } from '../../src/adapters/sqlite/sqlite-conversation-store.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { SlotId } from '../../src/domain/slot.js';
import type { OutboundMessage } from '../../src/ports/messenger.js';
import { aStoreWithBookings } from '../support/booking-use-cases.js';
import { aClinic, CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { FixedClock } from '../support/fixed-clock.js';
import { ALICE, BOB } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { HeldLanguageModel } from '../support/scripted-language-model.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';
import { MONDAY_8AM } from '../support/times.js';

interface Answer {
  status: number;
  connection: string | null;
  text: string;
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  connection: response.headers.get('connection'),
  text: await response.text(),
});

function chat(server: TestServer, patient: PhoneNumber, message: string): Promise<Answer> {
  return fetch(`${server.url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phoneNumber: patient, message }),
  }).then(answerOf);
}

function text(server: TestServer, patient: PhoneNumber, body: string): Promise<Answer> {
  const form = { MessageSid: `SM${'7'.repeat(32)}`, From: patient, To: CLINIC_NUMBER, Body: body };
  return fetch(`${server.url}/api/v1/sms/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  }).then(answerOf);
}

function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('stopping the server while requests are in flight', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-stopping-'));
  let model: HeldLanguageModel;
  after(() => rmSync(directory, { recursive: true, force: true }));
  beforeEach(() => {
    model = new HeldLanguageModel();
  });
  // A request a test let be cut still runs on in the background: it ends here.
  afterEach(() => model.answerAll());

  it('answers a chat message and a text waiting on the model, keeps their turns, and refuses new connections meanwhile', async () => {
    const sqlitePath = join(directory, 'clinic.sqlite');
    const server = await startTestServer({
      storage: 'sqlite',
      sqlitePath,
      languageModel: model,
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
    });
    const chatted = chat(server, ALICE, 'is tuesday free?');
    const texted = text(server, BOB, 'anything on friday?');
    await model.waiting(2);

    const stopped = server.close();
    expect(await connectionRefused(server.url)).to.equal(true);
    model.answerAll();
    const [chatAnswer, textAnswer] = await Promise.all([chatted, texted]);
    await stopped;

    expect(chatAnswer).to.deep.equal({
      status: 200,
      connection: 'close',
      text: JSON.stringify({ reply: 'You said: is tuesday free?' }),
    });
    expect(textAnswer.status).to.equal(200);
    expect(textAnswer.connection).to.equal('close');
    expect(textAnswer.text).to.include('<Message>You said: anything on friday?</Message>');
    const conversations = new SqliteConversationStore(sqlitePath, CLINIC_ID);
    try {
      for (const [patient, said] of [
        [ALICE, 'is tuesday free?'],
        [BOB, 'anything on friday?'],
      ] as const) {
        const turns = await conversations.recent(patient, server.clock.now());
        expect(turns.map((turn) => ('text' in turn ? turn.text : turn.role))).to.deep.equal([
          said,
          `You said: ${said}`,
        ]);
      }
    } finally {
      await conversations.close();
    }
  });

  it('sends a reply that missed the deadline of its text, and keeps its turns, before the stores close', async () => {
    const sqlitePath = join(directory, 'late.sqlite');
    const messenger = new RecordingMessenger();
    const server = await startTestServer({
      storage: 'sqlite',
      sqlitePath,
      languageModel: model,
      messenger,
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
      smsReplyDeadlineMs: 1_000,
    });
    const texted = await text(server, BOB, 'anything on friday?');
    // Twilio was answered empty at the deadline; the reply is to go out as a message once ready.
    expect(texted.text).not.to.include('<Message>');

    // The model answers only once a stop with nothing in flight would long have closed the stores.
    const stopped = server.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    model.answerAll();
    await stopped;

    expect(messenger.sent.map(({ to, body }) => [to, body])).to.deep.equal([[BOB, 'You said: anything on friday?']]);
    const conversations = new SqliteConversationStore(sqlitePath, CLINIC_ID);
    try {
      const turns = await conversations.recent(BOB, server.clock.now());
      expect(turns).to.have.length(2);
    } finally {
      await conversations.close();
    }
  });

  it('cuts a request still running at the grace deadline, having answered the one that finished in time', async () => {
    const server = await startTestServer({ languageModel: model, shutdownGraceMs: 1_000 });
    const inTime = chat(server, ALICE, 'is tuesday free?');
    const tooLate = chat(server, BOB, 'anything on friday?').catch((error: Error) => error);
    await model.waiting(2);

    const stopped = server.close();
    model.answer(0);
    expect((await inTime).text).to.equal(JSON.stringify({ reply: 'You said: is tuesday free?' }));
    await stopped;
    expect(await tooLate).to.be.an.instanceOf(TypeError);
  });
});

/** Sends nothing until the test lets it: a provider slow to answer. */
class HeldMessenger extends RecordingMessenger {
  private release: () => void = () => {};
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  private arrived: () => void = () => {};
  /** Resolves once a send has begun. */
  readonly sending = new Promise<void>((resolve) => (this.arrived = resolve));

  override async send(message: OutboundMessage) {
    this.arrived();
    await this.released;
    return super.send(message);
  }

  answer(): void {
    this.release();
  }
}

describe('stopping the server while the outbox sends', () => {
  it('lets the text being sent go out and be recorded, and leaves the others due, unclaimed, for the next server', async () => {
    const clinic = aClinic();
    const clock = new FixedClock(MONDAY_8AM);
    const store = await aStoreWithBookings(clinic, clock, ALICE, ['2026-03-03T1000', '2026-03-03T1100'] as SlotId[]);
    const messenger = new HeldMessenger();
    const logger = new RecordingLogger();
    const server = await startTestServer({ clinic, store, messenger, logger, outboxPollMs: 3_600_000 });
    await messenger.sending;

    const stopped = server.close();
    // Calls still draining may book and have their confirmations sent: the outbox stops only after them.
    await eventually(
      () => logger.withMessage('outbox: the round ends with the notification being sent').length > 0,
      'the outbox to be stopped',
    );
    messenger.answer();
    await stopped;

    expect(messenger.sent).to.have.length(1);
    const due = await store.dueNotifications(clock.now(), 10);
    expect(due.map(({ status, attempts, leaseUntil }) => ({ status, attempts, leaseUntil }))).to.deep.equal([
      { status: 'PENDING', attempts: 0, leaseUntil: undefined },
    ]);
  });
});
