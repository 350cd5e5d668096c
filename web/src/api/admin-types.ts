/** The admin pages' data, as the server defines it (type-only: nothing of the server is bundled). */
export type * from '../../../src/admin/admin.views';
