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
/** The days as Spanish writes them, with or without a comma after the weekday. */
const TUESDAY = /martes,? 3 de marzo/;
const THURSDAY = /jueves,? 5 de marzo/;

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
  /** How a reply on this channel gives a time of day (`14:00`): written, or in words on a call. */
  time(hhmm: string): RegExp;
  /** Whether a booking is also texted: not on SMS, where the reply confirming it is the confirmation. */
  textsBooking: boolean;
  /** Starts a conversation on this channel: what the receptionist answers each thing said with. */
  open(server: TestServer): Promise<(text: string) => Promise<string>>;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A time as a text writes it: `9:00` or `09:00` for 09:00. */
const written = (hhmm: string) => new RegExp(`\\b${hhmm.replace(/^0/, '0?')}\\b`);
/** The times the conversations below hear on a call, as the Spanish voice says them. */
const SPOKEN: Record<string, string> = {
  '09:00': 'nueve en punto',
  '10:00': 'diez en punto',
  '14:00': 'dos en punto',
  '14:30': 'dos y media',
};

let messageSids = 0;
const CHANNELS: Channel[] = [
  {
    name: 'SMS (the Twilio webhook)',
    patient: ALICE,
    time: written,
    textsBooking: false,
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
    time: written,
    textsBooking: true,
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
    textsBooking: true,
    time: (hhmm) => new RegExp(`\\b${SPOKEN[hhmm]}\\b`),
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
        .to.match(TUESDAY)
        .and.match(channel.time('14:00'))
        .and.match(channel.time('14:30'));
      expect(await say('la primera'))
        .to.match(TUESDAY)
        .and.match(channel.time('14:00'));
      expect(await slotStatus('2026-03-03T1400')).to.equal('HELD');
      expect(await appointments()).to.deep.equal([]);
      expect(await say('sí'))
        .to.match(TUESDAY)
        .and.match(channel.time('14:00'));
      expect(await appointments()).to.deep.equal([['2026-03-03T1400', 'BOOKED']]);
    }

    it('books an afternoon, the first time offered, on a yes; is confirmed, then reminded, by text in Spanish', async () => {
      await book();
      const [{ appointmentId }] = await appointmentsWithIds();
      if (channel.textsBooking) {
        expect(await texted(1))
          .to.match(TUESDAY)
          .and.match(written('14:00'))
          .and.include(appointmentId);
      }
      server.clock.set('2026-03-02T14:00:00-05:00');
      const reminder = channel.textsBooking ? 2 : 1;
      expect(await texted(reminder))
        .to.match(TUESDAY)
        .and.match(written('14:00'));
      expect(messenger.sent).to.have.length(reminder);
      allToldInSpanish();
    });

    it('moves the appointment to a morning asked for, then cancels it, each confirmed and texted in Spanish', async () => {
      await book();
      const booking = channel.textsBooking ? 1 : 0;
      if (channel.textsBooking) await texted(booking);
      expect(await say('¿puedo cambiar mi cita al jueves por la mañana?'))
        .to.match(THURSDAY)
        .and.match(channel.time('09:00'));
      expect(await say('la primera'))
        .to.match(TUESDAY)
        .and.match(THURSDAY);
      expect(await appointments()).to.deep.equal([['2026-03-03T1400', 'BOOKED']]);
      expect(await say('sí')).to.match(THURSDAY);
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'BOOKED']]);
      expect(await slotStatus('2026-03-03T1400')).to.equal('AVAILABLE');
      expect(await texted(booking + 1))
        .to.match(THURSDAY)
        .and.match(written('09:00'));

      expect(await say('quiero cancelar mi cita')).to.match(THURSDAY);
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'BOOKED']]);
      expect(await say('sí')).to.match(THURSDAY);
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'CANCELLED']]);
      expect(await texted(booking + 2))
        .to.match(THURSDAY)
        .and.include('anulada');
      allToldInSpanish();
    });

    it('tells what is free tomorrow, booking nothing, then books the time named ("a las 10")', async () => {
      expect(await say('¿qué tienen libre mañana?'))
        .to.match(TUESDAY)
        .and.match(channel.time('09:00'))
        .and.match(channel.time('10:00'));
      expect(await appointments()).to.deep.equal([]);
      expect(await say('a las 10'))
        .to.match(TUESDAY)
        .and.match(channel.time('10:00'));
      expect(await say('sí')).to.match(channel.time('10:00'));
      expect(await appointments()).to.deep.equal([['2026-03-03T1000', 'BOOKED']]);
      allToldInSpanish();
    });

    it('tells the opening hours, morning and afternoon, and the days closed', async () => {
      expect(await say('¿cuál es su horario, por favor?'))
        .to.match(/lunes a viernes/)
        .and.match(channel.time('09:00'))
        .and.match(channel.time('14:00'))
        .and.match(/sábado y domingo/);
      expect(await appointments()).to.deep.equal([]);
      allToldInSpanish();
    });
  });
}
