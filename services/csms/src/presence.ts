/**
 * Multi-node presence: this node claims on the bus every charger it holds (with a TTL it keeps
 * refreshing) and answers the commands the API routes to it. A node that dies stops refreshing, so its
 * claims lapse and commands for its chargers fail fast as "offline" instead of hanging.
 */
import { serveChargerCommands, type Bus } from '@pilewatch/bus';
import type { Logger } from 'pino';
import type { CentralSystem } from './central-system.js';
import type { ConnectivityEventMessage } from './events.js';

export interface Presence {
  stop(): Promise<void>;
}

export async function announcePresence(csms: CentralSystem, bus: Bus, nodeId: string, log: Logger, ttlS = 30): Promise<Presence> {
  const fail = (err: unknown) => log.error({ err, nodeId }, 'presence update on the bus failed');
  const onConnectivity = (m: ConnectivityEventMessage) => {
    if (m.event === 'connected') bus.claim(m.chargerId, nodeId, ttlS).catch(fail);
    else if ((m.event === 'disconnected' || m.event === 'ping_timeout') && !csms.connected().includes(m.chargerId)) {
      bus.release(m.chargerId, nodeId).catch(fail);
    }
  };
  csms.events.on('connectivity', onConnectivity);
  const refresh = setInterval(() => {
    for (const id of csms.connected()) bus.claim(id, nodeId, ttlS).catch(fail);
  }, (ttlS * 1000) / 3);
  refresh.unref();
  const stopServing = await serveChargerCommands(bus, nodeId, (chargerId, command) =>
    csms.sendCommand(chargerId, command as Parameters<CentralSystem['sendCommand']>[1]),
  );
  return {
    async stop() {
      clearInterval(refresh);
      csms.events.off('connectivity', onConnectivity);
      await stopServing();
      await Promise.all(csms.connected().map((id) => bus.release(id, nodeId).catch(fail)));
    },
  };
}
