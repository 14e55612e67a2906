/** OpenAPI path of the health check used by reverse proxies and monitoring. */
import { errors, type Paths } from './index';

export const paths: Paths = {
	'/health': {
		get: {
			tags: ['health'],
			summary: '健康检查：本实例能否连上数据库',
			security: [],
			responses: {
				'200': {
					description: '正常',
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['status', 'database'],
								properties: { status: { const: 'ok' }, database: { type: 'string', enum: ['postgres', 'pglite'] } }
							}
						}
					}
				},
				...errors(503)
			}
		}
	}
};
