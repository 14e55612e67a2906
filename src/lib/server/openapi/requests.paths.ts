/** OpenAPI paths of resident requests (码上报): reporting, tracking, handling on the 515303 clock, the monthly board. */
import * as requests from '$lib/server/requests/input';
import { body, describe, jsonInput, query } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const requestId = { name: 'requestId', in: 'path', required: true, schema: { type: 'integer' } };
const communityId = { name: 'communityId', in: 'path', required: true, schema: { type: 'integer' } };
const token = { name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: '上报时返回的查询令牌' };
const time = { type: ['string', 'null'], format: 'date-time' };
const categories = ['facility', 'environment', 'safety', 'noise', 'neighbour', 'property', 'traffic', 'other'];
const colours = ['green', 'yellow', 'red', 'grey'];
const step = {
	type: 'object',
	properties: {
		due: { type: 'string', format: 'date-time' },
		doneAt: { type: 'string', format: 'date-time' },
		overdue: { type: 'boolean', description: '未完成且已过时限' },
		late: { type: 'boolean', description: '已完成但晚于时限' }
	}
};
const counts = (keys: string[]) => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer' }])) });

const reportWords = {
	category: '设施维修/环境卫生/安全隐患/噪音扰民/邻里纠纷/物业服务/交通停车/其他',
	description: '如：1单元楼道灯不亮',
	buildingId: '本社区的楼栋（楼栋二维码预填）',
	entranceId: '本社区的单元（单元二维码预填）',
	reporterPhone: '未登录时必填：11位手机号，只有上报人、居委会和负责网格员可见'
};
const reported = describe(jsonInput(requests.ReportInput), reportWords) as { properties: Record<string, unknown> };
// photos are read beside the schema (type checked by content), so they are written out here
const report = {
	...reported,
	properties: {
		...reported.properties,
		photos: {
			type: 'array',
			maxItems: 3,
			description: '现场照片（JPEG/PNG/WebP，按内容核对类型），内容为 base64；整个请求不超过 5 MB',
			items: { type: 'object', required: ['name', 'data'], properties: { name: { type: 'string' }, data: { type: 'string', contentEncoding: 'base64' } } }
		}
	}
};
const evaluationWords = { rating: '满意 / 基本满意 / 不满意' };

const community = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const statuses = ['new', 'handling', 'closed', 'escalated'];
const rating = { type: 'string', enum: ['satisfied', 'basic', 'unsatisfied'], description: '满意 / 基本满意 / 不满意' };

