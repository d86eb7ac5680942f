/** Real OCPP-J chargers for the API tests: ocpp-rpc clients in strict mode (every frame schema-checked both ways). */
import ocppRpc from 'ocpp-rpc';
import type RPCClientType from 'ocpp-rpc/lib/client';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';

export type ChargerClient = RPCClientType;

export function chargerClient(endpoint: string, identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', password: string): ChargerClient {
  const options: Partial<RPC_ClientOptions> = { endpoint, identity, protocols: [protocol], password, strictMode: true, reconnect: false };
  return new ocppRpc.RPCClient(options as RPC_ClientOptions);
}

/** Answers the central system's `method` CALLs with `handler(params)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function answer(client: ChargerClient, method: string, handler: (params: any) => Record<string, unknown> | Promise<Record<string, unknown>>): void {
  client.handle(method, async ({ params }) => handler(params));
}
