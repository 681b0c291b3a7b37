// See https://svelte.dev/docs/kit/types#app.d.ts
import type { RbacClient } from '$lib/client';
import type { Session, ViewAsSession } from '$lib/server/session';

declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface Locals {
      /** The signed-in person, or null. */
      session: Session | null;
      /** A7: set while the signed-in administrator views the app as a member (read-only). */
      viewAs: ViewAsSession | null;
      /** The typed client acting for this request: as the person, as the viewed member (read-only), or anonymously. */
      rbac: RbacClient;
      /** The tenant this request acts in (org switcher), when the person has one. */
      tenantId: string | null;
    }
  }
}

export {};
