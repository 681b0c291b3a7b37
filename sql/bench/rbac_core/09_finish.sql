-- Benchmark data, step 9: fresh planner statistics for everything the
-- measurements read, as autovacuum would have them on a live system.
analyze auth.users;
analyze rbac.tenants, rbac.company_types, rbac.orgs, rbac.org_closure, rbac.members, rbac.member_orgs,
        rbac.modules, rbac.permissions, rbac.permission_implications, rbac.permission_closure,
        rbac.roles, rbac.role_permissions, rbac.member_roles, rbac.groups, rbac.group_members,
        rbac.group_roles, rbac.org_company_roles;
