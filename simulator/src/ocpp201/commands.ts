/**
 * How a virtual OCPP 2.0.1 charging station answers the central system: RequestStart/StopTransaction,
 * Reset (Immediate or OnIdle), ChangeAvailability, Get/SetVariables on its device model, TriggerMessage and
 * UnlockConnector — with the 2.0.1 rules where they differ from 1.6 (an ongoing transaction blocks an
 * unlock; a triggered BootNotification after acceptance is refused).
 */
import type { CommandTarget, TriggerableMessage } from '../charger/dialect.js';
import type { ChargerSocket } from '../charger/socket.js';
import type { ChargerSettings } from '../charger/settings.js';
import { getVariable, setVariable, type ComponentRef, type VariableRef } from './device-model.js';

type Params = Record<string, unknown>;

export function installOcpp201Commands(socket: ChargerSocket, c: CommandTarget): void {
  const on = (action: string, answer: (p: Params) => Record<string, unknown>) =>
    socket.handle(action, async ({ params }) => {
      c.commandReceived(action);
      return answer((params ?? {}) as Params);
    });

  on('RequestStartTransaction', (p) => ({
    status: c.remoteStart({
      idTag: (p.idToken as { idToken: string }).idToken,
      remoteStartId: p.remoteStartId as number,
      ...(typeof p.evseId === 'number' ? { evseId: p.evseId } : {}),
    }),
  }));

  on('RequestStopTransaction', (p) => ({ status: c.remoteStop(p.transactionId as string) }));

  on('Reset', (p) => {
    // Resetting a single EVSE is optional in 2.0.1; these stations reset as a whole only.
    if (p.evseId !== undefined) return { status: 'Rejected' };
    return { status: c.reset({ hard: false, onIdle: p.type === 'OnIdle' }) };
  });

  on('ChangeAvailability', (p) => {
    const evse = p.evse as { id: number; connectorId?: number } | undefined;
    if (evse?.connectorId !== undefined && !c.connectors.some((k) => k.spec.evseId === evse.id && k.spec.connectorId === evse.connectorId))
      return { status: 'Rejected' };
    return { status: c.changeAvailability(evse?.id, p.operationalStatus === 'Operative') };
  });

  on('GetVariables', (p) => ({
    getVariableResult: (p.getVariableData as Array<{ component: ComponentRef; variable: VariableRef; attributeType?: string }>).map(
      (d) => ({
        ...getVariable(c, d.component, d.variable, d.attributeType),
        ...(d.attributeType ? { attributeType: d.attributeType } : {}),
        component: d.component,
        variable: d.variable,
      }),
    ),
  }));

  on('SetVariables', (p) => {
    const changed = new Set<keyof ChargerSettings>();
    const setVariableResult = (
      p.setVariableData as Array<{ component: ComponentRef; variable: VariableRef; attributeValue: string; attributeType?: string }>
    ).map((d) => {
      const { attributeStatus, changed: name } = setVariable(c, d.component, d.variable, d.attributeValue, d.attributeType);
      if (name) changed.add(name);
      return { attributeStatus, ...(d.attributeType ? { attributeType: d.attributeType } : {}), component: d.component, variable: d.variable };
    });
    setImmediate(() => changed.forEach((name) => c.settingsChanged(name)));
    return { setVariableResult };
  });

  on('TriggerMessage', (p) => {
    const requested = p.requestedMessage as string;
    const evse = p.evse as { id: number } | undefined;
    const supported: TriggerableMessage[] = [
      'BootNotification',
      'Heartbeat',
      'StatusNotification',
      'MeterValues',
      'TransactionEvent',
      'FirmwareStatusNotification',
      'LogStatusNotification',
    ];
    if (!supported.includes(requested as TriggerableMessage)) return { status: 'NotImplemented' };
    if (requested === 'BootNotification' && c.registration === 'Accepted') return { status: 'Rejected' };
    return { status: c.trigger(requested as TriggerableMessage, evse?.id) };
  });

  on('UnlockConnector', (p) => {
    const conn = c.connectors.find((k) => k.spec.evseId === p.evseId && k.spec.connectorId === p.connectorId);
    if (!conn) return { status: 'UnknownConnector' };
    if (conn.session && conn.session.phase !== 'plugged' && conn.session.phase !== 'authorizing')
      return { status: 'OngoingAuthorizedTransaction' };
    return { status: c.unlock(p.evseId as number, p.connectorId as number) };
  });
}
