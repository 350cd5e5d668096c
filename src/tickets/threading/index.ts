export * from './ticket-reference';
export * from './reply-subject';
export * from './thread-hints';
