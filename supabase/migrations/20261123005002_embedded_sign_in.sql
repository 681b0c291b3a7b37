-- =============================================================================
-- Embedded sign-in (X1): where this product runs without Supabase Auth, the
-- web server checks passwords and creates logins in auth.users itself, with
-- bcrypt hashes exactly as GoTrue stores them (so the same users can later
-- move to Supabase Auth). Only the server's own database owner connection
-- calls these: no grant to any API role (anon, authenticated, service_role).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The user id for an email and password, or null. A missing user costs the
-- same bcrypt round as a wrong password, so timing does not tell them apart.
create function rbac_private.verify_login(p_email text, p_password text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user auth.users;
begin
  select * into v_user from auth.users u
   where lower(u.email) = lower(btrim(p_email)) and u.deleted_at is null
   limit 1;
  if v_user.id is null or v_user.encrypted_password is null or v_user.encrypted_password = '' then
    perform extensions.crypt(coalesce(p_password, ''), extensions.gen_salt('bf', 10));
    return null;
  end if;
  if v_user.encrypted_password <> extensions.crypt(coalesce(p_password, ''), v_user.encrypted_password) then
    return null;
  end if;
  if v_user.banned_until is not null and v_user.banned_until > now() then
    return null;
  end if;
  update auth.users set last_sign_in_at = now() where id = v_user.id;
  return v_user.id;
end;
$$;
comment on function rbac_private.verify_login(text, text) is 'Definer: reads password hashes in auth.users. Called by the embedded web server only.';

-- A new login with a bcrypt-hashed password (sign-up: first signup of an
-- organization, or self-registration that becomes a join request).
create function rbac_private.create_login(p_email text, p_password text, p_display_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_email text := lower(btrim(p_email));
  v_user uuid;
begin
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'Enter a valid email address.' using errcode = 'RB005';
  end if;
  if p_password is null or length(p_password) < 8 or length(p_password) > 72 then
    raise exception 'Choose a password of 8 to 72 characters.' using errcode = 'RB005';
  end if;
  if exists (select 1 from auth.users where lower(email) = v_email) then
    raise exception 'A login for % already exists; sign in instead.', v_email using errcode = 'RB006';
  end if;
  insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
  values (gen_random_uuid(), 'authenticated', 'authenticated', v_email,
          extensions.crypt(p_password, extensions.gen_salt('bf', 10)), now(),
          '{"provider": "email", "providers": ["email"]}'::jsonb,
          jsonb_build_object('full_name', rbac_private.clean_name(p_display_name, 'name')))
  returning id into v_user;
  return v_user;
end;
$$;
comment on function rbac_private.create_login(text, text, text) is 'Definer: writes auth.users. Called by the embedded web server only.';
