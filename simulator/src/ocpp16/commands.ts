/**
 * How a virtual OCPP 1.6J pile answers the central system: remote start and stop, reset, change
 * availability, get and change configuration, trigger message, unlock connector. Each answer is decided
 * by the charger's state; whatever follows (a session starting, a reboot) happens after the answer is sent.
 */
import type { ChargerSocket } from '../charger/socket.js';
import type { CommandTarget, TriggerableMessage } from '../charger/dialect.js';
import { configurationKeys, findKey } from './configuration.js';

type Params = Record<string, unknown>;

export function installOcpp16Commands(socket: ChargerSocket, c: CommandTarget): void {
  const on = (action: string, answer: (p: Params) => Record<string, unknown>) =>
    socket.handle(action, async ({ params }) => {
      c.commandReceived(action);
      return answer((params ?? {}) as Params);
    });

  on('RemoteStartTransaction', (p) => ({
    status: c.remoteStart({
      idTag: p.idTag as string,
      ...(typeof p.connectorId === 'number' ? { evseId: p.connectorId } : {}),
    }),
  }));

  on('RemoteStopTransaction', (p) => ({ status: c.remoteStop(String(p.transactionId)) }));

  on('Reset', (p) => {
    const status = c.reset({ hard: p.type === 'Hard', onIdle: false });
    return { status: status === 'Scheduled' ? 'Accepted' : status };
  });

  on('ChangeAvailability', (p) => ({ status: c.changeAvailability(p.connectorId as number, p.type === 'Operative') }));

  on('GetConfiguration', (p) => {
    const asked = p.key as string[] | undefined;
    const keys = asked?.length ? asked : configurationKeys.map((k) => k.key);
    const known = keys.map((k) => ({ key: k, def: findKey(k) }));
    const unknownKey = known.filter((k) => !k.def).map((k) => k.key);
    return {
      configurationKey: known
        .filter((k) => k.def)
        .map(({ def }) => ({ key: def!.key, readonly: def!.readonly, value: def!.get(c) })),
      ...(unknownKey.length ? { unknownKey } : {}),
    };
  });

  on('ChangeConfiguration', (p) => {
    const def = findKey(p.key as string);
    if (!def) return { status: 'NotSupported' };
    if (def.readonly || !def.set) return { status: 'Rejected' };
    const changed = def.set(c.settings, p.value as string);
    if (!changed) return { status: 'Rejected' };
    setImmediate(() => c.settingsChanged(changed));
    return { status: 'Accepted' };
  });

  on('TriggerMessage', (p) => {
    const requested = p.requestedMessage as string;
    const supported: TriggerableMessage[] = [
      'BootNotification',
      'DiagnosticsStatusNotification',
      'FirmwareStatusNotification',
      'Heartbeat',
      'MeterValues',
      'StatusNotification',
    ];
    if (!supported.includes(requested as TriggerableMessage)) return { status: 'NotImplemented' };
    return { status: c.trigger(requested as TriggerableMessage, p.connectorId as number | undefined) };
  });

  on('UnlockConnector', (p) => {
    const result = c.unlock(p.connectorId as number, 1);
    return { status: result === 'UnknownConnector' ? 'NotSupported' : result };
  });
}
