// The Admin tabs and the permission each needs to be shown (the database
// refuses the page anyway when the permission is missing).
export const ADMIN_TABS = [
  { href: '/admin/users', label: 'Users', permission: 'users.view' },
  { href: '/admin/invitations', label: 'Invitations', permission: 'users.invite' },
  { href: '/admin/join-requests', label: 'Join Requests', permission: 'join_requests.view' },
  { href: '/admin/roles', label: 'Roles', permission: 'roles.view' },
  { href: '/admin/groups', label: 'Groups', permission: 'groups.view' },
  { href: '/admin/orgs', label: 'Organizations', permission: 'organizations.view' },
  { href: '/admin/visibility', label: 'Record Visibility', permission: 'users.view' },
  { href: '/admin/audit', label: 'Audit Log', permission: 'audit.view' },
  { href: '/admin/access-review', label: 'Access Review', permission: 'access_review.view' },
  { href: '/admin/view-as', label: 'View as', permission: 'users.view' },
] as const;
