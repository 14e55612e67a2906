import type { SessionUser } from '$lib/server/auth';
import type { session } from '$lib/server/db/schema';
import type { Waiting } from '$lib/server/registration-status';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			/** a registration not yet verified (or refused) in the community of the page: the error page explains it */
			waiting?: Waiting;
		}
		interface Locals {
			user: SessionUser | null;
			session: typeof session.$inferSelect | null;
			textSize: 'normal' | 'large';
		}
	}
}

export {};
