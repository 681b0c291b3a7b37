// Words the UI shows for the database's enum values.
export const USER_TYPES = {
  company_admin: 'Company administrator',
  administrator: 'Administrator',
  power_user: 'Power user',
  private_user: 'Private user',
} as const;

export const VISIBILITY = { all: 'All accounts', assigned: 'Assigned accounts only' } as const;
