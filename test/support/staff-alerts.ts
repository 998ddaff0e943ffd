import { StaffAlerts } from '../../src/application/staff-alerts.js';
import { aClinic } from './clinic-builder.js';
import { RecordingMessenger } from './recording-messenger.js';
import { silentLogger } from './test-server.js';

/** A clinic that has given no number for staff alerts: hand-offs wait on the callback list alone. */
export const NO_STAFF_ALERTS = new StaffAlerts(new RecordingMessenger(), silentLogger, aClinic());
