import { requireSupportedNode } from '../node-version.js';

// Checked before the command's modules load: static imports would be evaluated first, and fail on an old Node.
requireSupportedNode();
await import('./run-clinic.js');
