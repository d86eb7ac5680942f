/**
 * API tokens: 256 random bits, shown once at creation, stored only as their sha256, revocable.
 * `createToken` is what `pilewatch token create` and `POST /api/v1/tokens` call.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ReadDb } from '@pilewatch/store';
import { ApiError, isForeignKeyViolation } from '../errors.js';
import type { Principal, Role } from './roles.js';
import { roles } from './roles.js';

// A recognisable prefix lets secret scanners and people tell a pilewatch token from other strings.
const tokenPrefix = 'pwt_';

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  operatorId: string | null;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewToken extends TokenRecord {
  /** The bearer secret. It is not stored and cannot be shown again. */
  token: string;
}

export interface TokenRequest {
  role: Role;
  /** Required for `operator`, refused for every other role. */
  operatorId?: string | null;
  name: string;
  createdBy?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createToken(db: ReadDb, request: TokenRequest): Promise<NewToken> {
  if (!roles.includes(request.role)) {
    throw new ApiError('PW_API_VALIDATION', `role: must be one of ${roles.join(', ')}`);
  }
  const operatorId = request.operatorId ?? null;
  if (request.role === 'operator' && !operatorId) {
    throw new ApiError('PW_API_VALIDATION', 'operatorId: an operator token must name its operator');
  }
  if (request.role !== 'operator' && operatorId) {
    throw new ApiError('PW_API_VALIDATION', `operatorId: only operator tokens are bound to an operator, not ${request.role} tokens`);
  }
  if (!request.name.trim()) throw new ApiError('PW_API_VALIDATION', 'name: must not be empty');
  const token = tokenPrefix + randomBytes(32).toString('base64url');
  const id = `tok_${randomBytes(8).toString('hex')}`;
  try {
    const { rows } = await db.pool.query(
      `INSERT INTO api_tokens (id, name, role, operator_id, token_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [id, request.name.trim(), request.role, operatorId, hashToken(token), request.createdBy ?? null],
    );
    return { ...tokenRecord(rows[0]), token };
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new ApiError('PW_API_VALIDATION', `operatorId: no operator ${operatorId}`);
    throw err;
  }
}

/** The principal a bearer token stands for, or undefined when it is unknown or revoked. */
export async function principalForToken(db: ReadDb, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(tokenPrefix)) return undefined;
  const { rows } = await db.pool.query(
    `SELECT id, name, role, operator_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashToken(token)],
  );
  const r = rows[0];
  return r && { tokenId: r.id, name: r.name, role: r.role, operatorId: r.operator_id };
}

export async function listTokens(db: ReadDb, options: { includeRevoked: boolean }): Promise<TokenRecord[]> {
  const { rows } = await db.pool.query(
    `SELECT * FROM api_tokens ${options.includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at, id`,
  );
  return rows.map(tokenRecord);
}

/** Revokes the token; false when there is no such (unrevoked) token. Takes effect on the next request. */
export async function revokeToken(db: ReadDb, id: string): Promise<boolean> {
  const { rowCount } = await db.pool.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  return (rowCount ?? 0) > 0;
}

function tokenRecord(r: Record<string, unknown>): TokenRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    role: r.role as Role,
    operatorId: r.operator_id as string | null,
    createdBy: r.created_by as string | null,
    createdAt: r.created_at as Date,
    revokedAt: r.revoked_at as Date | null,
  };
}
