/** A mailbox poller's connection state (in its own module so the web UI can share the type). */
export type PollerState = 'stopped' | 'connecting' | 'connected' | 'syncing' | 'waiting-to-reconnect';
