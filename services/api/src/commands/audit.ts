/**
 * The command audit log: a row is written before the command leaves (so even a crash mid-command leaves
 * a trace of who sent what) and completed with the charger's answer or the failure.
 */
import type { ReadDb } from '@pilewatch/store';
import type { Command, CommandResult } from '@pilewatch/ocpp';
import type { Principal } from '../auth/roles.js';
import type { AuditOutcome } from './outcome.js';

export async function auditCommand(db: ReadDb, principal: Principal, chargerId: string, command: Command): Promise<number> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO command_audit (charger_id, command, token_id, principal_name, role, operator_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [chargerId, JSON.stringify(command), principal.tokenId, principal.name, principal.role, principal.operatorId],
  );
  return Number(rows[0]!.id);
}

export async function completeAudit(
  db: ReadDb,
  auditId: number,
  outcome: AuditOutcome,
  answer: { result?: CommandResult; errorCode?: string },
): Promise<void> {
  await db.pool.query(
    `UPDATE command_audit SET answered_at = now(), outcome = $2, status = $3, error_code = $4, result = $5 WHERE id = $1`,
    [
      auditId,
      outcome,
      answer.result?.status ?? null,
      answer.errorCode ?? null,
      answer.result === undefined ? null : JSON.stringify(answer.result),
    ],
  );
}
