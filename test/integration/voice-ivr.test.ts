import { expect } from 'chai';
import twilio from 'twilio';
import { aClinic, CLINIC_NUMBER, FRONT_DESK } from '../support/clinic-builder.js';
import { CALLER } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { MONDAY_6PM, MONDAY_10AM } from '../support/times.js';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_BASE_URL = 'https://clinic.example.com';
const CALL_SID = `CA${'a'.repeat(32)}`;

/**
 * Without a live voice model the phone still works: Twilio's own speech recognition (Gather) and
 * synthesis (Say) carry the offline receptionist turn by turn. Requests are signed as Twilio signs.
 */
describe('calls answered by the speech IVR (no voice model)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL } });
  });
  afterEach(() => server.close());

  async function twilioPosts(path: string, form: Record<string, string>, signature?: string) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature':
          signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, form),
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, text: await response.text() };
  }
  const say = async (speech: string) =>
    (await twilioPosts('/api/v1/voice/gather', { CallSid: CALL_SID, From: CALLER, SpeechResult: speech })).text;

  it('answers the call with a spoken greeting that listens for speech and keypad', async () => {
    const { status, text } = await twilioPosts('/api/v1/voice/webhook', {
      CallSid: CALL_SID,
      From: CALLER,
      To: CLINIC_NUMBER,
    });
    expect(status).to.equal(200);
    expect(text).to.include(
      '<Gather input="speech dtmf" action="/api/v1/voice/gather?language=en" method="POST" speechTimeout="auto" timeout="6" numDigits="1" language="en-US">',
    );
    expect(text).to.include(
      `<Say ${'language="en-US" voice="Polly.Joanna-Neural"'}>Hello, you've reached Test Clinic. How can I help?</Say>`,
    );
  });

  it('books a slot by speech, saying the time as a person would and reading out no reference, and the booking is in the store', async () => {
    const held = await say('Can I come tomorrow at ten?');
    expect(held).to.match(/Tuesday, March 3 at ten o'clock/);
    expect(held).not.to.match(/YES|10:00/);
    const booked = await say('Yes.');
    expect(booked).to.match(/Booked: Tuesday, March 3 at ten o'clock/);
    expect(booked).not.to.match(/apt_|reference/);
    const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(CALLER)}`);
    expect(body.appointments.map((a: { slotId: string; status: string }) => [a.slotId, a.status])).to.deep.equal([
      ['2026-03-03T1000', 'BOOKED'],
    ]);
  });

  for (const farewell of ['Goodbye.', "That's all, thanks.", 'That is all', 'no thank you, bye bye bye']) {
    it(`says goodbye and hangs up when the caller says "${farewell}"`, async () => {
      const text = await say(farewell);
      expect(text).to.include(
        '<Say language="en-US" voice="Polly.Joanna-Neural">Thank you for calling Test Clinic. Goodbye.</Say><Hangup/>',
      );
      expect(text).not.to.include('<Gather');
    });
  }

  it('keeps listening when "that is all" is part of a request', async () => {
    expect(await say('Is that all you have on Friday?')).to.include('<Gather');
  });

  it('asks again when nothing was heard', async () => {
    expect(await say('')).to.include('Sorry, I missed that. How can I help?');
  });

  describe('with a front desk number', () => {
    beforeEach(async () => {
      await server.close();
      server = await startTestServer({
        twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
        frontDesk: FRONT_DESK,
      });
    });
    const ring = async () =>
      (await twilioPosts('/api/v1/voice/webhook', { CallSid: CALL_SID, From: CALLER, To: CLINIC_NUMBER })).text;
    const press = async (digit: string) =>
      (await twilioPosts('/api/v1/voice/gather', { CallSid: CALL_SID, From: CALLER, Digits: digit })).text;

    it('offers 0 for the front desk while the clinic is open, and dials it, reporting to transfer-ended', async () => {
      server.clock.set(MONDAY_10AM);
      expect(await ring()).to.include('How can I help? To speak to the front desk, press 0.</Say>');
      expect(await press('0')).to.equal(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US" voice="Polly.Joanna-Neural">Putting you through to the front desk.</Say><Dial timeout="25" action="/api/v1/voice/transfer-ended" method="POST">${FRONT_DESK}</Dial></Response>`,
      );
    });

    it('neither offers nor dials the front desk while the clinic is closed', async () => {
      server.clock.set(MONDAY_6PM);
      expect(await ring()).to.not.include('press 0');
      const answer = await press('0');
      expect(answer).to.not.include('<Dial');
      expect(answer).to.include('<Gather');
    });
  });

  it('refuses a forged call webhook with 403', async () => {
    const response = await twilioPosts('/api/v1/voice/webhook', { CallSid: CALL_SID, From: CALLER }, 'forged');
    expect(response.status).to.equal(403);
  });

  describe('at a clinic that offers Spanish', () => {
    const SPANISH = 'language="es-MX" voice="Polly.Mia-Neural"';
    beforeEach(async () => {
      await server.close();
      server = await startTestServer({
        twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
        clinic: aClinic({ languages: ['en', 'es'] }),
      });
    });
    const gather = async (form: Record<string, string>, language = 'en') =>
      (await twilioPosts(`/api/v1/voice/gather?language=${language}`, { CallSid: CALL_SID, From: CALLER, ...form }))
        .text;

    it('offers Spanish in Spanish after the greeting, listening for a key or speech', async () => {
      const { text } = await twilioPosts('/api/v1/voice/webhook', {
        CallSid: CALL_SID,
        From: CALLER,
        To: CLINIC_NUMBER,
      });
      expect(text).to.include('<Gather input="speech dtmf" action="/api/v1/voice/gather?language=en"');
      expect(text).to.include('How can I help? Para español, oprima dos.</Say>');
    });

    it('carries on in Spanish when the caller presses 2: greets, gathers and speaks es-MX, and is greeted so next call', async () => {
      const answer = await gather({ Digits: '2' });
      expect(answer).to.include(
        '<Gather input="speech dtmf" action="/api/v1/voice/gather?language=es" method="POST" speechTimeout="auto" timeout="6" numDigits="1" language="es-MX">',
      );
      expect(answer).to.include(`<Say ${SPANISH}>Hola, ha llamado a Test Clinic. ¿En qué le puedo ayudar?</Say>`);
      expect(answer).to.include(`<Say ${SPANISH}>Perdone, no he oído nada.`);
      const { text } = await twilioPosts('/api/v1/voice/webhook', {
        CallSid: CALL_SID,
        From: CALLER,
        To: CLINIC_NUMBER,
      });
      expect(text).to.include(`<Say ${SPANISH}>Hola, ha llamado a Test Clinic.`);
      expect(text).to.include('For English, press 1.');
    });

    it('answers in Spanish a caller who speaks Spanish, and keeps the call in it', async () => {
      const answer = await gather({ SpeechResult: 'Hola, quisiera una cita para mañana' });
      expect(answer).to.include('action="/api/v1/voice/gather?language=es"');
      expect(answer).to.include(`<Say ${SPANISH}>`);
      expect(await gather({ SpeechResult: '' }, 'es')).to.include(
        `<Say ${SPANISH}>Perdone, no le he entendido. ¿En qué le puedo ayudar?</Say>`,
      );
    });

    for (const farewell of ['Adiós.', 'Eso es todo, gracias.', 'No, nada más, gracias']) {
      it(`says goodbye in Spanish and hangs up when the caller says "${farewell}"`, async () => {
        const text = await gather({ SpeechResult: farewell }, 'es');
        expect(text).to.include(`<Say ${SPANISH}>Gracias por llamar a Test Clinic. Adiós.</Say><Hangup/>`);
        expect(text).not.to.include('<Gather');
      });
    }

    it('keeps listening when "nada más" is part of a request', async () => {
      expect(await gather({ SpeechResult: '¿Nada más tienen el viernes?' }, 'es')).to.include('<Gather');
    });
  });
});
