import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { type FakeGeminiResponse, textAnswer } from '../support/fake-gemini-answers.js';
import { FakeGeminiServer } from '../support/fake-gemini-server.js';
import { ALICE } from '../support/patients.js';
import { bookThroughApi, failedStart, startServerProcess } from '../support/server-process.js';

describe('the server process', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-process-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps every appointment across a restart on SQLite', async () => {
    const env = { STORAGE: 'sqlite', SQLITE_PATH: join(directory, 'clinic.sqlite') };
    const first = await startServerProcess(env);
    let booked: string[];
    try {
      booked = await bookThroughApi(first.url, ALICE, 3);
    } finally {
      expect(await first.stop()).to.equal(0);
    }

    const second = await startServerProcess(env);
    try {
      const { appointments } = await (
        await fetch(`${second.url}/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`)
      ).json();
      expect(appointments.map((a: { appointmentId: string }) => a.appointmentId)).to.deep.equal(booked);
      expect(appointments.every((a: { status: string }) => a.status === 'BOOKED')).to.equal(true);
      expect(second.output()).to.match(/"added":0,/);
    } finally {
      await second.stop();
    }
  });

  it('never writes a phone number in full, nor a message text, to its log', async () => {
    const server = await startServerProcess({ STORAGE: 'memory', TWILIO_WEBHOOKS: 'unsigned-local' });
    try {
      await fetch(`${server.url}/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`);
      await fetch(`${server.url}/api/v1/slots/hold`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ slotId: '2020-01-01T0900', phoneNumber: ALICE }),
      });
      // A text is logged with its sender: the one place a number is written, masked.
      const form = new URLSearchParams({
        MessageSid: `SM${'9'.repeat(32)}`,
        From: ALICE,
        Body: 'my chest hurts, can I come today?',
      });
      await fetch(`${server.url}/api/v1/sms/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } finally {
      await server.stop();
    }
    expect(server.output()).to.include('"path":"/api/v1/appointments"');
    expect(server.output()).to.include('"from":"+1******0001"');
    expect(server.output()).to.not.include('5550000001');
    expect(server.output(), 'message texts are not logged at info level').to.not.include('chest');
  });

  it('refuses to start on bad configuration, listing every bad key and what was expected', async () => {
    const clinicFile = join(directory, 'bad-clinic.json');
    writeFileSync(
      clinicFile,
      JSON.stringify({
        name: '',
        timeZone: 'Mars/Olympus',
        weeklyHours: { monday: [{ open: '17:00', close: '09:00' }] },
        slotMinutes: 0,
        horizonDays: 30,
        holdMinutes: 10,
        providers: [],
      }),
    );
    const { code, output } = await failedStart({
      PORT: 'eighty',
      STORAGE: 'postgres',
      LOG_LEVEL: 'loud',
      API_TOKEN: 'short',
      GEMINI_API_VERSION: 'v2',
      GEMINI_LIVE_VOICE: 'kore; drop',
      GEMINI_LIVE_INPUT_RATE: '44100',
      VOICE_MAX_CALLS: '0',
      FRONT_DESK_NUMBER: 'the front desk',
      CLINIC_CONFIG: clinicFile,
    });
    expect(code).to.equal(78);
    for (const line of [
      'PORT: expected an integer from 0 to 65535',
      'STORAGE: expected one of memory, sqlite',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      'API_TOKEN: expected a token of at least 16 characters, or unset',
      'GEMINI_API_VERSION: expected one of v1, v1beta, v1alpha',
      "GEMINI_LIVE_VOICE: expected one of Gemini's prebuilt voice names, such as Kore, or unset",
      'GEMINI_LIVE_INPUT_RATE: expected one of 8000, 16000',
      'VOICE_MAX_CALLS: expected an integer from 1 to 100000',
      'FRONT_DESK_NUMBER: expected an E.164 phone number such as +15551234567, or unset',
      'clinic.name: expected a non-empty clinic name',
      'clinic.timeZone: expected an IANA time zone such as America/New_York',
      'clinic.weeklyHours.monday[0]: expected an opening period',
      'clinic.slotMinutes: expected an integer from 5 to 240',
    ]) {
      expect(output).to.include(line);
    }
    expect(output).to.not.include('short');
  });

  it('refuses to listen beyond loopback without API_TOKEN', async () => {
    const { code, output } = await failedStart({ HOST: '0.0.0.0' });
    expect(code).to.equal(78);
    expect(output).to.include('HOST: expected a loopback address (127.0.0.1, ::1, localhost) while API_TOKEN is unset');
  });

  it('names every Twilio setting missing for MESSAGING_PROVIDER=twilio', async () => {
    const { code, output } = await failedStart({ MESSAGING_PROVIDER: 'twilio' });
    expect(code).to.equal(78);
    expect(output).to.include('TWILIO_ACCOUNT_SID: expected the account SID');
    expect(output).to.include(
      "TWILIO_AUTH_TOKEN: expected the Twilio account's auth token (Twilio Console, Account Info) while MESSAGING_PROVIDER=twilio is set",
    );
    expect(output).to.include(
      'TWILIO_FROM_NUMBER: expected the number texts are sent from, or TWILIO_MESSAGING_SERVICE_SID',
    );
  });

  it('keeps the quick start open on loopback: slots and chat with no key and no token', async () => {
    const server = await startServerProcess({ STORAGE: 'memory' });
    try {
      const date = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      expect((await fetch(`${server.url}/api/v1/slots?date=${date}&status=available`)).status).to.equal(200);
      const chat = await fetch(`${server.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneNumber: ALICE, message: 'anything tomorrow?' }),
      });
      expect(chat.status).to.equal(200);
      expect((await chat.json()).reply).to.be.a('string');
    } finally {
      await server.stop();
    }
  });

  it('answers a request in flight when sent SIGTERM, then exits 0', async () => {
    const gemini = await FakeGeminiServer.start({ apiKey: 'gemini-key' });
    let answer: (response: FakeGeminiResponse) => void = () => {};
    gemini.enqueue(new Promise((resolve) => (answer = resolve)));
    const server = await startServerProcess({
      STORAGE: 'memory',
      GEMINI_API_KEY: 'gemini-key',
      GOOGLE_GEMINI_BASE_URL: gemini.url,
    });
    try {
      const chat = fetch(`${server.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneNumber: ALICE, message: 'anything tomorrow?' }),
      });
      await eventually(() => gemini.requests.length === 1, 'the model to be asked');
      const exited = server.stop('SIGTERM');
      await eventually(
        () => server.output().includes('"msg":"shutting down"') || server.child.exitCode !== null,
        'the server to begin its stop',
      );
      answer(textAnswer('Tomorrow at 9:00 is free.'));
      const reply = await chat;
      expect(await reply.json()).to.deep.equal({ reply: 'Tomorrow at 9:00 is free.' });
      expect(await exited).to.equal(0);
      expect(server.output()).to.include('"requests":{"finished":1,"cut":0}');
    } finally {
      await server.stop('SIGKILL');
      await gemini.close();
    }
  });

  describe('exposed beyond this machine', () => {
    const API_TOKEN_MISSING =
      'API_TOKEN: expected a token of at least 16 characters (make one with: openssl rand -hex 32)';
    const TWILIO_AUTH_TOKEN_MISSING = "TWILIO_AUTH_TOKEN: expected the Twilio account's auth token";
    const TOKEN = 'a-long-enough-api-token';

    /** Exit code 78 with one message, however many settings are missing. */
    async function refusal(env: Record<string, string>): Promise<string> {
      const { code, output } = await failedStart(env);
      expect(code).to.equal(78);
      expect(output.match(/Invalid configuration/g)).to.have.length(1);
      return output;
    }

    it('refuses to start behind a public URL without API_TOKEN and TWILIO_AUTH_TOKEN, naming both in one message', async () => {
      const output = await refusal({ PUBLIC_BASE_URL: 'https://clinic.example.com' });
      expect(output).to.include(`${API_TOKEN_MISSING} while PUBLIC_BASE_URL is set`);
      expect(output).to.include(
        `${TWILIO_AUTH_TOKEN_MISSING} (Twilio Console, Account Info) while PUBLIC_BASE_URL is set`,
      );
    });

    it('refuses two-way SMS over SNS without API_TOKEN, and asks nothing of Twilio', async () => {
      const output = await refusal({
        SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:clinic-two-way-sms',
        MESSAGING_PROVIDER: 'sns',
      });
      expect(output).to.include(`${API_TOKEN_MISSING} while SNS_TOPIC_ARN and MESSAGING_PROVIDER=sns are set`);
      expect(output).to.not.include('TWILIO');
    });

    it('refuses sending through Twilio without API_TOKEN, or with an API key but no auth token', async () => {
      const output = await refusal({
        MESSAGING_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_API_KEY_SID: `SK${'0'.repeat(32)}`,
        TWILIO_API_KEY_SECRET: 'api-key-secret',
        TWILIO_FROM_NUMBER: '+15550001111',
      });
      expect(output).to.include(`${API_TOKEN_MISSING} while MESSAGING_PROVIDER=twilio is set`);
      expect(output).to.include(
        `${TWILIO_AUTH_TOKEN_MISSING} (Twilio Console, Account Info) while MESSAGING_PROVIDER=twilio is set`,
      );
    });

    it('refuses the unsigned local mode on a server with a public URL, though every secret is set', async () => {
      const output = await refusal({
        PUBLIC_BASE_URL: 'https://clinic.example.com',
        API_TOKEN: TOKEN,
        TWILIO_AUTH_TOKEN: 'twilio-auth-token',
        TWILIO_WEBHOOKS: 'unsigned-local',
      });
      expect(output).to.include('TWILIO_WEBHOOKS: expected signed while PUBLIC_BASE_URL is set');
      expect(output).to.not.include('API_TOKEN:');
    });

    it('refuses the unsigned local mode when listening beyond loopback', async () => {
      const output = await refusal({
        HOST: '0.0.0.0',
        API_TOKEN: TOKEN,
        TWILIO_WEBHOOKS: 'unsigned-local',
      });
      expect(output).to.include('TWILIO_WEBHOOKS: expected signed while HOST=0.0.0.0 is set');
    });

    it('names a TWILIO_WEBHOOKS setting it does not know', async () => {
      const output = await refusal({ TWILIO_WEBHOOKS: 'unsigned' });
      expect(output).to.include('TWILIO_WEBHOOKS: expected one of signed, unsigned-local');
    });
  });

  it('names an unreadable clinic file', async () => {
    const { output } = await failedStart({ CLINIC_CONFIG: join(directory, 'missing.json') });
    expect(output).to.include('CLINIC_CONFIG: expected a readable clinic JSON file');
  });
});
