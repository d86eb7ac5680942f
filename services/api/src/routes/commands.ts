/** Commands to a charger through the central system, audit-logged with who sent them. */
import { commandResultView } from '../http/views.js';
import { writers } from '../auth/roles.js';
import { auditCommand, completeAudit } from '../commands/audit.js';
import { commandSchema } from '../commands/command-schema.js';
import { commandFailure, outcomeOfResult } from '../commands/outcome.js';
import { defineRoute } from '../http/route.js';
import { chargerParams } from '../http/schemas.js';
import { chargerVisible } from '@pilewatch/store';
import { notFound } from '../errors.js';

export const commandRoutes = [
  defineRoute({
    id: 'chargers.command',
    method: 'POST',
    url: '/api/v1/chargers/:chargerId/commands',
    roles: writers,
    tag: 'commands',
    summary: "Send a command and return the charger's answer",
    description:
      'remoteStart, remoteStop, reset, changeAvailability, getConfiguration / changeConfiguration (2.0.1: ' +
      'Get/SetVariables with Component.Variable keys), triggerMessage, unlockConnector. A charger that answers ' +
      'with a non-accepting status (e.g. Rejected) gives 200 with `accepted: false`; offline, timed out and ' +
      'protocol-error answers are errors. Every command is audit-logged.',
    params: chargerParams,
    body: commandSchema,
    response: commandResultView,
    handle: async ({ deps, scope, principal, params, body }) => {
      if (!(await chargerVisible(deps.db, params.chargerId, scope))) throw notFound('charger', params.chargerId);
      const auditId = await auditCommand(deps.db, principal, params.chargerId, body);
      let result;
      try {
        result = await deps.commands.send(params.chargerId, body);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'PW_API_INTERNAL';
        await completeAudit(deps.db, auditId, 'failed', { errorCode: code });
        throw commandFailure(params.chargerId, err) ?? err;
      }
      await completeAudit(deps.db, auditId, outcomeOfResult(result), { result });
      return result;
    },
  }),
];