export const schemas = {
	RequestDesk: {
		type: 'object',
		description: '诉求列表，新的在前：居委会看全部，网格员看本网格和指派给自己的，其他人只看自己上报的',
		required: ['community', 'handler', 'status', 'items', 'total'],
		properties: {
			community,
			handler: { type: 'boolean', description: '读者是经办人（居委会或网格员）' },
			status: { type: 'string', enum: [...requests.DESK_STATUSES], description: '本页所用的筛选' },
			items: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						category: { type: 'string', enum: categories },
						description: { type: 'string', description: '超过 80 字时截断，以“…”结尾' },
						place: { type: 'string', description: '小区 楼栋；未指明楼栋为空字符串' },
						location: { type: 'string', description: '具体位置（只是重复楼栋时为空字符串）' },
						status: { type: 'string', enum: statuses },
						colour: { type: ['string', 'null'], enum: [...colours, null] },
						deadline: { ...time, description: '办结期限' },
						reportedAt: { type: 'string', format: 'date-time' },
						dispatchedTo: { type: ['string', 'null'] },
						mine: { type: 'boolean', description: '读者本人上报的' },
						overdue: { type: 'boolean', description: '有环节超过时限' }
					}
				}
			},
			total: { type: 'integer', description: '符合条件的诉求总数（列表最多列出一部分）' }
		}
	},
	RequestReported: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			token: { type: 'string', description: '查询令牌，只返回这一次；服务器只保存其哈希' },
			trackingPath: { type: 'string', example: '/r/track/abcd…' }
		}
	},
	Request: {
		type: 'object',
		description: '一件诉求：只有上报人（登录或持查询令牌）、居委会和该楼栋网格的网格员能读到，其中含联系方式',
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			category: { type: 'string', enum: categories },
			description: { type: 'string' },
			location: { type: 'string' },
			place: { type: 'string', description: '小区 楼栋 单元' },
			gridName: { type: ['string', 'null'], description: '该楼栋所在的网格' },
			status: { type: 'string', enum: statuses },
			colour: { type: ['string', 'null'], enum: [...colours, null] },
			deadline: { ...time, description: '绿3天、黄1个月、红6个月（月末对齐），自受理起算；灰色无期限' },
			reportedAt: { type: 'string', format: 'date-time' },
			acceptedAt: time,
			respondedAt: time,
			arrivedAt: time,
			plannedAt: time,
			planNote: { type: 'string' },
			closedAt: time,
			result: { type: 'string' },
			followedUpAt: time,
			followUpNote: { type: ['string', 'null'] },
			dispatchedTo: { type: ['string', 'null'] },
			dispatchedAt: time,
			assigneeName: { type: ['string', 'null'], description: '负责的网格员' },
			topic: { type: ['object', 'null'], properties: { id: { type: 'integer' }, title: { type: 'string' }, status: { type: 'string' } } },
			clock: {
				type: 'object',
				description: '515303：5分钟响应、15分钟到场、30分钟初步方案、办结后3天内回访',
				properties: { respond: step, arrive: step, plan: step, resolve: { ...step, type: ['object', 'null'] }, followUp: { ...step, type: ['object', 'null'] } }
			},
			overdue: { type: 'boolean' },
			updates: {
				type: 'array',
				items: { type: 'object', properties: { id: { type: 'integer' }, kind: { type: 'string' }, body: { type: 'string' }, authorName: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } } }
			},
			photos: { type: 'array', items: { type: 'integer' }, description: '现场照片的 id' },
			evaluation: {
				type: ['object', 'null'],
				properties: { rating, comment: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } }
			},
			contact: {
				type: 'object',
				properties: {
					name: { type: ['string', 'null'] },
					phone: { type: 'string' },
					preference: { type: 'string' },
					signedIn: { type: 'boolean', description: '上报人登录后上报' }
				}
			},
			viewer: { type: 'string', enum: ['reporter', 'handler'], description: '当前读者是上报人还是经办人（居委会、网格员）' },
			canHandle: { type: 'boolean' },
			canEvaluate: { type: 'boolean' },
			isMine: { type: 'boolean' },
			communityName: { type: 'string', description: '仅凭查询令牌查看时' }
		}
	},
	RequestBoard: {
		type: 'object',
		description: '每月公示：不含姓名和电话',
		properties: {
			community,
			month: { type: 'string', example: '2026-11' },
			board: {
				type: 'object',
				properties: {
					collected: { type: 'integer' },
					solved: { type: 'integer' },
					escalated: { type: 'integer' },
					inProgress: { type: 'integer' },
					byColour: counts([...colours, 'none']),
					byCategory: counts(categories),
					responded: { type: 'integer' },
					respondedOnTime: { type: 'integer' },
					avgRespondMinutes: { type: ['integer', 'null'] },
					avgSolveHours: { type: ['integer', 'null'] },
					evaluations: counts(['satisfied', 'basic', 'unsatisfied']),
					satisfactionPermille: { type: ['integer', 'null'] }
				}
			}
		}
	}
};

const action = (summary: string, requestBody: unknown, codes = [400, 401, 403, 404, 409]) => ({
	post: {
		tags: ['requests'],
		summary,
		parameters: [requestId],
		requestBody,
		responses: { '200': ok('更新后的诉求', ref('Request')), ...errors(...codes) }
	}
});

