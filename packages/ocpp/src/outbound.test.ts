import { describe, expect, it } from 'vitest';
import type { Command, CommandResult } from './commands/command.js';
import type { ProtocolVersion } from './events.js';
import { decodeCommandResult, encodeCommand } from './outbound.js';
import { expectOcppError, validateWire } from './testing/wire.js';

interface Case {
  name: string;
  version: ProtocolVersion;
  command: Command;
  method: string;
  params: Record<string, unknown>;
  /** A real CALLRESULT payload and what it decodes to. */
  result: Record<string, unknown>;
  decoded: CommandResult;
}

const cases: Case[] = [
  // remoteStart
  {
    name: 'remote start on an EVSE',
    version: 'ocpp1.6',
    command: { kind: 'remoteStart', idTag: 'APP-778', evseId: 2, remoteStartId: 5 },
    method: 'RemoteStartTransaction',
    params: { idTag: 'APP-778', connectorId: 2 },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  {
    name: 'remote start anywhere, refused',
    version: 'ocpp1.6',
    command: { kind: 'remoteStart', idTag: 'APP-778' },
    method: 'RemoteStartTransaction',
    params: { idTag: 'APP-778' },
    result: { status: 'Rejected' },
    decoded: { status: 'Rejected', accepted: false },
  },
  {
    name: 'remote start on an EVSE with a Central token and remoteStartId',
    version: 'ocpp2.0.1',
    command: { kind: 'remoteStart', idTag: 'APP-778', evseId: 2, connectorId: 1, remoteStartId: 5 },
    method: 'RequestStartTransaction',
    params: { idToken: { idToken: 'APP-778', type: 'Central' }, remoteStartId: 5, evseId: 2 },
    result: { status: 'Accepted', transactionId: 'tx-0091' },
    decoded: { status: 'Accepted', accepted: true, data: { transactionId: 'tx-0091' } },
  },
  // remoteStop
  {
    name: 'remote stop by our integer id',
    version: 'ocpp1.6',
    command: { kind: 'remoteStop', transactionId: '42' },
    method: 'RemoteStopTransaction',
    params: { transactionId: 42 },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  {
    name: "remote stop by the station's id",
    version: 'ocpp2.0.1',
    command: { kind: 'remoteStop', transactionId: 'tx-0091' },
    method: 'RequestStopTransaction',
    params: { transactionId: 'tx-0091' },
    result: { status: 'Rejected' },
    decoded: { status: 'Rejected', accepted: false },
  },
  // reset
  { name: 'soft reset', version: 'ocpp1.6', command: { kind: 'reset', type: 'soft' }, method: 'Reset', params: { type: 'Soft' }, result: { status: 'Accepted' }, decoded: { status: 'Accepted', accepted: true } },
  { name: 'hard reset', version: 'ocpp1.6', command: { kind: 'reset', type: 'hard' }, method: 'Reset', params: { type: 'Hard' }, result: { status: 'Rejected' }, decoded: { status: 'Rejected', accepted: false } },
  { name: 'soft reset waits for idle', version: 'ocpp2.0.1', command: { kind: 'reset', type: 'soft' }, method: 'Reset', params: { type: 'OnIdle' }, result: { status: 'Scheduled' }, decoded: { status: 'Scheduled', accepted: true } },
  { name: 'hard reset is immediate', version: 'ocpp2.0.1', command: { kind: 'reset', type: 'hard' }, method: 'Reset', params: { type: 'Immediate' }, result: { status: 'Accepted' }, decoded: { status: 'Accepted', accepted: true } },
  // changeAvailability
  {
    name: 'take an EVSE out of service',
    version: 'ocpp1.6',
    command: { kind: 'changeAvailability', evseId: 1, available: false },
    method: 'ChangeAvailability',
    params: { connectorId: 1, type: 'Inoperative' },
    result: { status: 'Scheduled' },
    decoded: { status: 'Scheduled', accepted: true },
  },
  {
    name: 'put the whole charger in service',
    version: 'ocpp1.6',
    command: { kind: 'changeAvailability', evseId: 0, available: true },
    method: 'ChangeAvailability',
    params: { connectorId: 0, type: 'Operative' },
    result: { status: 'Rejected' },
    decoded: { status: 'Rejected', accepted: false },
  },
  {
    name: 'take one connector of an EVSE out of service',
    version: 'ocpp2.0.1',
    command: { kind: 'changeAvailability', evseId: 1, connectorId: 2, available: false },
    method: 'ChangeAvailability',
    params: { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 2 } },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  {
    name: 'put the whole station in service (no evse)',
    version: 'ocpp2.0.1',
    command: { kind: 'changeAvailability', evseId: 0, available: true },
    method: 'ChangeAvailability',
    params: { operationalStatus: 'Operative' },
    result: { status: 'Scheduled' },
    decoded: { status: 'Scheduled', accepted: true },
  },
  // getConfiguration
  {
    name: 'read named keys, one unknown',
    version: 'ocpp1.6',
    command: { kind: 'getConfiguration', keys: ['HeartbeatInterval', 'NoSuchKey'] },
    method: 'GetConfiguration',
    params: { key: ['HeartbeatInterval', 'NoSuchKey'] },
    result: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['NoSuchKey'] },
    decoded: {
      status: 'Accepted',
      accepted: true,
      data: [
        { key: 'HeartbeatInterval', value: '300', readonly: false, status: 'Accepted' },
        { key: 'NoSuchKey', status: 'UnknownVariable' },
      ],
    },
  },
  {
    name: 'read every key',
    version: 'ocpp1.6',
    command: { kind: 'getConfiguration' },
    method: 'GetConfiguration',
    params: {},
    result: { configurationKey: [{ key: 'AuthorizationKey', readonly: false }, { key: 'NumberOfConnectors', readonly: true, value: '2' }] },
    decoded: {
      status: 'Accepted',
      accepted: true,
      data: [
        { key: 'AuthorizationKey', readonly: false, status: 'Accepted' },
        { key: 'NumberOfConnectors', value: '2', readonly: true, status: 'Accepted' },
      ],
    },
  },
  {
    name: 'read variables by Component.Variable keys',
    version: 'ocpp2.0.1',
    command: { kind: 'getConfiguration', keys: ['OCPPCommCtrlr.HeartbeatInterval', 'EVSE[1].AvailabilityState', 'Foo.Bar'] },
    method: 'GetVariables',
    params: {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } },
        { component: { name: 'Foo' }, variable: { name: 'Bar' } },
      ],
    },
    result: {
      getVariableResult: [
        { attributeStatus: 'Accepted', attributeValue: '300', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { attributeStatus: 'Accepted', attributeValue: 'Available', component: { name: 'EVSE', evse: { id: 1 } }, variable: { name: 'AvailabilityState' } },
        { attributeStatus: 'UnknownComponent', component: { name: 'Foo' }, variable: { name: 'Bar' } },
      ],
    },
    decoded: {
      status: 'Accepted',
      accepted: true,
      data: [
        { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300', status: 'Accepted' },
        { key: 'EVSE[1].AvailabilityState', value: 'Available', status: 'Accepted' },
        { key: 'Foo.Bar', status: 'UnknownComponent' },
      ],
    },
  },
  // changeConfiguration
  {
    name: 'change a key that needs a reboot',
    version: 'ocpp1.6',
    command: { kind: 'changeConfiguration', key: 'HeartbeatInterval', value: '60' },
    method: 'ChangeConfiguration',
    params: { key: 'HeartbeatInterval', value: '60' },
    result: { status: 'RebootRequired' },
    decoded: { status: 'RebootRequired', accepted: true, data: [{ key: 'HeartbeatInterval', value: '60', status: 'RebootRequired' }] },
  },
  {
    name: 'change a key the charger does not support',
    version: 'ocpp1.6',
    command: { kind: 'changeConfiguration', key: 'Foo', value: '1' },
    method: 'ChangeConfiguration',
    params: { key: 'Foo', value: '1' },
    result: { status: 'NotSupported' },
    decoded: { status: 'NotSupported', accepted: false, data: [{ key: 'Foo', value: '1', status: 'NotSupported' }] },
  },
  {
    name: 'set a variable',
    version: 'ocpp2.0.1',
    command: { kind: 'changeConfiguration', key: 'OCPPCommCtrlr.HeartbeatInterval', value: '60' },
    method: 'SetVariables',
    params: { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '60' }] },
    result: { setVariableResult: [{ attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
    decoded: { status: 'Accepted', accepted: true, data: [{ key: 'OCPPCommCtrlr.HeartbeatInterval', value: '60', status: 'Accepted' }] },
  },
  {
    name: 'set an unknown variable',
    version: 'ocpp2.0.1',
    command: { kind: 'changeConfiguration', key: 'Foo.Bar', value: 'x' },
    method: 'SetVariables',
    params: { setVariableData: [{ component: { name: 'Foo' }, variable: { name: 'Bar' }, attributeValue: 'x' }] },
    result: { setVariableResult: [{ attributeStatus: 'UnknownVariable', component: { name: 'Foo' }, variable: { name: 'Bar' } }] },
    decoded: { status: 'UnknownVariable', accepted: false, data: [{ key: 'Foo.Bar', value: 'x', status: 'UnknownVariable' }] },
  },
  // triggerMessage
  {
    name: 'trigger a status notification of one EVSE',
    version: 'ocpp1.6',
    command: { kind: 'triggerMessage', message: 'StatusNotification', evseId: 2 },
    method: 'TriggerMessage',
    params: { requestedMessage: 'StatusNotification', connectorId: 2 },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  {
    name: 'trigger a charger-wide heartbeat (EVSE 0 sends no connector)',
    version: 'ocpp1.6',
    command: { kind: 'triggerMessage', message: 'Heartbeat', evseId: 0 },
    method: 'TriggerMessage',
    params: { requestedMessage: 'Heartbeat' },
    result: { status: 'NotImplemented' },
    decoded: { status: 'NotImplemented', accepted: false },
  },
  {
    name: 'trigger a log status through the security extension',
    version: 'ocpp1.6',
    command: { kind: 'triggerMessage', message: 'LogStatusNotification' },
    method: 'ExtendedTriggerMessage',
    params: { requestedMessage: 'LogStatusNotification' },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  {
    name: 'trigger diagnostics status',
    version: 'ocpp1.6',
    command: { kind: 'triggerMessage', message: 'DiagnosticsStatusNotification' },
    method: 'TriggerMessage',
    params: { requestedMessage: 'DiagnosticsStatusNotification' },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  {
    name: 'trigger meter values of one connector',
    version: 'ocpp2.0.1',
    command: { kind: 'triggerMessage', message: 'MeterValues', evseId: 1, connectorId: 1 },
    method: 'TriggerMessage',
    params: { requestedMessage: 'MeterValues', evse: { id: 1, connectorId: 1 } },
    result: { status: 'Rejected' },
    decoded: { status: 'Rejected', accepted: false },
  },
  {
    name: 'trigger diagnostics status as its successor, LogStatusNotification',
    version: 'ocpp2.0.1',
    command: { kind: 'triggerMessage', message: 'DiagnosticsStatusNotification' },
    method: 'TriggerMessage',
    params: { requestedMessage: 'LogStatusNotification' },
    result: { status: 'Accepted' },
    decoded: { status: 'Accepted', accepted: true },
  },
  // unlockConnector
  {
    name: 'unlock an EVSE',
    version: 'ocpp1.6',
    command: { kind: 'unlockConnector', evseId: 2 },
    method: 'UnlockConnector',
    params: { connectorId: 2 },
    result: { status: 'UnlockFailed' },
    decoded: { status: 'UnlockFailed', accepted: false },
  },
  {
    name: 'unlock the first connector of an EVSE',
    version: 'ocpp2.0.1',
    command: { kind: 'unlockConnector', evseId: 2 },
    method: 'UnlockConnector',
    params: { evseId: 2, connectorId: 1 },
    result: { status: 'Unlocked' },
    decoded: { status: 'Unlocked', accepted: true },
  },
];

describe('encodeCommand / decodeCommandResult', () => {
  it('covers every command kind for both versions', () => {
    const kinds = ['remoteStart', 'remoteStop', 'reset', 'changeAvailability', 'getConfiguration', 'changeConfiguration', 'triggerMessage', 'unlockConnector'];
    for (const version of ['ocpp1.6', 'ocpp2.0.1']) {
      expect(new Set(cases.filter((c) => c.version === version).map((c) => c.command.kind))).toEqual(new Set(kinds));
    }
  });

  it.each(cases)('$version: $name → $method', ({ version, command, method, params }) => {
    const encoded = encodeCommand(version, command);
    expect(encoded).toEqual({ method, params });
    validateWire(version, `urn:${method}.req`, encoded.params);
  });

  it.each(cases)('$version: $name, result $result.status decodes', ({ version, command, method, result, decoded }) => {
    validateWire(version, `urn:${method}.conf`, result);
    expect(decodeCommandResult(version, command, result)).toEqual(decoded);
  });

  it.each([
    { name: 'a 1.6 stop of a non-integer transaction id', version: 'ocpp1.6', command: { kind: 'remoteStop', transactionId: 'tx-0091' } },
    { name: 'a 2.0.1 remote start without remoteStartId', version: 'ocpp2.0.1', command: { kind: 'remoteStart', idTag: 'A', evseId: 1 } },
    { name: 'a remote start on EVSE 0', version: 'ocpp1.6', command: { kind: 'remoteStart', idTag: 'A', evseId: 0 } },
    { name: 'a 1.6 command on the second connector of an EVSE', version: 'ocpp1.6', command: { kind: 'changeAvailability', evseId: 1, connectorId: 2, available: true } },
    { name: 'a 1.6 connector without its EVSE', version: 'ocpp1.6', command: { kind: 'remoteStart', idTag: 'A', connectorId: 1 } },
    { name: 'a 2.0.1 read of every key', version: 'ocpp2.0.1', command: { kind: 'getConfiguration' } },
    { name: 'a 2.0.1 read of a flat 1.6 key', version: 'ocpp2.0.1', command: { kind: 'getConfiguration', keys: ['HeartbeatInterval'] } },
    { name: 'a 2.0.1 set of a flat 1.6 key', version: 'ocpp2.0.1', command: { kind: 'changeConfiguration', key: 'HeartbeatInterval', value: '1' } },
    { name: 'an unlock of EVSE 0', version: 'ocpp2.0.1', command: { kind: 'unlockConnector', evseId: 0 } },
  ] as const)('refuses to encode $name', ({ version, command }) => {
    const error = expectOcppError(() => encodeCommand(version, command as Command), 'PropertyConstraintViolation');
    expect(error.code).toBe('PW_OCPP_COMMAND_INVALID');
  });

  it.each([
    { name: 'a result without status', version: 'ocpp1.6', command: { kind: 'reset', type: 'soft' }, result: {} },
    { name: 'a result that is not an object', version: 'ocpp2.0.1', command: { kind: 'reset', type: 'soft' }, result: 'Accepted' },
    { name: 'a SetVariables result without entries', version: 'ocpp2.0.1', command: { kind: 'changeConfiguration', key: 'A.B', value: '1' }, result: { setVariableResult: [] } },
    { name: 'a GetConfiguration result with a non-list', version: 'ocpp1.6', command: { kind: 'getConfiguration' }, result: { configurationKey: 'x' } },
  ] as const)('rejects $name as FormationViolation', ({ version, command, result }) => {
    const error = expectOcppError(() => decodeCommandResult(version, command as Command, result), 'FormationViolation');
    expect(error.code).toBe('PW_OCPP_RESULT_MALFORMED');
  });
});
