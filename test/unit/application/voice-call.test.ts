import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryPatientProfiles } from '../../../src/adapters/memory/in-memory-patient-profiles.js';
import { InMemoryStaffCallbacks } from '../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { BookingTools } from '../../../src/application/booking-tools.js';
import { FrontDesk } from '../../../src/application/front-desk.js';
import { PatientNames } from '../../../src/application/patient-names.js';
import { VoiceCall } from '../../../src/application/voice-call.js';
import type { ToolCall, ToolResult } from '../../../src/domain/conversation.js';
import type { VoiceModel, VoiceSession, VoiceSessionEvents } from '../../../src/ports/voice-model.js';
import { bookingUseCases } from '../../support/booking-use-cases.js';
import { aClinic } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { metricsFor } from '../../support/metrics.js';
import { CALLER } from '../../support/patients.js';
import { NO_STAFF_ALERTS } from '../../support/staff-alerts.js';
import { silentLogger } from '../../support/test-server.js';
import { MONDAY_8AM } from '../../support/times.js';

/** A live model the test speaks for: it raises the events, and keeps what the call sends back. */
class ScriptedVoiceModel implements VoiceModel {
  readonly name = 'scripted-live';
  readonly callerSampleRate = 8_000;
  events!: VoiceSessionEvents;
  readonly results: ToolResult[] = [];

  async connect(_setup: unknown, events: VoiceSessionEvents): Promise<VoiceSession> {
    this.events = events;
    return {
      sendAudio() {},
      sendText() {},
      sendToolResults: (results) => this.results.push(...results),
      close: async () => {},
    };
  }

  /** Tool results come back asynchronously: wait until `count` have. */
  async resultsUpTo(count: number): Promise<ToolResult[]> {
    for (let i = 0; i < 100 && this.results.length < count; i++) await new Promise((r) => setImmediate(r));
    return this.results;
  }
}

async function aCall() {
  const clinic = aClinic();
  const clock = new FixedClock(MONDAY_8AM);
  const store = new InMemoryBookingStore();
  const callbacks = new InMemoryStaffCallbacks();
  let runs = 0;
  const tools = new BookingTools(
    bookingUseCases(store, clock, clinic),
    clinic,
    clock,
    callbacks,
    NO_STAFF_ALERTS,
    new PatientNames(new InMemoryPatientProfiles()),
  );
  const counted = Object.assign(Object.create(tools) as BookingTools, {
    run: (...args: Parameters<BookingTools['run']>) => {
      runs++;
      return tools.run(...args);
    },
  });
  const model = new ScriptedVoiceModel();
  const call = new VoiceCall(
    {
      callSid: 'CA1',
      caller: CALLER,
      line: { play() {}, clear() {}, mark() {}, close() {} },
      audio: { toModel: () => new Int16Array(0), toCaller: () => new Uint8Array(0), reset() {} },
    },
    {
      model,
      toolsFor: () => counted,
      frontDesk: new FrontDesk(clinic, clock, callbacks, NO_STAFF_ALERTS),
      clinic,
      clock,
      logger: silentLogger,
      metrics: metricsFor(store, clock),
      silenceMs: 12_000,
    },
  );
  await call.start();
  return { model, call, runs: () => runs };
}

const listMine = (id: string): ToolCall => ({ id, name: 'list_my_appointments', args: {} });

describe('a live call, bounded', () => {
  it('runs at most 5 booking tool calls before the caller speaks again, and answers the rest as not run', async () => {
    const { model, runs } = await aCall();
    model.events.toolCalls(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(listMine));
    const results = await model.resultsUpTo(7);
    expect(runs()).to.equal(5);
    const refused = results.filter((result) => 'error' in result.response);
    expect(refused.map((result) => result.id).sort()).to.deep.equal(['f', 'g']);
    for (const result of refused) expect(result.response).to.have.nested.property('error.code', 'TOO_MANY_TOOL_CALLS');
  });

  it('counts calls spread over several messages of the model as one turn, until the caller is heard', async () => {
    const { model, runs } = await aCall();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) model.events.toolCalls([listMine(id)]);
    await model.resultsUpTo(6);
    expect(runs()).to.equal(5);
    model.events.transcript('caller', 'and on Friday?');
    model.events.toolCalls([listMine('g')]);
    const results = await model.resultsUpTo(7);
    expect(runs()).to.equal(6);
    expect(results.find((result) => result.id === 'g')!.response).to.not.have.property('error');
  });

  it('still ends the call when the turn has used its tool calls', async () => {
    const { model } = await aCall();
    model.events.toolCalls(['a', 'b', 'c', 'd', 'e', 'f'].map(listMine));
    model.events.toolCalls([{ id: 'bye', name: 'end_call', args: {} }]);
    const results = await model.resultsUpTo(7);
    expect(results.find((result) => result.id === 'bye')!.response).to.deep.equal({ ending: true });
  });
});
