-- Supabase compatibility layer for plain Postgres.
--
-- A hosted Supabase project already has everything below; on plain Postgres
-- (the embedded database, CI, any DATABASE_URL) this script creates only what
-- is missing, so the same migrations run unchanged on both. It is idempotent:
-- running it twice, or on a real Supabase project, changes nothing.
--
-- What it provides, matching Supabase's own definitions in behaviour:
--   roles    anon, authenticated, service_role (bypassrls), authenticator
--            (login, noinherit, member of the other three, as PostgREST uses it)
--   schemas  auth, extensions (pgcrypto lives there)
--   tables   auth.users with the GoTrue columns this product reads or writes
--   funcs    auth.uid(), auth.role(), auth.email(), auth.jwt(), reading the
--            request.jwt.claims setting exactly as PostgREST sets it

do $compat$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    -- The password is for local development only; hosted projects have their own.
    create role authenticator login noinherit password 'authenticator';
  end if;
end
$compat$;

do $compat$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
    grant anon, authenticated, service_role to authenticator;
    grant usage on schema auth to anon, authenticated, service_role;
    grant usage on schema public to anon, authenticated, service_role;
  end if;
  if not exists (select 1 from pg_namespace where nspname = 'extensions') then
    create schema extensions;
    grant usage on schema extensions to anon, authenticated, service_role;
  end if;
end
$compat$;

create extension if not exists pgcrypto with schema extensions;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text unique default null,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
comment on table auth.users is 'Compatibility copy of GoTrue''s users table; on Supabase the real one is used.';
create unique index if not exists users_email_partial_key on auth.users (email) where is_sso_user = false;

-- auth.uid(), auth.role(), auth.email(): one claim from the request, read the
-- way PostgREST sets it (the legacy per-claim setting first, then the JSON).
do $compat$
declare
  claim text;
  kind text;
begin
  foreach claim in array array['uid:sub:uuid', 'role:role:text', 'email:email:text'] loop
    kind := split_part(claim, ':', 3);
    if to_regprocedure(format('auth.%s()', split_part(claim, ':', 1))) is null then
      execute format($f$
        create function auth.%1$s() returns %3$s
        language sql stable
        as $body$
          select coalesce(
            nullif(current_setting('request.jwt.claim.%2$s', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> '%2$s')
          )::%3$s
        $body$;
        grant execute on function auth.%1$s() to anon, authenticated, service_role;
      $f$, split_part(claim, ':', 1), split_part(claim, ':', 2), kind);
    end if;
  end loop;

  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb
    language sql stable
    as $body$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $body$;
    grant execute on function auth.jwt() to anon, authenticated, service_role;
  end if;
end
$compat$;
