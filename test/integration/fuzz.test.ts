import { expect } from 'chai';
import fc from 'fast-check';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { Logger } from '../../src/ports/logger.js';
import {
  FUZZ_SNS,
  FUZZ_TWILIO,
  type FuzzAnswer,
  type FuzzRequest,
  faultOf,
  fuzzRoutes,
  send,
  shown,
} from '../support/fuzz-requests.js';
import { ALICE, BOB, CALLER } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { SnsSigner } from '../support/sns-signing.js';
import { silentLogger, startTestServer, type TestServer } from '../support/test-server.js';

/** Fixed, so that a failure comes back on the next run; FUZZ_SEED tries others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 40);
/** Every valid number the requests can name: a refused request must not touch their appointments. */
const PATIENTS = [ALICE, BOB, CALLER];
const EVER = 8.64e15;

/** The store as far as a request could change it: every slot, the patients' appointments, the texts owed. */
async function snapshot(store: BookingStore) {
  return {
    slots: await store.slotsBetween(-EVER, EVER),
    appointments: (await Promise.all(PATIENTS.map((patient) => store.appointmentsOf(patient)))).flat(),
    notifications: await store.dueNotifications(EVER, 10_000),
  };
}

/**
 * Every route the server answers, and some it does not, fed malformed requests (test/support/fuzz-requests.ts):
 * no answer is a 5xx, every refusal is `{ "error": { "code", "message" } }`, a refused request leaves the
 * store as it was, and nothing is logged as an error (a text's reply fails, if it does, after the answer).
 * Twilio's and SNS's requests are mostly signed as they sign, so that their bodies are read.
 */
describe('fuzzing every route with malformed requests', () => {
  const signer = new SnsSigner();
  const slotIds = ['2026-03-02T0900', '2026-03-02T0930', '2026-03-02T1000', '2026-03-03T1000', '2026-03-04T1130'];
  const targets = (appointmentIds: string[]) => ({
    twilio: FUZZ_TWILIO,
    sns: { signer, ...FUZZ_SNS },
    slotIds,
    appointmentIds,
  });
  let server: TestServer;
  let store: InMemoryBookingStore;
  let messenger: RecordingMessenger;
  let routes: Map<string, fc.Arbitrary<FuzzRequest>>;
  const errors: string[] = [];
  const logger: Logger = {
    ...silentLogger,
    error: (fields, message) => errors.push(`${message}: ${(fields as { err?: unknown }).err}`),
  };

  before(async () => {
    store = new InMemoryBookingStore();
    messenger = new RecordingMessenger();
    server = await startTestServer({
      store,
      messenger,
      logger,
      twilio: FUZZ_TWILIO,
      snsTopicArn: FUZZ_SNS.topicArn,
      snsHttps: { fetchCertificate: async () => signer.certificatePem, confirmSubscription: async () => {} },
    });
    // Records for the requests to reach: two appointments, a hold, free slots.
    const appointmentIds = [await booked('2026-03-02T0900', ALICE), await booked('2026-03-03T1000', BOB)];
    await server.request('POST', '/api/v1/slots/hold', { slotId: '2026-03-02T1000', phoneNumber: CALLER });
    routes = fuzzRoutes(targets(appointmentIds));
  });
  after(() => server.close());

  async function booked(slotId: string, phoneNumber: string): Promise<string> {
    await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber });
    return (await server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber })).body.appointmentId;
  }

  /** A text accepted over SNS is answered after the answer; its reply is awaited, so that it lands before the next request. */
  async function settled(request: FuzzRequest, answer: FuzzAnswer, sentBefore: number) {
    if (request.route !== 'POST /sns/webhook' || !answer.text.includes('"accepted"')) return;
    for (let waited = 0; messenger.sent.length === sentBefore && waited < 2_000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  for (const route of fuzzRoutes(targets(['an-appointment'])).keys()) {
    it(`${route}: never a 5xx, refusals in the error shape, the store unchanged by them`, async () => {
      const statuses = new Set<number>();
      errors.length = 0;
      await fc.assert(
        fc.asyncProperty(routes.get(route)!, async (request) => {
          const before = await snapshot(store);
          const sentBefore = messenger.sent.length;
          const answer = await send(server.url, request);
          statuses.add(answer.status);
          const fault = faultOf(request, answer);
          expect(fault, fault && `${fault}\n${shown(request)}`).to.equal(undefined);
          if (answer.status >= 400) expect(await snapshot(store), 'the store after a refusal').to.deep.equal(before);
          await settled(request, answer, sentBefore);
          expect(errors, 'errors logged').to.deep.equal([]);
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE },
      );
      // Some requests got past reading the request, so the fuzz is not all refused at the door.
      const refusedAtTheDoor = [400, 403, 413, 415];
      expect([...statuses], 'statuses').to.satisfy((all: number[]) => all.some((s) => !refusedAtTheDoor.includes(s)));
    });
  }
});
