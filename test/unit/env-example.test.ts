import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { EnvironmentSchema } from '../../config/schema.js';
import { PROJECT_ROOT } from '../support/server-process.js';

// Read by the AWS SDK's own credential and endpoint chain, not by the configuration schema.
const AWS_SDK_VARIABLES = [
  'AWS_REGION',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ENDPOINT_URL_DYNAMODB',
];

describe('.env.example', () => {
  it('names every variable the server reads, and no other', () => {
    const text = readFileSync(`${PROJECT_ROOT}.env.example`, 'utf8');
    const named = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect([...named].sort()).to.deep.equal([...Object.keys(EnvironmentSchema.props), ...AWS_SDK_VARIABLES].sort());
  });
});
