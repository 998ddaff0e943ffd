/** The oldest Node.js major the server runs on: it needs `node:sqlite`, built in from Node 24. */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * Stops an entry point on an older Node.js with one line that names the version needed, before any
 * module that needs Node 24 is loaded (they would fail with ERR_UNKNOWN_BUILTIN_MODULE and no word
 * about the version). Exit code 78, like a configuration error: starting again will not help.
 */
export function requireSupportedNode(version: string = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major >= REQUIRED_NODE_MAJOR) return;
  process.stderr.write(`clinic-receptionist needs Node.js >= ${REQUIRED_NODE_MAJOR}; this is Node.js ${version}\n`);
  process.exit(78);
}
