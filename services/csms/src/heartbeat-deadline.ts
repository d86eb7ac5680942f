/**
 * The heartbeat deadline of one connection: a charger that sends nothing for heartbeatInterval × grace is
 * reported once as missed, and reported back (and eligible again) as soon as it speaks. Any inbound frame counts: OCPP
 * lets a charger that is sending other messages skip its heartbeats. The socket may still be open when the
 * deadline passes (a hung application behind a live TCP connection), which is exactly the case WebSocket
 * pings cannot see; consumers combine this event with the socket's own connected/disconnected events.
 */

export class HeartbeatDeadline {
  private timer: NodeJS.Timeout | undefined;
  private missed = false;
  private lastHeardAt = Date.now();

  constructor(
    private readonly deadlineMs: number,
    private readonly onMissed: (silentForMs: number) => void,
    private readonly onResumed: () => void = () => undefined,
  ) {}

  start(): void {
    this.lastHeardAt = Date.now();
    this.arm();
  }

  /** The charger said something. */
  heard(): void {
    this.lastHeardAt = Date.now();
    if (this.missed) {
      this.missed = false;
      this.arm();
      this.onResumed();
    } else {
      this.timer?.refresh();
    }
  }

  get isMissed(): boolean {
    return this.missed;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.missed = true;
      this.onMissed(Date.now() - this.lastHeardAt);
    }, this.deadlineMs);
    // A silent charger must not keep a stopping process alive.
    this.timer.unref();
  }
}
