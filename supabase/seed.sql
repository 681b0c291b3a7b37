-- Demo data, loaded by `npm start` on the first run only (and by `supabase db
-- reset` locally). Every demo person signs in with the password
-- 'demo-password'; raw_app_meta_data.demo_description is what the start
-- banner prints next to each.
--
-- Runs as the database owner: it uses the same internal functions the
-- product's own API uses after its checks, then acts through the public API
-- as the demo administrator so every change is audited.

create or replace function pg_temp.demo_user(p_email text, p_name text, p_description text) returns uuid
language sql
as $$
  insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
  values (gen_random_uuid(), 'authenticated', 'authenticated', p_email,
          extensions.crypt('demo-password', extensions.gen_salt('bf', 10)), now(),
          jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'demo_description', p_description),
          jsonb_build_object('full_name', p_name))
  returning id
$$;

create or replace function pg_temp.act_as(p_user uuid) returns void
language sql
as $$
  select set_config('request.jwt.claims', jsonb_build_object('sub', p_user, 'role', 'authenticated')::text, true)
$$;

do $seed$
declare
  v_admin uuid := pg_temp.demo_user('admin@summit.demo', 'Avery Admin', 'Summit Insurance: company administrator (Administrator role)');
  v_tenant uuid;
  v_west uuid;
  v_east uuid;
  v_viewer uuid;
  v_manager uuid;
begin
  perform pg_temp.act_as(v_admin);
  v_tenant := public.create_organization('Summit Insurance Group', 'Avery Admin');
  v_west := public.create_org(v_tenant, 'Summit West');
  v_east := public.create_org(v_tenant, 'Summit East');
  v_viewer := public.create_role(v_tenant, 'Read Only', 'Can see users and roles, change nothing.',
                                 '["users.view", "roles.view", "audit.view"]'::jsonb);
  v_manager := public.create_role(v_tenant, 'User Manager', 'Invites and manages users in their part of the organization.',
                                  '["users.view", "users.invite", "users.edit", "users.assign_roles", "users.deactivate",
                                    "roles.view", "join_requests.approve", "groups.manage"]'::jsonb);
  perform public.add_email_domain(v_tenant, 'summit.demo');

  perform rbac_private.insert_member(v_tenant, pg_temp.demo_user('west.manager@summit.demo', 'Wes Manager',
            'Summit West: administrator of Summit West (User Manager role)'),
            'Wes Manager', 'west.manager@summit.demo', v_west, 'administrator', array[v_manager]);
  perform rbac_private.insert_member(v_tenant, pg_temp.demo_user('reader@summit.demo', 'Rae Reader',
            'Summit East: power user (Read Only role)'),
            'Rae Reader', 'reader@summit.demo', v_east, 'power_user', array[v_viewer]);
  perform rbac_private.insert_member(v_tenant, pg_temp.demo_user('user@summit.demo', 'Uma User',
            'Summit East: power user (default User role: no admin access)'),
            'Uma User', 'user@summit.demo', v_east,  'power_user',
            array(select id from rbac.roles where tenant_id = v_tenant and system_key = 'user'));
  perform set_config('request.jwt.claims', '', true);
end
$seed$;
