import type { Notification } from 'pg';

/** What listening needs of a pg Client (a fake one in unit tests). */
export interface ListenerConnection {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  end(): Promise<unknown>;
  on(event: 'notification', listener: (message: Notification) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/**
 * Connects a dedicated client and LISTENs on `channel`, passing each payload on. An error or
 * the connection's end calls `lost` (the caller guards against a second call and reconnects).
 * Returns false when connecting or LISTEN failed (`lost` was called then too).
 */
export async function listenOnChannel(
  client: ListenerConnection,
  channel: string,
  onPayload: (payload: string | undefined) => void,
  lost: (error: unknown) => void,
): Promise<boolean> {
  client.on('error', lost);
  client.on('end', () => lost(new Error('conexión cerrada')));
  client.on('notification', (message: Notification) => {
    if (message.channel === channel) onPayload(message.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return true;
  } catch (error: unknown) {
    lost(error);
    return false;
  }
}
