import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { LANGUAGES_FOLDER } from '../../config/languages.js';
import type { WeeklyHours } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { aClinic, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { ALICE, CALLER } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const DAY: WeeklyHours[keyof WeeklyHours] = [
  { open: '09:00', close: '12:00' },
  { open: '14:00', close: '17:00' },
];
/**
 * Open weekday mornings and afternoons, in English and Spanish, and named in neither; its locale writes
 * times on the 24-hour clock in either language.
 */
const CLINIC = aClinic({
  name: 'Sol Clinic',
  locale: 'en-GB',
  languages: ['en', 'es'],
  weeklyHours: { monday: DAY, tuesday: DAY, wednesday: DAY, thursday: DAY, friday: DAY },
});

/**
 * Words of the English packs (the receptionist's replies, the texts about bookings) that the Spanish
 * ones never use: any of them in what a Spanish-speaking patient is told is English leaking through.
 */
function englishOnlyWords(): Set<string> {
  const wordsOf = (code: string) =>
    new Set(
      ['replies.json', 'messages.json'].flatMap(
        (file) =>
          readFileSync(join(LANGUAGES_FOLDER, code, file), 'utf8')
            .replace(/\{[a-zA-Z]+\}/g, ' ')
            .toLowerCase()
            .match(/\p{L}{3,}/gu) ?? [],
      ),
    );
  const spanish = wordsOf('es');
  return new Set([...wordsOf('en')].filter((word) => !spanish.has(word)));
}
const ENGLISH_ONLY = englishOnlyWords();

/** The English words in what the patient was told, but for the clinic's name and the appointment's reference. */
const englishIn = (told: string) =>
  (
    told
      .replaceAll(CLINIC.name, ' ')
      .replace(/\bapt_\w+/g, ' ')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? []
  ).filter((word) => ENGLISH_ONLY.has(word));

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

interface Channel {
  name: string;
  patient: PhoneNumber;
  /** Starts a conversation on this channel: what the receptionist answers each thing said with. */
  open(server: TestServer): Promise<(text: string) => Promise<string>>;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

let messageSids = 0;
const CHANNELS: Channel[] = [
  {
    name: 'SMS (the Twilio webhook)',
    patient: ALICE,
    async open(server) {
      return async (text) => {
        const MessageSid = `SM${String(++messageSids).padStart(32, '0')}`;
        const response = await fetch(
          `${server.url}/api/v1/sms/webhook`,
          form({ MessageSid, From: ALICE, To: CLINIC_NUMBER, Body: text }),
        );
        const twiml = await response.text();
        expect(response.status, twiml).to.equal(200);
        return unescapeXml(/<Message>([\s\S]*)<\/Message>/.exec(twiml)?.[1] ?? '');
      };
    },
  },
  {
    name: 'the REST chat',
    patient: ALICE,
    async open(server) {
      return async (message) => {
        const { status, body } = await server.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message });
        expect(status, JSON.stringify(body)).to.equal(200);
        return body.reply as string;
      };
    },
  },
  {
    // The call is answered in the clinic's first language, English; the caller simply speaks Spanish.
    name: 'the speech IVR (Twilio Gather)',
    patient: CALLER,
    async open(server) {
      const call = { CallSid: `CA${'e'.repeat(32)}`, From: CALLER, To: CLINIC_NUMBER };
      const post = async (path: string, fields: Record<string, string>) => {
        const response = await fetch(`${server.url}${path}`, form(fields));
        const twiml = await response.text();
        expect(response.status, twiml).to.equal(200);
        const gather = /<Gather [^>]*action="([^"]+)"[^>]*>([\s\S]*)<\/Gather>/.exec(twiml);
        expect(gather, twiml).to.not.equal(null);
        const said = [...gather![2]!.matchAll(/<Say [^>]*>([^<]*)<\/Say>/g)].map(([, text]) => unescapeXml(text!));
        return { action: unescapeXml(gather![1]!), said: said.join(' ') };
      };
      let { action } = await post('/api/v1/voice/webhook', call);
      return async (speech) => {
        const turn = await post(action, { ...call, SpeechResult: speech });
        action = turn.action;
        return turn.said;
      };
    },
  },
];

