import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientRecord } from './soak-client-record.js';
import { answered, type Outcome, type RequestLog } from './soak-request-log.js';

/** A slot everyone competes for, and how a patient would name it in a text. */
export interface HotSlot {
  slotId: string;
  /** "tuesday at 9:30", in the clinic's time. */
  spoken: string;
}

export interface Load {
  url: string;
  /** Epoch ms: no request is started after it. Read as the load goes on, so it may be put back while it runs. */
  until: number;
  /** Requests in flight at most: one per worker, each with patients of its own. */
  concurrency: number;
  slots: readonly HotSlot[];
  record: ClientRecord;
  log: RequestLog;
}

/**
 * Each group of patients has numbers of its own (+1555…), so REST clients' appointments are theirs
 * alone. All are few enough to come back to what they booked, to cancel or move it; texting patients
 * many enough to stay, on average, well under the messages a minute one patient may send (20).
 */
const REST = { group: 2, patients: 160 };
const CHAT = { group: 3, patients: 600 };
const SMS = { group: 4, patients: 600 };
const patientOf = ({ group }: { group: number }, n: number) => `+1555${group}${String(n).padStart(6, '0')}`;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const TIMEOUT_MS = 15_000;
/** How long a client waits after a refused connection or a 503 before its next request, as real ones back off. */
const BACK_OFF_MS = 100;

/** How a patient names a slot listed at `start` (ISO with the clinic's offset, which is the clinic's own time). */
export function spokenTime(start: string): string {
  const [year, month, day] = start.slice(0, 10).split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay()];
  return `${weekday} at ${Number(start.slice(11, 13))}:${start.slice(14, 16)}`;
}

const HOT_SLOTS = 64;

/** Slots of the next few days, spread over them: few enough that patients keep wanting the same ones. */
export async function hotSlots(url: string, from: number): Promise<HotSlot[]> {
  const query = new URLSearchParams({
    from: new Date(from).toISOString(),
    to: new Date(from + 4 * 86_400_000).toISOString(),
    status: 'available',
  });
  const { slots } = (await (await fetch(`${url}/api/v1/slots?${query}`)).json()) as {
    slots: { slotId: string; start: string }[];
  };
  const spread = Array.from(
    { length: Math.min(HOT_SLOTS, slots.length) },
    (_, i) => slots[Math.floor((i * slots.length) / HOT_SLOTS)]!,
  );
  return spread.map(({ slotId, start }) => ({ slotId, spoken: spokenTime(start) }));
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

let messages = 0;

/** One worker's requests, each recorded in the log; its answer, or none. */
class Client {
  /** This worker's texting patients who were last told they are booked. */
  private readonly texted = new Set<string>();

  constructor(private readonly load: Load) {}

  async send(kind: string, method: string, path: string, body?: Record<string, string>, form = false) {
    const at = Date.now();
    const started = performance.now();
    let outcome: Outcome;
    let text = '';
    try {
      const response = await fetch(`${this.load.url}${path}`, {
        method,
        ...(body && {
          headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
          body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      text = await response.text();
      outcome = response.status;
    } catch (error) {
      outcome = (error as Error).name === 'TimeoutError' ? 'timeout' : 'no answer';
    }
    this.load.log.add({ kind, outcome, at, ms: performance.now() - started });
    if (outcome === 'no answer' || outcome === 503) await sleep(BACK_OFF_MS);
    return { outcome, text };
  }

  /** A REST client: books a hot slot (hold, then confirm), or cancels or moves one of its appointments. */
  async restPatient(patient: string): Promise<void> {
    const { record, slots } = this.load;
    const booked = record.bookedOf(patient);
    const roll = Math.random();
    if (booked.length > 0 && roll < 0.3) {
      const appointmentId = pick(booked);
      const { outcome } = await this.send('cancel', 'POST', `/api/v1/appointments/${appointmentId}/cancel`, {
        phoneNumber: patient,
      });
      if (outcome === 200 || !answered(outcome)) record.cancelled(appointmentId, outcome === 200);
    } else if (booked.length > 0 && roll < 0.6) {
      const appointmentId = pick(booked);
      const newSlotId = pick(slots).slotId;
      const { outcome } = await this.send('reschedule', 'POST', `/api/v1/appointments/${appointmentId}/reschedule`, {
        phoneNumber: patient,
        newSlotId,
      });
      if (outcome === 200 || !answered(outcome)) record.moved(appointmentId, newSlotId, outcome === 200);
    } else {
      const { slotId } = pick(slots);
      const held = await this.send('hold', 'POST', '/api/v1/slots/hold', { slotId, phoneNumber: patient });
      // A few holds are left to expire, as patients who wander off do.
      if (held.outcome !== 201 || Math.random() < 0.05) return;
      const { outcome, text } = await this.send('confirm', 'POST', '/api/v1/appointments/confirm', {
        slotId,
        phoneNumber: patient,
      });
      if (outcome === 201) record.confirmed(JSON.parse(text).appointmentId, patient, slotId);
    }
  }

  /**
   * A patient texting (SMS webhook) or chatting: asks for a hot slot and says yes, or, once booked,
   * cancels or moves it the same way; or asks when their appointment is. What they booked is read
   * from the replies, only to steer the conversation: the store is checked by its own invariants.
   */
  async textingPatient(patient: string, channel: 'sms' | 'chat'): Promise<void> {
    const say = async (message: string) => {
      if (channel === 'chat')
        return (await this.send('chat', 'POST', '/api/v1/chat', { phoneNumber: patient, message })).text;
      const sid = `SM${(messages++).toString(16).padStart(32, '0')}`;
      const form = { MessageSid: sid, From: patient, To: '+15559990000', Body: message };
      return (await this.send('sms', 'POST', '/api/v1/sms/webhook', form, true)).text;
    };
    const ask = async (message: string) => ((await say(message)).includes('YES') ? say('yes') : '');
    const roll = Math.random();
    const slot = pick(this.load.slots).spoken;
    if (this.texted.has(patient) && roll < 0.3) {
      if ((await ask('cancel my appointment')).includes('Cancelled')) this.texted.delete(patient);
    } else if (this.texted.has(patient) && roll < 0.6) {
      await ask(`can I move my appointment to ${slot}?`);
    } else if (roll < 0.9) {
      if ((await ask(`can I book ${slot}?`)).includes('Booked')) this.texted.add(patient);
    } else {
      await say('when is my appointment?');
    }
  }

  async listSlots(): Promise<void> {
    await this.send('slots', 'GET', `/api/v1/slots?date=${pick(this.load.slots).slotId.slice(0, 10)}`);
  }
}

/**
 * Mixed traffic until `until`: REST bookings, moves and cancellations, chat and SMS conversations and
 * slot listings, all over the same few dozen slots so that requests conflict. Worker w speaks for the
 * patients whose number is w modulo the concurrency, so each patient's requests go one at a time.
 */
export async function runLoad(load: Load): Promise<void> {
  const worker = async (w: number) => {
    const client = new Client(load);
    const own = (patients: number) => Math.floor((Math.random() * patients) / load.concurrency) * load.concurrency + w;
    while (Date.now() < load.until) {
      const roll = Math.random();
      if (roll < 0.1) await client.listSlots();
      else if (roll < 0.55) await client.restPatient(patientOf(REST, own(REST.patients)));
      else if (roll < 0.775) await client.textingPatient(patientOf(CHAT, own(CHAT.patients)), 'chat');
      else await client.textingPatient(patientOf(SMS, own(SMS.patients)), 'sms');
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, (_, w) => worker(w)));
}
