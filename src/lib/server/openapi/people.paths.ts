/** OpenAPI paths of sign-in, sign-out and the current user. */
import * as people from '$lib/server/people';
import * as reset from '$lib/server/password-reset';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const userSchema = {
	type: 'object',
	required: ['id', 'name', 'phone'],
	properties: { id: { type: 'integer' }, name: { type: 'string' }, phone: { type: 'string', example: '13800138000' } }
};

export const schemas = {
	User: userSchema,
	LoginResult: {
		type: 'object',
		required: ['token', 'expiresAt', 'device', 'user'],
		properties: {
			token: { type: 'string', description: '会话令牌，作为 `Authorization: Bearer <token>` 发送；只返回这一次' },
			expiresAt: { type: 'string', format: 'date-time', description: '30 天后过期；使用时自动续期' },
			device: { type: 'string', description: '本设备的标识；下次登录时随请求发送，即使该手机号正被他人尝试密码也能登录' },
			user: { $ref: '#/components/schemas/User' }
		}
	},
	Membership: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			role: { type: 'string', enum: ['resident', 'owner', 'committee', 'cadre', 'grid', 'street_admin'] },
			status: { type: 'string', enum: ['pending', 'verified', 'rejected'], description: '待核实 / 已核实 / 未通过' },
			note: { type: 'string', description: '未通过时居委会填写的原因' },
			communityId: { type: ['integer', 'null'] },
			communityName: { type: ['string', 'null'] },
			streetId: { type: ['integer', 'null'] },
			streetName: { type: ['string', 'null'] },
			unitId: { type: ['integer', 'null'] },
			unitLabel: { type: ['string', 'null'], example: '金阳花园A区 1栋 1单元 302' },
			createdAt: { type: 'string', format: 'date-time' },
			verifiedAt: { type: ['string', 'null'], format: 'date-time' }
		}
	}
};

export const paths: Paths = {
	'/auth/login': {
		post: {
			tags: ['auth'],
			summary: '手机号和密码登录，返回会话令牌',
			description:
				'同一手机号从同一来源地址失败 5 次后需等待 1 分钟，此后每次失败等待加倍，最长 15 分钟；同一来源地址失败 30 次后同样处理；同一手机号全站失败 100 次后锁定 15 分钟（429）。曾在本设备登录过（请求带上次返回的 device）时只计本设备的失败。所有实例共享计数。注册请使用网页 /register（短信验证码）。',
			security: [],
			requestBody: body(people.LoginSchema, { phone: '11位手机号，如 13800138000', device: '上次登录返回的 device（可选）' }),
			responses: {
				'200': { description: '登录成功', content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginResult' } } } },
				...errors(400, 401, 429)
			}
		}
	},
	'/auth/reset/start': {
		post: {
			tags: ['auth'],
			summary: '忘记密码，第一步：向已注册的手机号发送6位验证码（10分钟内有效）',
			description:
				'无论该手机号是否注册，回答都相同（202），以免泄露谁有账号；只有已注册的手机号会收到短信。同一手机号每天 3 次、同一来源地址每小时 30 次后需等待，等待时间逐次加倍，最长 1 小时（429），与注册验证码共用计数。',
			security: [],
			requestBody: body(reset.ResetStartSchema, { phone: '11位手机号，如 13800138000' }),
			responses: {
				'202': {
					description: '已受理',
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['sentTo', 'expiresAt', 'message'],
								properties: {
									sentTo: { type: 'string', description: '打码的手机号，如 138****0002' },
									expiresAt: { type: 'string', format: 'date-time' },
									message: { type: 'string' }
								}
							}
						}
					}
				},
				...errors(400, 413, 429)
			}
		}
	},
	'/auth/reset/finish': {
		post: {
			tags: ['auth'],
			summary: '忘记密码，第二步：验证码（或居委会打印的重置单上的8位重置码）和新密码',
			description:
				'验证码正确时设置新密码，该账号在所有设备上退出登录，并短信告知本人。每个验证码最多试 5 次；未注册的手机号和错误的验证码回答相同。密码过于简单时在 fields.password 中说明。',
			security: [],
			requestBody: body(reset.ResetFinishSchema, { code: '短信中的6位数字，或重置单上的8位重置码（如 ABCD-2345）' }),
			responses: {
				'200': {
					description: '密码已重设',
					content: { 'application/json': { schema: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } } }
				},
				...errors(400, 413)
			}
		}
	},
	'/auth/logout': {
		post: {
			tags: ['auth'],
			summary: '退出登录：令牌立即失效（所有实例）',
			responses: {
				'200': {
					description: '已退出',
					content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean', const: true } } } } }
				},
				...errors(401)
			}
		}
	},
	'/me': {
		get: {
			tags: ['auth'],
			summary: '当前用户及其社区身份（含房屋与核实状态）',
			responses: {
				'200': {
					description: '当前用户',
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['user', 'memberships'],
								properties: {
									user: { $ref: '#/components/schemas/User' },
									memberships: { type: 'array', items: { $ref: '#/components/schemas/Membership' } }
								}
							}
						}
					}
				},
				...errors(401)
			}
		}
	}
};
