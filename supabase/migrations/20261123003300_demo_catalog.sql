-- =============================================================================
-- The catalog of the demo business tables (P1, P3, P4): one function per
-- domain, which presets call for the tenants they build, and one for all of
-- them. Each is idempotent (rbac_private.define_module updates in place).
--
--   insurance      accounts, policies, quotes          (seed 000, ReFocus)
--   support        conversations with own/team/all     (seed 002)
--   manuals        manuals with a trash sub-section    (seed 003)
--   field service  cylinders, for-sale view            (seed 004, RefriTrak)
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

create function rbac_private.define_insurance_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_module(p_tenant_id, 'accounts', 'Accounts', '[
    {"action": "view", "name": "View accounts"},
    {"action": "create", "name": "Create accounts", "implies": ["view"]},
    {"action": "edit", "name": "Edit account information and assignees", "implies": ["view"]},
    {"action": "delete", "name": "Delete accounts", "implies": ["view"]},
    {"action": "export", "name": "Export accounts", "implies": ["view"]}
  ]'::jsonb, p_position => 10, p_description => 'The agency''s book of business: insureds and prospects.');
  -- V3: a policy or quote is seen under its account, so viewing one implies viewing accounts.
  perform rbac_private.define_module(p_tenant_id, 'policies', 'Policies', '[
    {"action": "view", "name": "View policies", "implies": ["accounts.view"]},
    {"action": "create", "name": "Add policies", "implies": ["view"]},
    {"action": "edit", "name": "Edit policies", "implies": ["view"]},
    {"action": "delete", "name": "Delete policies", "implies": ["view"]}
  ]'::jsonb, p_position => 11, p_description => 'Policies in force under each account.');
  perform rbac_private.define_module(p_tenant_id, 'quotes', 'Quotes', '[
    {"action": "view", "name": "View quotes", "implies": ["accounts.view"]},
    {"action": "create", "name": "Run quotes", "implies": ["view"]},
    {"action": "edit", "name": "Edit quotes", "implies": ["view"]},
    {"action": "delete", "name": "Delete quotes", "implies": ["view"]}
  ]'::jsonb, p_position => 12, p_description => 'Quotes run for an account.');
end;
$$;
comment on function rbac_private.define_insurance_catalog(uuid) is 'Definer: writes the catalog tables (presets, service_role).';

create function rbac_private.define_support_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- P3/V5: viewing is granted for own, team or all conversations. The other
  -- actions do not imply it: an implied action is granted for all records,
  -- which would widen an own or team view. They reach only conversations the
  -- member sees anyway (the edit and delete policies require the view).
  perform rbac_private.define_module(p_tenant_id, 'conversations', 'Conversations', '[
    {"action": "view", "name": "View conversations", "scoped": true},
    {"action": "create", "name": "Start conversations"},
    {"action": "edit", "name": "Respond and change status"},
    {"action": "assign", "name": "Assign and reassign conversations"},
    {"action": "delete", "name": "Delete conversations"}
  ]'::jsonb, p_position => 20, p_description => 'Support conversations, each assigned to an agent and a team.');
end;
$$;
comment on function rbac_private.define_support_catalog(uuid) is 'Definer: writes the catalog tables (presets, service_role).';

create function rbac_private.define_manuals_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_module(p_tenant_id, 'manuals', 'Manuals', '[
    {"action": "view", "name": "View manuals"},
    {"action": "create", "name": "Create manuals", "implies": ["view"]},
    {"action": "edit", "name": "Edit manuals", "implies": ["view"]},
    {"action": "delete", "name": "Move manuals to the trash", "implies": ["view"]}
  ]'::jsonb, p_position => 30, p_description => 'Equipment manuals.');
  -- P1: a sub-section with its own actions; R7 lints delete without restore.
  perform rbac_private.define_module(p_tenant_id, 'manuals.trash', 'Manuals Trash', '[
    {"action": "view", "name": "View the trash"},
    {"action": "restore", "name": "Restore manuals from the trash", "implies": ["view"]},
    {"action": "delete", "name": "Delete manuals for good", "implies": ["view"]}
  ]'::jsonb, p_position => 31, p_description => 'Deleted manuals, restorable until purged.');
  -- Whoever moves a manual to the trash may see it there (Postgres checks the
  -- moved row against the select policy), not restore it. Declared once the
  -- trash exists.
  perform rbac_private.define_module(p_tenant_id, 'manuals', 'Manuals', '[
    {"action": "view", "name": "View manuals"},
    {"action": "create", "name": "Create manuals", "implies": ["view"]},
    {"action": "edit", "name": "Edit manuals", "implies": ["view"]},
    {"action": "delete", "name": "Move manuals to the trash", "implies": ["view", "manuals.trash.view"]}
  ]'::jsonb, p_position => 30, p_description => 'Equipment manuals.');
end;
$$;
comment on function rbac_private.define_manuals_catalog(uuid) is 'Definer: writes the catalog tables (presets, service_role).';

create function rbac_private.define_field_service_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- V6: view_for_sale is view limited to FOR_SALE cylinders in the member's territories.
  perform rbac_private.define_module(p_tenant_id, 'cylinders', 'Cylinders', '[
    {"action": "view", "name": "View all cylinders"},
    {"action": "view_for_sale", "name": "View cylinders for sale in my territories"},
    {"action": "create", "name": "Add cylinders", "implies": ["view"]},
    {"action": "edit", "name": "Edit and move cylinders", "implies": ["view"]},
    {"action": "delete", "name": "Delete cylinders", "implies": ["view"]}
  ]'::jsonb, p_position => 40, p_description => 'Refrigerant cylinders, their status and sales territory.');
end;
$$;
comment on function rbac_private.define_field_service_catalog(uuid) is 'Definer: writes the catalog tables (presets, service_role).';

-- Every demo module at once.
create function rbac_private.define_demo_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_insurance_catalog(p_tenant_id);
  perform rbac_private.define_support_catalog(p_tenant_id);
  perform rbac_private.define_manuals_catalog(p_tenant_id);
  perform rbac_private.define_field_service_catalog(p_tenant_id);
end;
$$;
comment on function rbac_private.define_demo_catalog(uuid) is 'Definer: writes the catalog tables (presets, service_role).';
