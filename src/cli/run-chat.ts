import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { buildContainer, closeStores, configClinicServices } from '../container.js';
import { parsePhoneNumber } from '../domain/phone-number.js';

/**
 * `npm run chat -- --as +15551234567`: text the receptionist from a terminal, as that patient, on the
 * configured store and model (the embedded default: SQLite and the offline model).
 */
const { values } = parseArgs({ options: { as: { type: 'string', default: '+15550000000' } } });
const patient = parsePhoneNumber(values.as!);
if (!patient.ok) {
  process.stderr.write(`--as: expected an E.164 phone number such as +15551234567\n`);
  process.exit(64);
}

try {
  const config = loadConfig(
    { LOG_LEVEL: 'warn', ...process.env },
    fileURLToPath(new URL('../../../', import.meta.url)),
  );
  const container = buildContainer(config);
  const { publishSlots, inbound } = configClinicServices(container, config);
  await publishSlots.execute();
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  process.stdout.write(`Texting ${config.clinic.name} as ${patient.value}. Type a message; Ctrl-D to leave.\n`);
  for await (const line of terminal) {
    if (!line.trim()) continue;
    // Typed at a terminal, not texted from the patient's phone: their opt-out is not this to change.
    const { reply, limited } = await inbound.handleOnBehalf(patient.value, line);
    const silence = limited
      ? '(no reply: too many messages a minute from this number)'
      : '(no reply: this number has opted out)';
    process.stdout.write(`${reply ?? silence}\n`);
  }
  await closeStores(container, config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
