import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { aBookedSlot, anAppointment } from '../support/booking-builders.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { aDynamoDbStore } from '../support/dynamodb-stores.js';
import { ALICE } from '../support/patients.js';
import { bookingStoreContract } from './booking-store.contract.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

// Each run creates and drops two tables over HTTP: 100 runs take about as long as 300 on SQLite.
bookingStoreContract('DynamoDB Local', async () => aDynamoDbStore(await dynamoDbLocal()), { propertyRuns: 100 });

describe('DynamoDB Local booking store, on items an earlier release wrote', () => {
  it('reads the patient of an appointment from phoneNumber, finds it by that index, and writes it back there', async () => {
    const client = createDynamoDbClient((await dynamoDbLocal()).clientConfig);
    const prefix = `earlier${process.pid}-`;
    const tables = await createTables(client, prefix);
    const documents = DynamoDBDocumentClient.from(client);
    const store = new DynamoDbBookingStore(client, prefix);
    try {
      const old = anAppointment(aBookedSlot(ALICE, 'apt_old'), ALICE);
      const { patient: _patient, ...fields } = old;
      await documents.send(new PutCommand({ TableName: tables.appointments, Item: { ...fields, phoneNumber: ALICE } }));

      expect(await store.appointment('apt_old')).to.deep.equal(old);
      expect(await store.appointmentsOf(ALICE)).to.deep.equal([old]);
      const cancelled = { ...old, status: 'CANCELLED' as const };
      expect(await store.commit([{ kind: 'appointment', record: cancelled }])).to.deep.equal({ committed: true });
      const { Item: item } = await documents.send(
        new GetCommand({ TableName: tables.appointments, Key: { appointmentId: 'apt_old' }, ConsistentRead: true }),
      );
      expect(item).to.include({ phoneNumber: ALICE, status: 'CANCELLED' });
      expect(item).to.not.have.property('patient');
    } finally {
      await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
      await store.close();
    }
  });
});
