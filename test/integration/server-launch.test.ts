import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../support/server-process.js';

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

/** The Node command line each way of running the server in production starts it with. */
const launches = {
  'npm start': (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start.replace(/^exec /, ''),
  Dockerfile: (JSON.parse(/^CMD (\[.*\])$/m.exec(read('Dockerfile'))![1]!) as string[]).join(' '),
  'systemd unit': /^ExecStart=\/usr\/bin\/(.*)$/m.exec(read('deploy/clinic-receptionist.service'))![1]!,
};

describe('launching the server', () => {
  for (const [launch, command] of Object.entries(launches)) {
    it(`bounds V8's young generation at two 16 MiB semi-spaces (${launch})`, () => {
      // Unbounded, Node 24 grows it to 128 MiB under load: a third of the server's RSS (BENCHMARKS.md).
      expect(command).to.equal('node --max-semi-space-size=16 dist/src/main.js');
    });
  }
});
