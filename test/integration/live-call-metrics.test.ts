import { expect } from 'chai';
import { liveVoice } from '../support/fake-gemini-live.js';
import { LiveCallRig } from '../support/live-call-rig.js';
import { CALLER } from '../support/patients.js';
import { expectNoPatientData, type PrometheusScrape, scrapeMetrics } from '../support/prometheus-text.js';
import { toneFrames } from '../support/twilio-media-client.js';

const CALL_SID = `CA${'d'.repeat(32)}`;

const calls = (scrape: PrometheusScrape) => ({
  live: scrape.value('receptionist_live_calls'),
  seatsInUse: scrape.value('receptionist_live_call_seats_in_use'),
  seatsMax: scrape.value('receptionist_live_call_seats_max'),
});

describe('live calls in /metrics', () => {
  let rig: LiveCallRig;
  afterEach(() => rig.close());

  it('shows a call while it streams, and counts the frames each way', async () => {
    rig = await LiveCallRig.start({ voiceMaxCalls: 2 });
    const scrape = () => scrapeMetrics(rig.server.url);
    const before = await scrape();
    expect(calls(before)).to.deep.equal({ live: 0, seatsInUse: 0, seatsMax: 2 });

    const client = await rig.openStream(CALL_SID, CALLER);
    expect(calls(await scrape())).to.deep.equal({ live: 1, seatsInUse: 1, seatsMax: 2 });
    client.start(CALL_SID);
    const session = await rig.live.connection(0);
    for (const frame of toneFrames(1000, 5)) client.media(frame);
    await session.waitFor(
      (received) => received.filter((m) => m.realtimeInput?.audio).length >= 5 || undefined,
      '5 frames',
    );
    session.speak(liveVoice(4800));
    const played = await client.until(() => {
      const media = client.received.filter((m) => m.event === 'media');
      return media.length >= 10 ? media : undefined;
    }, '200 ms of audio');
    const during = await scrape();
    expect(during.movedSince(before, 'receptionist_audio_frames_total', { direction: 'in' })).to.equal(5);
    expect(during.movedSince(before, 'receptionist_audio_frames_total', { direction: 'out' })).to.equal(played.length);

    client.stop();
    await session.closedSoon();
    const after = await scrape();
    expect(calls(after)).to.deep.equal({ live: 0, seatsInUse: 0, seatsMax: 2 });
    expectNoPatientData(after, CALL_SID.slice(0, 12), client.streamSid.slice(0, 12));
  });

  it('counts the seat of a call offered a stream until the stream opens, or until the offer runs out', async () => {
    rig = await LiveCallRig.start({ voiceMaxCalls: 2 });
    await rig.ring(CALL_SID, CALLER);
    expect(calls(await scrapeMetrics(rig.server.url))).to.deep.equal({ live: 0, seatsInUse: 1, seatsMax: 2 });
    rig.server.clock.advance(10_000);
    expect(calls(await scrapeMetrics(rig.server.url))).to.deep.equal({ live: 0, seatsInUse: 0, seatsMax: 2 });
  });
});