export const paths: Paths = {
	'/communities/{communityId}/requests': {
		get: {
			tags: ['requests'],
			summary: '诉求列表：居委会看全部，网格员看本网格和指派给自己的，其他人只看自己上报的',
			parameters: [
communityId, ...query(requests.DeskInput)],
			responses: { '200': ok('诉求', ref('RequestDesk')), ...errors(400, 401, 404) }
		},
		post: {
			tags: ['requests'],
			summary: '上报诉求（码上报）：登录或不登录均可；不登录须留手机号，返回一次性的查询令牌',
			security: [{}, { bearer: [] }],
			parameters: [communityId],
			requestBody: { required: true, content: { 'application/json': { schema: report } } },
			responses: { '201': ok('已上报', ref('RequestReported')), ...errors(400, 404) }
		}
	},
	'/communities/{communityId}/requests/board': {
		get: {
			tags: ['requests'],
			summary: '每月公示：收集、办结、办理中、按颜色和类别、平均用时、评价；社区成员和街道管理员可看',
			parameters: [communityId, { name: 'month', in: 'query', schema: jsonInput(requests.MonthInput), description: '如 2026-11；默认本月' }],
			responses: { '200': ok('公示', ref('RequestBoard')), ...errors(400, 401, 403, 404) }
		}
	},
	'/requests/{requestId}': {
		get: {
			tags: ['requests'],
			summary: '一件诉求（上报人、居委会、该楼栋网格员）',
			parameters: [requestId],
			responses: { '200': ok('诉求', ref('Request')), ...errors(401, 403, 404) }
		}
	},
	'/requests/{requestId}/classify': action('受理并分类（绿/黄/红/灰），据此设定办结期限；可重新分类', body(requests.ClassifyInput)),
	'/requests/{requestId}/steps': action('记录 515303 环节及时间（respond 响应 / arrive 到场 / plan 初步方案 / followup 回访）', body(requests.StepInput, { at: '带时区的 ISO 时间；不带时区按北京时间；省略为现在' })),
	'/requests/{requestId}/dispatch': action('转派给物业公司或其他单位', body(requests.DispatchInput, { party: '如：金阳物业公司' })),
	'/requests/{requestId}/progress': action('向居民通报进展（红、灰色诉求定期通报）', body(requests.UpdateInput)),
	'/requests/{requestId}/close': action('办结，写明办理结果', body(requests.CloseInput)),
	'/requests/{requestId}/evaluation': action('上报人（登录）评价已办结的诉求，只能一次', body(requests.EvaluateInput, evaluationWords)),
	'/requests/{requestId}/escalate': {
		post: {
			tags: ['requests'],
			summary: '一步转为社区议题，两边互相链接；诉求随之结束',
			parameters: [requestId],
			requestBody: body(requests.EscalateInput, {}, { required: false }),
			responses: {
				'200': ok('新议题', { type: 'object', properties: { id: { type: 'integer' }, status: { type: 'string' }, topicId: { type: 'integer' } } }),
				...errors(400, 401, 403, 404, 409)
			}
		}
	},
	'/requests/track/{token}': {
		get: {
			tags: ['requests'],
			summary: '凭查询令牌查看办理进度（无需登录）',
			security: [{}],
			parameters: [token],
			responses: { '200': ok('诉求', ref('Request')), ...errors(404) }
		}
	},
	'/requests/track/{token}/evaluation': {
		post: {
			tags: ['requests'],
			summary: '凭查询令牌评价已办结的诉求，只能一次（无需登录）',
			security: [{}],
			parameters: [token],
			requestBody: body(requests.EvaluateInput, evaluationWords),
			responses: {
				'201': ok('评价', {
					type: 'object',
					required: ['id', 'communityId', 'requestId', 'rating', 'comment', 'createdAt'],
					properties: {
						id: { type: 'integer' },
						communityId: { type: 'integer' },
						requestId: { type: 'integer' },
						rating,
						comment: { type: 'string' },
						createdAt: { type: 'string', format: 'date-time' }
					}
				}),
				...errors(400, 404, 409)
			}
		}
	}
};
