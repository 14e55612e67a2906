import { m } from '$lib/paraglide/messages';
import { apiError } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const notFound: RequestHandler = () => apiError(404, 'not_found', m.err_not_found());
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
