/** The territorial-entity columns of a ticket row, as both the list and the detail read them. */
export interface EntityColumns {
  entity_kind: string | null;
  entity_code: string | null;
  entity_name: string | null;
  entity_department_code: string | null;
  entity_department_name: string | null;
}

export interface EntityView<Kind extends string | null = string | null> {
  kind: Kind;
  code: string | null;
  name: string | null;
  departmentCode: string | null;
  departmentName: string | null;
}

/** The ticket's entity for the API, or null when neither a code nor a name is known. */
export function toEntityView<Row extends EntityColumns>(row: Row): EntityView<Row['entity_kind']> | null {
  if (row.entity_code === null && row.entity_name === null) return null;
  return {
    kind: row.entity_kind,
    code: row.entity_code,
    name: row.entity_name,
    departmentCode: row.entity_department_code,
    departmentName: row.entity_department_name,
  };
}