for (const channel of CHANNELS) {
  describe(`a Spanish-speaking patient on ${channel.name} (offline model, end to end)`, () => {
    let server: TestServer;
    let messenger: RecordingMessenger;
    let say: (text: string) => Promise<string>;
    /** Everything the patient was told, replies and texts, each checked for English once the test is done. */
    const told: string[] = [];

    beforeEach(async () => {
      messenger = new RecordingMessenger();
      server = await startTestServer({ clinic: CLINIC, twilio: UNSIGNED_LOCAL_WEBHOOKS, messenger, outboxPollMs: 20 });
      const open = await channel.open(server);
      say = async (text) => {
        const reply = await open(text);
        expect(reply, text).to.not.equal('');
        told.push(reply);
        return reply;
      };
      told.length = 0;
    });
    afterEach(() => server.close());

    /** Every reply and every text the patient had is in Spanish. */
    function allToldInSpanish() {
      expect(told).to.not.deep.equal([]);
      for (const text of [...told, ...messenger.sent.map((message) => message.body)])
        expect(englishIn(text), text).to.deep.equal([]);
    }

    async function appointmentsWithIds() {
      const phoneNumber = encodeURIComponent(channel.patient);
      const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${phoneNumber}`);
      return body.appointments as { appointmentId: string; slotId: string; status: string }[];
    }
    const appointments = async () => (await appointmentsWithIds()).map((a) => [a.slotId, a.status]);
    const slotStatus = async (slotId: string) => {
      const { body } = await server.request('GET', `/api/v1/slots?date=${slotId.slice(0, 10)}`);
      return body.slots.find((slot: { slotId: string }) => slot.slotId === slotId)?.status;
    };
    /** The `nth` text the outbox sent the patient (from 1), once it has gone out. */
    async function texted(nth: number) {
      await eventually(() => messenger.sent.length >= nth, `text ${nth}`);
      const text = messenger.sent[nth - 1]!;
      expect(text).to.include({ to: channel.patient, channel: 'sms' });
      return text.body;
    }
    async function book() {
      expect(await say('quiero una cita el martes por la tarde'))
        .to.include('martes 3 de marzo')
        .and.include('14:00')
        .and.include('14:30');
      expect(await say('la primera'))
        .to.include('martes 3 de marzo')
        .and.include('14:00');
      expect(await slotStatus('2026-03-03T1400')).to.equal('HELD');
      expect(await appointments()).to.deep.equal([]);
      expect(await say('sí'))
        .to.include('martes 3 de marzo')
        .and.include('14:00');
      expect(await appointments()).to.deep.equal([['2026-03-03T1400', 'BOOKED']]);
    }

    it('books an afternoon, the first time offered, on a yes; is confirmed, then reminded, by text in Spanish', async () => {
      await book();
      const [{ appointmentId }] = await appointmentsWithIds();
      expect(await texted(1))
        .to.include('martes 3 de marzo')
        .and.include('14:00')
        .and.include(appointmentId);
      server.clock.set('2026-03-02T14:00:00-05:00');
      expect(await texted(2))
        .to.include('martes 3 de marzo')
        .and.include('14:00');
      allToldInSpanish();
    });

    it('moves the appointment to a morning asked for, then cancels it, each confirmed and texted in Spanish', async () => {
      await book();
      await texted(1);
      expect(await say('¿puedo cambiar mi cita al jueves por la mañana?'))
        .to.include('jueves 5 de marzo')
        .and.match(/\b9:00\b/);
      expect(await say('la primera'))
        .to.include('martes 3 de marzo')
        .and.include('jueves 5 de marzo');
      expect(await appointments()).to.deep.equal([['2026-03-03T1400', 'BOOKED']]);
      expect(await say('sí')).to.include('jueves 5 de marzo');
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'BOOKED']]);
      expect(await slotStatus('2026-03-03T1400')).to.equal('AVAILABLE');
      expect(await texted(2))
        .to.include('jueves 5 de marzo')
        .and.match(/\b0?9:00\b/);

      expect(await say('quiero cancelar mi cita')).to.include('jueves 5 de marzo');
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'BOOKED']]);
      expect(await say('sí')).to.include('jueves 5 de marzo');
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'CANCELLED']]);
      expect(await texted(3))
        .to.include('jueves 5 de marzo')
        .and.include('anulada');
      allToldInSpanish();
    });

    it('tells what is free tomorrow, booking nothing, then books the time named ("a las 10")', async () => {
      expect(await say('¿qué tienen libre mañana?'))
        .to.include('martes 3 de marzo')
        .and.match(/\b9:00\b/)
        .and.match(/\b10:00\b/);
      expect(await appointments()).to.deep.equal([]);
      expect(await say('a las 10'))
        .to.include('martes 3 de marzo')
        .and.include('10:00');
      expect(await say('sí')).to.include('10:00');
      expect(await appointments()).to.deep.equal([['2026-03-03T1000', 'BOOKED']]);
      allToldInSpanish();
    });
  });
}
