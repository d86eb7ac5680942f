import { describe, expect, it } from 'vitest';
import { action, receivedAt } from '../testing/wire.js';

const notifyReport = action('ocpp2.0.1', 'NotifyReport');
const base = { kind: 'report.received', chargerId: 'XZ-0001', receivedAt, at: new Date('2025-03-01T08:00:00Z') };

describe('2.0.1 NotifyReport', () => {
  it.each([
    {
      name: 'flattens each variable attribute, defaulting the attribute type to Actual',
      frame: {
        requestId: 3,
        generatedAt: '2025-03-01T08:00:00Z',
        seqNo: 0,
        tbc: true,
        reportData: [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            variableAttribute: [{ value: '300', mutability: 'ReadWrite' }, { type: 'MaxSet', value: '3600' }],
          },
          {
            component: { name: 'Connector', evse: { id: 1, connectorId: 2 } },
            variable: { name: 'ConnectorType' },
            variableAttribute: [{ type: 'Actual', value: 'cGBT', mutability: 'ReadOnly' }],
          },
          { component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, variableAttribute: [{ mutability: 'WriteOnly' }] },
        ],
      },
      event: {
        ...base,
        requestId: 3,
        seqNo: 0,
        tbc: true,
        variables: [
          { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', attributeType: 'Actual', value: '300' },
          { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', attributeType: 'MaxSet', value: '3600' },
          { component: 'Connector', evseId: 1, connectorId: 2, variable: 'ConnectorType', attributeType: 'Actual', value: 'cGBT' },
          { component: 'SecurityCtrlr', variable: 'BasicAuthPassword', attributeType: 'Actual' },
        ],
      },
    },
    {
      name: 'takes the last part of an empty report: tbc defaults to false',
      frame: { requestId: 3, generatedAt: '2025-03-01T08:00:00Z', seqNo: 4 },
      event: { ...base, requestId: 3, seqNo: 4, tbc: false, variables: [] },
    },
  ])('$name', ({ frame, event }) => {
    expect(notifyReport.decode(frame)).toEqual([event]);
  });

  it('answers with an empty payload', () => {
    expect(notifyReport.respond({ requestId: 3, generatedAt: '2025-03-01T08:00:00Z', seqNo: 0 })).toEqual({});
  });
});
