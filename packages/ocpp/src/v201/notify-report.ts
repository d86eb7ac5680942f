/** 2.0.1 NotifyReport: one part (seqNo, tbc) of a device-model report asked for by GetBaseReport/GetReport. */
import { eventBase } from '../charger-time.js';
import type { ReportReceived } from '../events.js';
import type { ActionModule } from '../handler.js';
import type { NotifyReportRequest, NotifyReportResponse } from '../generated/ocpp201.js';
import { named } from '../variable-keys.js';

export const notifyReport: ActionModule<NotifyReportRequest, NotifyReportResponse> = {
  decode(p, ctx) {
    const variables: ReportReceived['variables'] = [];
    for (const data of p.reportData ?? []) {
      for (const attribute of data.variableAttribute) {
        const entry: ReportReceived['variables'][number] = {
          component: named(data.component),
          variable: named(data.variable),
          // 2.0.1: attribute type "Default = Actual".
          attributeType: attribute.type ?? 'Actual',
        };
        if (data.component.evse) {
          entry.evseId = data.component.evse.id;
          if (data.component.evse.connectorId !== undefined) entry.connectorId = data.component.evse.connectorId;
        }
        if (attribute.value !== undefined) entry.value = attribute.value;
        variables.push(entry);
      }
    }
    return [
      {
        kind: 'report.received',
        ...eventBase(ctx, p.generatedAt, 'generatedAt'),
        requestId: p.requestId,
        seqNo: p.seqNo,
        tbc: p.tbc ?? false,
        variables,
      },
    ];
  },
  respond: () => ({}),
};
