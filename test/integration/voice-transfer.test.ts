import { expect } from 'chai';
import twilio from 'twilio';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { CLINIC_NUMBER, FRONT_DESK } from '../support/clinic-builder.js';
import { type FakeGeminiLive, liveVoice } from '../support/fake-gemini-live.js';
import type { FakeLiveConnection } from '../support/fake-gemini-live-connection.js';
import { type FakeTwilioRest, INTERNAL_ERROR } from '../support/fake-twilio-rest.js';
import { AUTH_TOKEN, LiveCallRig, TRANSFER_ENDED_URL } from '../support/live-call-rig.js';
import { CALLER } from '../support/patients.js';
import type { TestServer } from '../support/test-server.js';
import { MONDAY_6PM, MONDAY_10AM } from '../support/times.js';
import type { TwilioMediaClient } from '../support/twilio-media-client.js';

const CALL_SID = `CA${'b'.repeat(32)}`;

describe('putting a live caller through to the front desk', () => {
  let rig: LiveCallRig | undefined;
  let live: FakeGeminiLive;
  let rest: FakeTwilioRest;
  let server: TestServer;
  let client: TwilioMediaClient | undefined;

  async function start({ frontDesk }: { frontDesk?: PhoneNumber } = { frontDesk: FRONT_DESK }) {
    await rig?.close();
    rig = await LiveCallRig.start(frontDesk ? { frontDesk } : {});
    ({ live, rest, server } = rig);
    server.clock.set(MONDAY_10AM);
  }
  afterEach(async () => {
    client?.close();
    client = undefined;
    await rig?.close();
    rig = undefined;
  });

  /** A call whose session is up: the receptionist has been told to greet the caller. */
  async function call(): Promise<FakeLiveConnection> {
    client = await rig!.call(CALL_SID, CALLER);
    const session = await live.connection(0);
    await session.waitFor(
      (received) => received.find((m) => JSON.stringify(m).includes('Greet them')),
      'the greeting prompt',
    );
    return session;
  }

  const toolNames = (session: FakeLiveConnection) =>
    (session.setup!.tools as { functionDeclarations: { name: string }[] }[])[0]!.functionDeclarations.map(
      ({ name }) => name,
    );

  async function askForTransfer(session: FakeLiveConnection) {
    session.callTools([{ id: 'desk', name: 'transfer_to_front_desk', args: { reason: 'wants to speak to someone' } }]);
    const response = await session.waitFor(
      (received) => received.find((m) => m.toolResponse)?.toolResponse,
      'the tool response',
    );
    return response.functionResponses![0]!.response;
  }

  /** Twilio's POST to the dial's action once the front desk's phone has stopped ringing, signed. */
  async function transferEnded(dialCallStatus: string, signature?: string, from: string = CALLER) {
    const form = { CallSid: CALL_SID, From: from, To: CLINIC_NUMBER, DialCallStatus: dialCallStatus };
    const response = await fetch(`${server.url}/api/v1/voice/transfer-ended`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, TRANSFER_ENDED_URL, form),
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, twiml: await response.text() };
  }

  const instructionOf = (session: FakeLiveConnection) => JSON.stringify(session.setup!.systemInstruction);

  it('offers the transfer only where the clinic has a front desk number', async () => {
    await start();
    const session = await call();
    expect(toolNames(session)).to.include('transfer_to_front_desk');
    expect(instructionOf(session)).to.include('put them through with transfer_to_front_desk');
    client?.close();

    await start({});
    const withoutDesk = await call();
    expect(toolNames(withoutDesk)).to.not.include('transfer_to_front_desk');
    expect(toolNames(withoutDesk)).to.include('end_call');
    expect(instructionOf(withoutDesk)).to.not.include('transfer_to_front_desk');
  });

  it('puts the caller through once they have heard they are being put through, not before', async () => {
    await start();
    const session = await call();
    client!.echoMarks = false;
    expect(await askForTransfer(session)).to.deep.equal({ transferring: true });
    // 100 ms: the receptionist saying it is putting the caller through.
    session.speak(liveVoice(2400));
    session.completeTurn();
    const mark = await client!.until(() => client!.received.filter((m) => m.event === 'mark').at(-1), 'the last mark');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rest.callUpdates).to.deep.equal([]);

    client!.send({ event: 'mark', streamSid: client!.streamSid, mark: mark.mark });
    const update = await client!.until(() => rest.callUpdates[0], 'the transfer');
    expect(update.sid).to.equal(CALL_SID);
    expect(update.form.Twiml).to.include(
      `<Dial timeout="25" action="${TRANSFER_ENDED_URL}" method="POST">${FRONT_DESK}</Dial>`,
    );
    expect(update.form.Status).to.equal(undefined);
  });

  it('does not put anyone through while the clinic is closed, and tells the model to offer a call back', async () => {
    await start();
    server.clock.set(MONDAY_6PM);
    const session = await call();
    const response = await askForTransfer(session);
    expect(response).to.deep.include({
      error: {
        code: 'FRONT_DESK_CLOSED',
        message: 'The front desk is closed now: offer a call back from staff (hand_off_to_staff) instead.',
      },
    });
    session.completeTurn();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rest.requests).to.deep.equal([]);
    expect(client!.closed).to.equal(false);
  });

  it('keeps the caller with the receptionist when Twilio refuses the transfer, and says so to the model', async () => {
    await start();
    rest.failNext(INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR);
    const session = await call();
    await askForTransfer(session);
    session.completeTurn();
    await session.waitFor(
      (received) => received.find((m) => JSON.stringify(m).includes('did not go through')),
      'word of the failed transfer',
    );
    expect(client!.closed).to.equal(false);
    expect(rest.callUpdates).to.deep.equal([]);
  });

  it('puts a caller the front desk did not answer on the callback list, and tells them so', async () => {
    await start();
    const { status, twiml } = await transferEnded('no-answer');
    expect(status).to.equal(200);
    expect(twiml).to.include('<Say>Sorry, nobody at the front desk could take your call just now.');
    expect(twiml).to.include('<Hangup/>');
    const { callbacks } = (await server.request('GET', '/api/v1/staff-callbacks')).body;
    expect(callbacks).to.have.length(1);
    expect(callbacks[0]).to.deep.include({
      phoneNumber: CALLER,
      reason: 'put through to the front desk, which did not answer',
    });
  });

  it('hangs up on a caller it cannot name, listing nobody', async () => {
    await start();
    expect(await transferEnded('no-answer', undefined, 'anonymous')).to.deep.equal({
      status: 200,
      twiml: '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
    });
    expect((await server.request('GET', '/api/v1/staff-callbacks')).body.callbacks).to.deep.equal([]);
  });

  it('only hangs up after a transfer the front desk answered, and refuses an unsigned report', async () => {
    await start();
    expect(await transferEnded('completed')).to.deep.equal({
      status: 200,
      twiml: '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
    });
    expect((await transferEnded('no-answer', 'forged')).status).to.equal(403);
    expect((await server.request('GET', '/api/v1/staff-callbacks')).body.callbacks).to.deep.equal([]);
  });
});
