/** What intake does on the IMAP server once a message is committed (own module: the web UI shares the type). */
export type AfterIntakeAction = 'none' | 'seen' | 'move';
