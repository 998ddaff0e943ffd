import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { PROJECT_ROOT } from '../support/server-process.js';

// The same rules and folders as `npm run lint`, run in-process: one start-up for every tree below.
const LINTED = ['src', 'config', 'test', 'bench'];
const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/layers');

const packageOf = (resolved: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved)?.[1] ?? resolved;
const lineOf = (violation: IViolation) =>
  violation.type === 'module'
    ? `${violation.rule.name}: ${violation.from}`
    : `${violation.rule.name}: ${violation.from} → ${packageOf(violation.to)}`;

// What test/fixtures/layers/broken breaks, by rule: each file there says which break it plants.
const PLANTED: Record<string, string[]> = {
  'a domain that imports an adapter or a node builtin': [
    'not-in-allowed: src/domain/slot.ts → src/adapters/web/views.ts',
    'not-in-allowed: src/domain/slot.ts → crypto',
  ],
  'an infrastructure library in a port, even through a type-only import': [
    'not-in-allowed: src/ports/store.ts → koa',
    'infrastructure-only-at-the-edge: src/ports/store.ts → koa',
  ],
  'an infrastructure library in a use case': [
    'not-in-allowed: src/application/book.ts → koa',
    'infrastructure-only-at-the-edge: src/application/book.ts → koa',
  ],
  'an adapter that reaches into another adapter, into config, or for the container': [
    'not-in-allowed: src/adapters/web/routes.ts → src/adapters/store/memory-store.ts',
    'adapters-meet-only-through-ports: src/adapters/web/routes.ts → src/adapters/store/memory-store.ts',
    'not-in-allowed: src/adapters/web/routes.ts → config/defaults.ts',
    'container-only-in-the-root: src/adapters/web/routes.ts → inversify',
  ],
  'config that imports an adapter': [
    'not-in-allowed: config/schema.ts → src/adapters/store/memory-store.ts',
    'config-knows-no-adapter: config/schema.ts → src/adapters/store/memory-store.ts',
  ],
  'production code that imports test code, and any import of a test file': [
    'not-in-allowed: src/adapters/store/memory-store.ts → test/support/fake-store.ts',
    'no-test-code-in-production: src/adapters/store/memory-store.ts → test/support/fake-store.ts',
    'no-importing-test-files: test/support/fake-store.ts → test/unit/slot.test.ts',
  ],
  'a cycle': ['no-circular: src/application/book.ts → src/application/cancel.ts'],
  'a module nothing imports that is no entry point': ['no-orphans: src/application/forgotten.ts'],
  'an import that resolves to nothing': [
    'no-unresolvable: src/adapters/web/routes.ts → ./missing.js',
    'not-in-allowed: src/adapters/web/routes.ts → ./missing.js',
  ],
};

let options: ICruiseOptions;

async function cruiseTree(baseDir: string): Promise<ICruiseResult> {
  const folders = LINTED.filter((folder) => existsSync(join(baseDir, folder)));
  const { output } = await cruise(folders, {
    ...options,
    baseDir,
    tsConfig: { fileName: join(PROJECT_ROOT, 'tsconfig.json') },
  });
  if (typeof output === 'string') throw new Error(output);
  return output;
}

const violationsOf = (result: ICruiseResult) => result.summary.violations.map(lineOf).sort();

function typeScriptUnder(root: string, folders: string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => relative(root, join(entry.parentPath, entry.name))),
  );
}

describe('the layer rules (.dependency-cruiser.mjs)', () => {
  before(async () => {
    options = await extractDepcruiseOptions(join(PROJECT_ROOT, '.dependency-cruiser.mjs'));
  });

  describe('on a tree with one planted break per rule', () => {
    let found: string[];
    before(async () => {
      found = violationsOf(await cruiseTree(join(FIXTURES, 'broken')));
    });

    for (const [what, breaks] of Object.entries(PLANTED)) {
      it(`refuses ${what}`, () => expect(found).to.include.members(breaks));
    }

    it('finds those breaks and nothing else', () => {
      expect(found).to.deep.equal(Object.values(PLANTED).flat().sort());
    });
  });

  it('passes a tree that keeps every rule, having read every file of it', async () => {
    const root = join(FIXTURES, 'clean');
    const result = await cruiseTree(root);
    expect(violationsOf(result)).to.deep.equal([]);
    expect(result.modules.map((module) => module.source)).to.include.members(
      typeScriptUnder(root, ['src', 'config', 'test', 'bench']),
    );
  });

  describe('on the real tree', () => {
    let result: ICruiseResult;
    before(async () => {
      result = await cruiseTree(PROJECT_ROOT);
    });

    it('reads every TypeScript file of src and config (without a parser it would read none, and pass)', () => {
      expect(result.modules.map((module) => module.source)).to.include.members(
        typeScriptUnder(PROJECT_ROOT, ['src', 'config']),
      );
    });

    it('breaks no rule', () => {
      expect(violationsOf(result)).to.deep.equal([]);
    });
  });
});

describe('the format check (biome.json)', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'format-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const biomeCheck = (file: string, source: string) => {
    writeFileSync(join(folder, file), source);
    const biome = join(PROJECT_ROOT, 'node_modules/@biomejs/biome/bin/biome');
    const configPath = join(PROJECT_ROOT, 'biome.json');
    return spawnSync(process.execPath, [biome, 'check', '--config-path', configPath, file], {
      cwd: folder,
      encoding: 'utf8',
    });
  };

  it('fails on code the project style would print otherwise', () => {
    const run = biomeCheck('double-quoted.ts', 'export const greeting = "hello"\n');
    expect(run.status).to.equal(1);
    expect(run.stderr + run.stdout).to.include('Formatter would have printed');
  });

  it('passes the same code written in the project style', () => {
    const run = biomeCheck('single-quoted.ts', "export const greeting = 'hello';\n");
    expect(run.status, run.stderr + run.stdout).to.equal(0);
  });
});
