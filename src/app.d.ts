import type { SessionUser } from '$lib/server/auth';
import type { session } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: typeof session.$inferSelect | null;
			textSize: 'normal' | 'large';
		}
	}
}

export {};
