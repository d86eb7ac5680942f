import { describe, expect, it } from 'vitest';
import type { Command } from '@pilewatch/ocpp';
import { mayReceive, maySend, TriggeredMessages } from './registration-gate.js';

describe('mayReceive', () => {
  it('lets an Accepted charger send anything', () => {
    expect(mayReceive('Accepted', 'MeterValues', new TriggeredMessages())).toBe(true);
  });

  it.each(['Pending', 'Rejected'] as const)('lets a %s charger send only BootNotification', (status) => {
    const none = new TriggeredMessages();
    expect(mayReceive(status, 'BootNotification', none)).toBe(true);
    expect(mayReceive(status, 'Heartbeat', none)).toBe(false);
    expect(mayReceive(status, 'StatusNotification', none)).toBe(false);
  });

  it('lets a Pending charger send a message we triggered, once per trigger', () => {
    const triggered = new TriggeredMessages();
    triggered.allow('StatusNotification');
    triggered.allow('StatusNotification');
    expect(mayReceive('Pending', 'StatusNotification', triggered)).toBe(true);
    expect(mayReceive('Pending', 'StatusNotification', triggered)).toBe(true);
    expect(mayReceive('Pending', 'StatusNotification', triggered)).toBe(false);
    expect(mayReceive('Pending', 'MeterValues', triggered)).toBe(false);
  });
});

describe('maySend', () => {
  const start: Command = { kind: 'remoteStart', idTag: 'T1', evseId: 1 };
  const stop: Command = { kind: 'remoteStop', transactionId: '1' };
  const getConfig: Command = { kind: 'getConfiguration' };
  const triggerBoot: Command = { kind: 'triggerMessage', message: 'BootNotification' };
  const triggerStatus: Command = { kind: 'triggerMessage', message: 'StatusNotification' };

  it('sends anything to an Accepted charger', () => {
    for (const c of [start, stop, getConfig, triggerBoot]) expect(maySend('Accepted', c)).toBe(true);
  });

  it('holds remote start and stop back from a Pending charger, and nothing else', () => {
    expect(maySend('Pending', start)).toBe(false);
    expect(maySend('Pending', stop)).toBe(false);
    expect(maySend('Pending', getConfig)).toBe(true);
    expect(maySend('Pending', triggerStatus)).toBe(true);
  });

  it('only asks a Rejected charger to boot again', () => {
    expect(maySend('Rejected', triggerBoot)).toBe(true);
    expect(maySend('Rejected', triggerStatus)).toBe(false);
    expect(maySend('Rejected', getConfig)).toBe(false);
  });
});
