-- Demo data, loaded by `npm start` on the first run only (and by `supabase db
-- reset` locally): every preset this database knows (S1–S5, one tenant each),
-- built through the public API as its demo people, so every step is checked
-- and audited. Every demo person signs in with the password 'demo-password';
-- raw_app_meta_data.demo_description is what the start banner prints.
select p.name, public.load_preset(p.name) as tenant_id
  from rbac.presets p
 order by p.requirement;
