import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppConfig } from '../config/load-config.js';
import { createGeminiLiveVoiceModel } from '../src/adapters/gemini/gemini-live-voice-model.js';
import type { Logger } from '../src/ports/logger.js';
import { startServer } from '../src/server.js';
import { aClinic } from '../test/support/clinic-builder.js';
import { FixedClock } from '../test/support/fixed-clock.js';
import { geminiSettings } from '../test/support/gemini-settings.js';
import { silentLogger } from '../test/support/test-server.js';
import { MONDAY_8AM } from '../test/support/times.js';
import { answerParent } from './voice-capacity-ipc.js';

/**
 * Process A of bench:voice-capacity: the API server as startServer builds it, configured as
 * test/support/test-server.ts does (memory storage, silent logger), with Twilio's signature checked
 * on every media-stream upgrade and the voice model on the fake Gemini Live server of another process.
 */

const {
  BENCH_LIVE_URL,
  BENCH_LIVE_KEY,
  BENCH_TWILIO_AUTH_TOKEN,
  BENCH_PUBLIC_BASE_URL,
  BENCH_VOICE_CHUNK_MS,
  BENCH_VOICE_INPUT_RATE,
} = process.env;
/** VOICE_AUDIO_CHUNK_MS of the server measured. */
const audioChunkMs = Number(BENCH_VOICE_CHUNK_MS ?? 20);
if (!BENCH_LIVE_URL || !BENCH_LIVE_KEY || !BENCH_TWILIO_AUTH_TOKEN || !BENCH_PUBLIC_BASE_URL) {
  throw new Error('BENCH_LIVE_URL, BENCH_LIVE_KEY, BENCH_TWILIO_AUTH_TOKEN and BENCH_PUBLIC_BASE_URL are required');
}

const config: AppConfig = {
  port: 0,
  host: '127.0.0.1',
  storage: 'memory',
  sqlitePath: ':memory:',
  dynamodb: { tablePrefix: 'clinic-' },
  twilio: { authToken: BENCH_TWILIO_AUTH_TOKEN, publicBaseUrl: BENCH_PUBLIC_BASE_URL },
  messaging: { provider: 'console' },
  // The fake never completes a turn, so the silence timer never starts; long anyway.
  // The load generator rings the webhook for each stream it opens: no limit applies, so that none is refused.
  // The clock stands still, so no stream's credential expires however long the calls take to open.
  voice: { silenceMs: 600_000, maxCalls: 100_000, audioChunkMs },
  notifications: { reminderLeadMs: 24 * 3_600_000, pollMs: 0 },
  patientLimits: { maxHolds: 3, maxAppointments: 3 },
  rateLimits: { messagesPerPatientPerMinute: 20, failedAuthPerAddressPerMinute: 10 },
  staffSessions: { lifetimeMs: 12 * 3_600_000, idleMs: 30 * 60_000 },
  smsReplyDeadlineMs: 10_000,
  shutdownGraceMs: 25_000,
  workers: 1,
  logLevel: 'silent',
  clinic: aClinic(),
};

/** Silent but for errors, which go to stderr: the benchmark counts and shows them. */
const logger: Logger = {
  ...silentLogger,
  error: (fields, message) =>
    process.stderr.write(
      `${message} ${JSON.stringify(fields, (key, value) => (key === 'err' && value instanceof Error ? value.message : value))}\n`,
    ),
};

const server = await startServer(config, {
  clock: new FixedClock(MONDAY_8AM),
  logger,
  voiceModel: createGeminiLiveVoiceModel({
    ...geminiSettings(BENCH_LIVE_KEY, BENCH_LIVE_URL).live,
    ...(audioChunkMs > 20 ? { audioChunkMs } : {}),
    // GEMINI_LIVE_INPUT_RATE of the server measured; its default unless set.
    ...(BENCH_VOICE_INPUT_RATE === '16000' ? { callerSampleRate: 16_000 as const } : {}),
  }),
});

/*
 * How long work that is ready waits for the one JavaScript thread, sampled every millisecond: the
 * share of a frame's delay spent queued inside this process, whatever the peers add.
 */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

answerParent(
  server.url,
  {
    resetLoopDelay: () => loopDelay.reset(),
    loopDelay: () => ({
      p50: loopDelay.percentile(50) / 1e6,
      p99: loopDelay.percentile(99) / 1e6,
      max: loopDelay.max / 1e6,
    }),
    // What stays live: a full collection first (the benchmark runs this process with --expose-gc).
    memory: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    },
  },
  () => server.close(),
);
