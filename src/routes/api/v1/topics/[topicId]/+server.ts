import { api, idParam } from '$lib/server/http/api';
import * as topics from '$lib/server/topics';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(({ locals, params }) => topics.get(locals.user, idParam(params.topicId)));
