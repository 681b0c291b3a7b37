-- =============================================================================
-- Presets (S1–S5): each seed product's catalog, roles, rules, demo orgs,
-- members and records, loadable into a new tenant with one call. A preset is
-- a function rbac_private.preset_<name>(p_tenant_name text) returning the new
-- tenant id, defined in its own migration; this file holds what they share.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.presets (
  name text primary key check (name ~ '^[a-z][a-z0-9_]*$'),
  title text not null,
  description text not null,
  requirement text not null
);
comment on table rbac.presets is 'S1–S5: the presets this database can load (one function rbac_private.preset_<name> each).';

alter table rbac.presets enable row level security;
grant select on rbac.presets to authenticated;

create policy "Signed-in people can view the available presets" on rbac.presets
  for select to authenticated
  using ((select rbac_private.current_user_id()) is not null);

-- -----------------------------------------------------------------------------
-- Helpers shared by the presets
-- -----------------------------------------------------------------------------

-- A demo login (password 'demo-password', bcrypt as GoTrue stores it); reuses
-- an existing login with that email so presets can be loaded twice.
create function rbac_private.demo_user(p_email text, p_name text, p_description text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid;
begin
  select id into v_id from auth.users where email = lower(p_email);
  if v_id is null then
    insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
    values (gen_random_uuid(), 'authenticated', 'authenticated', lower(p_email),
            extensions.crypt('demo-password', extensions.gen_salt('bf', 8)), now(),
            jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'demo_description', p_description),
            jsonb_build_object('full_name', p_name))
    returning id into v_id;
  end if;
  return v_id;
end;
$$;
comment on function rbac_private.demo_user(text, text, text) is
  'Definer: writes auth.users for a preset''s demo login; presets only (service_role).';

-- Acts as a demo person for the rest of the transaction, so a preset builds
-- its tenant through the public API (checked and audited like any request).
create function rbac_private.act_as(p_user_id uuid) returns void
language sql
security definer
set search_path = pg_catalog, pg_temp
as $$
  select set_config('request.jwt.claims',
                    jsonb_build_object('sub', p_user_id, 'role', 'authenticated')::text, true);
$$;
comment on function rbac_private.act_as(uuid) is
  'Definer: sets the request claims for a preset''s demo person; presets only (service_role).';

-- U1 as the Users page does it, for the presets: the inviter invites, the
-- person accepts with their own demo login, then the inviter acts again.
-- Every step goes through the public API, so it is checked (A3/A4, V1) and
-- audited like any request. Returns the new member.
create function rbac_private.preset_invite(
  p_inviter uuid, p_home_org_id uuid, p_email text, p_name text, p_description text, p_role_ids uuid[],
  p_user_type rbac.user_type default 'power_user', p_visibility rbac.visibility default 'all',
  p_assignee_ids uuid[] default '{}'
) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_person uuid := rbac_private.demo_user(p_email, p_name, p_description);
  v_token text;
  v_member uuid;
begin
  perform rbac_private.act_as(p_inviter);
  select i.token into v_token
    from public.invite_member(p_home_org_id, p_email, p_name, p_role_ids, p_user_type, p_visibility, p_assignee_ids) i;
  perform rbac_private.act_as(v_person);
  v_member := public.accept_invitation(v_token);
  perform rbac_private.act_as(p_inviter);
  return v_member;
end;
$$;
comment on function rbac_private.preset_invite(uuid, uuid, text, text, text, uuid[], rbac.user_type, rbac.visibility, uuid[]) is
  'Definer: creates a demo login and acts as the inviter and the invitee in turn; presets only.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- R1: the optional Super Administrator, the platform vendor's own role:
-- above the Administrator and hidden from everyone who does not hold it
-- (decisions §14). Vendor tooling only (service_role): no member, not even
-- a company administrator, can create it or give it to someone who does not
-- hold it. The first call creates the hidden role in the tenant; each call
-- makes the person (an existing login) a company administrator holding it,
-- adding them as a member if they are not one. Audited with no actor (the
-- vendor) and withheld from those who may not see the role, like any entry
-- naming it.
create function public.grant_super_administrator(p_tenant_id uuid, p_user_id uuid) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role uuid;
  v_member rbac.members;
  v_user auth.users;
