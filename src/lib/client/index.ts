// The typed client (X2): one object per area, each operation defined once
// with zod schemas for input and output. Pick a transport:
//   new PgTransport(pool, claims)           node-postgres, authenticator login
//   new SupabaseTransport(supabaseClient)   a hosted Supabase project
import { accessReview } from './access-review.ts';
import { audit } from './audit.ts';
import { groups } from './groups.ts';
import { invitations } from './invitations.ts';
import { joinRequests } from './join-requests.ts';
import { me } from './me.ts';
import { members } from './members.ts';
import { bindOperations, type Bound, type Result } from './operation.ts';
import { orgs } from './orgs.ts';
import { records } from './records.ts';
import { roles } from './roles.ts';
import { sqlLogins } from './sql-logins.ts';
import type { Transport } from './transport.ts';
import { viewAs } from './view-as.ts';

/** Every operation, by area: the single definition the client and its tests read. */
export const operations = { me, roles, members, invitations, joinRequests, groups, orgs, audit, accessReview, viewAs, records, sqlLogins } as const;

type Operations = typeof operations;
export type RbacClient = { [A in keyof Operations]: Bound<Operations[A]> };

/** What an operation resolves to: `Output<'roles', 'list'>` is one page of role rows. */
export type Output<A extends keyof Operations, K extends keyof Operations[A]> = Result<Operations[A][K]>;

export function createRbacClient(transport: Transport): RbacClient {
  const client = {} as Record<string, unknown>;
  for (const [area, ops] of Object.entries(operations)) client[area] = bindOperations(area, ops, transport);
  return client as RbacClient;
}

export { DatabaseError, InputError, isRbacError, OutputShapeError, RbacError, RB_CODES, statusFor, toClientError, type RbacCode } from './errors.ts';
export type { Claims, Transport } from './transport.ts';
