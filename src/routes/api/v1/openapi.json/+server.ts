import { json } from '@sveltejs/kit';
import { document } from '$lib/server/openapi';

export const GET = () => json(document());