begin
  perform rbac_private.lock_tenant(p_tenant_id);
  select * into v_user from auth.users where id = p_user_id;
  if v_user.id is null or not exists (select 1 from rbac.tenants where id = p_tenant_id) then
    raise exception 'There is no such tenant or login.' using errcode = 'RB004';
  end if;
  select id into v_role from rbac.roles where tenant_id = p_tenant_id and system_key = 'super_administrator';
  if v_role is null then
    insert into rbac.roles (tenant_id, org_id, name, description, system_key, grants_all, hidden)
    values (p_tenant_id, p_tenant_id, 'Super Administrator', 'The platform vendor''s support staff: every app and every role.',
            'super_administrator', true, true)
    returning id into v_role;
  end if;
  select * into v_member from rbac.members where tenant_id = p_tenant_id and user_id = p_user_id;
  if v_member.id is null then
    v_member.id := rbac_private.insert_member(p_tenant_id, p_user_id,
                     coalesce(v_user.raw_user_meta_data ->> 'full_name', split_part(v_user.email, '@', 1)),
                     lower(v_user.email), p_tenant_id, 'company_admin', array[v_role]);
  elsif v_member.status <> 'active' then
    raise exception 'This person''s membership is %; reactivate it first.', v_member.status using errcode = 'RB042';
  else
    update rbac.members set user_type = 'company_admin', home_org_id = p_tenant_id where id = v_member.id;
    insert into rbac.member_roles (tenant_id, member_id, role_id) values (p_tenant_id, v_member.id, v_role)
    on conflict do nothing;
    -- A3/R2: the move to the root keeps every role the member holds available there.
    perform rbac_private.assert_access_fits(p_tenant_id, p_member_id => v_member.id);
  end if;
  perform rbac_private.audit(p_tenant_id, null, 'member.grant_super_administrator', 'member', v_member.id::text,
                             coalesce(v_member.display_name, v_user.email),
                             case when v_member.user_type is not null
                                  then jsonb_build_object('user_type', v_member.user_type, 'home_org_id', v_member.home_org_id) end,
                             jsonb_build_object('role_id', v_role, 'user_type', 'company_admin', 'home_org_id', p_tenant_id));
  return v_member.id;
end;
$$;
comment on function public.grant_super_administrator(uuid, uuid) is
  'Definer: creates the hidden role and writes members and role assignments no member may; executable by service_role only (the vendor''s tooling).';
grant execute on function public.grant_super_administrator(uuid, uuid) to service_role;

-- Loads a preset into a new tenant and returns its id. Vendor tooling only
-- (service_role, or `npm run preset -- <name>` as the owner).
create function public.load_preset(p_name text, p_tenant_name text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_preset rbac.presets;
  v_claims text := current_setting('request.jwt.claims', true);
  v_tenant uuid;
begin
  select * into v_preset from rbac.presets where name = p_name;
  if v_preset.name is null
     or to_regprocedure(format('rbac_private.preset_%s(text)', p_name)) is null then
    raise exception 'There is no preset %. Available: %.', p_name,
      (select string_agg(name, ', ' order by name) from rbac.presets) using errcode = 'RB004';
  end if;
  execute format('select rbac_private.preset_%s($1)', p_name) into v_tenant using coalesce(p_tenant_name, v_preset.title);
  -- The preset acted as its demo people; the caller's own identity comes back.
  perform set_config('request.jwt.claims', coalesce(v_claims, ''), true);
  return v_tenant;
end;
$$;
comment on function public.load_preset(text, text) is
  'Definer: builds a whole tenant; executable by service_role only (the vendor''s tooling).';
grant execute on function public.load_preset(text, text) to service_role;
