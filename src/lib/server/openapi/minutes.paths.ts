/** OpenAPI paths of the session record, minutes (会议纪要) and resolutions (决议) followed to done. */
import { TOPIC_EVALUATIONS, TOPIC_STATUSES } from '../db/schema';
import * as minutes from '$lib/server/minutes/input';
import * as resolutions from '$lib/server/resolutions';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const intParam = (name: string, description?: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' }, ...(description ? { description } : {}) });
const sessionId = intParam('sessionId', '议事会 id');
const resolutionId = intParam('resolutionId', '决议 id');
const token = { name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: '邀请链接中的令牌' };
const created = ok('已创建', { type: 'object', properties: { id: { type: 'integer' } } });
const day = { type: 'string', format: 'date', example: '2026-12-31', description: '北京时间的日期' };
const community = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const sessionSummary = {
	type: 'object',
	properties: {
		id: { type: 'integer' },
		communityId: { type: 'integer' },
		title: { type: 'string' },
		kind: { type: 'string' },
		status: { type: 'string' },
		startsAt: { type: 'string', format: 'date-time' },
		endsAt: { type: 'string', format: 'date-time' }
	}
};

const topicStatus = { type: 'string', enum: [...TOPIC_STATUSES] };
const choice = { type: 'string', enum: [...TOPIC_EVALUATIONS], description: 'satisfied 满意 · basically 基本满意 · dissatisfied 不满意' };
/** a done topic's evaluation: the count of each choice and the reader's own */
const evaluationCounts = {
	satisfied: { type: 'integer' },
	basically: { type: 'integer' },
	dissatisfied: { type: 'integer' },
	total: { type: 'integer' },
	mine: { ...choice, type: ['string', 'null'], enum: [...TOPIC_EVALUATIONS, null], description: '本人的评价；未评价为 null' }
};
const evaluation = { type: 'object', required: Object.keys(evaluationCounts), properties: evaluationCounts };

const record = {
	type: 'object',
	properties: {
		id: { type: 'integer' },
		agendaItemId: { type: 'integer' },
		speaker: { type: 'string' },
		speakerRole: { type: 'string' },
		point: { type: 'string' },
		createdAt: { type: 'string', format: 'date-time' }
	}
};
const latest = {
	version: { type: 'integer' },
	contentHash: { type: 'string' },
	publishedAt: { type: 'string', format: 'date-time' }
};

const recordWords = { speaker: '发言人', speakerRole: '发言人身份或单位', point: '发言要点' };
const resolutionWords = {
	responsibleName: '第一责任人',
	responsibleUserId: '第一责任人的账号（本社区），可在线报告进展',
	deadline: '期限：北京时间的日期 YYYY-MM-DD'
};

export const schemas = {
	MinutesDocument: {
		type: 'object',
		description: '一版纪要的内容；contentHash 是其规范 JSON 文本（键按字典序、无空格、UTF-8）的 SHA-256',
		properties: {
			format: { type: 'integer' },
			community: { type: 'string' },
			session: {
				type: 'object',
				properties: { title: { type: 'string' }, kind: { type: 'string' }, venue: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' }, endsAt: { type: ['string', 'null'], format: 'date-time' } }
			},
			attendees: {
				type: 'array',
				description: '按身份分组的到会人员',
				items: {
					type: 'object',
					properties: {
						role: { type: 'string', enum: ['staff', 'deputy', 'cppcc', 'authority', 'utility', 'property', 'owners_committee', 'merchant', 'lawyer', 'resident', 'other'] },
						people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, organisation: { type: 'string' } } } }
					}
				}
			},
			agenda: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						position: { type: 'integer' },
						title: { type: 'string' },
						presenter: { type: 'string' },
						discussion: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, speaker: { type: 'string' }, role: { type: 'string' }, point: { type: 'string' } } } }
					}
				}
			},
			votes: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, kind: { type: 'string' }, result: { type: 'array', items: { type: 'string' } } } } },
			resolutions: {
				type: 'array',
				items: { type: 'object', properties: { id: { type: 'integer' }, number: { type: 'integer' }, text: { type: 'string' }, responsible: { type: 'string' }, deadline: day, topic: { type: 'string' } } }
			},
			opinion: { type: 'string', description: '协商意见' }
		}
	},
	MinutesDraft: {
		type: 'object',
		description: '按议事会现状汇编的纪要（即现在发布会得到的内容）、与最新版本的差异，以及可编辑的部分',
		required: ['session', 'document', 'opinion', 'agenda', 'records', 'attendees', 'votes', 'latest', 'changes', 'staff', 'held'],
		properties: {
			session: sessionSummary,
			document: ref('MinutesDocument'),
			opinion: { type: 'string', description: '保存的协商意见' },
			agenda: { type: 'array', items: ref('AgendaItem') },
			records: { type: 'array', items: record },
			attendees: { type: 'array', items: ref('Attendance') },
			votes: {
				type: 'array',
				description: '本次议事会上的表决及写入纪要的结果文字',
				items: {
					type: 'object',
					properties: { id: { type: 'integer' }, title: { type: 'string' }, kind: { type: 'string' }, status: { type: 'string' }, result: { type: 'array', items: { type: 'string' } } }
				}
			},
			latest: { type: ['object', 'null'], description: '最新发布的版本；未发布为 null', properties: latest },
			changes: { type: 'array', description: '与最新版本相比的改动（未发布时为空）', items: ref('MinutesChange') },
			staff: {
				type: 'array',
				description: '可任第一责任人并在线报告进展的本社区工作人员（居委会、干部、网格员）',
				items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } }
			},
			held: { type: 'boolean', description: '议事会已开始或已结束（才可记录和发布）' }
		}
	},
	MinutesChange: {
		type: 'object',
		description: '与上一版相比的一处改动',
		properties: {
			kind: { type: 'string', enum: ['added', 'removed', 'changed'] },
			section: { type: 'string', enum: ['session', 'attendees', 'agenda', 'discussion', 'votes', 'resolutions', 'opinion'] },
			ref: { type: 'string', description: '议程序号、决议编号、身份代码或表决名称' },
			field: { type: 'string' },
			before: { type: ['string', 'null'] },
			after: { type: ['string', 'null'] }
		}
	},
	MinutesVersion: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			version: { type: 'integer' },
			contentHash: { type: 'string', description: '64 位十六进制 SHA-256；已发布的版本永不改变' },
			intact: { type: 'boolean', description: '存储的内容仍与公布的哈希一致' },
			reason: { type: ['string', 'null'], description: '更正原因（第 1 版为 null）' },
			publishedAt: { type: 'string', format: 'date-time' },
			publishedByName: { type: 'string' },
			document: ref('MinutesDocument'),
			changes: { type: 'array', items: ref('MinutesChange') },
			confirmations: { type: 'array', items: ref('MinutesConfirmation') }
		}
	},
	MinutesConfirmation: {
		type: 'object',
		properties: { id: { type: 'integer' }, name: { type: 'string' }, role: { type: 'string' }, organisation: { type: 'string' }, confirmedAt: { type: 'string', format: 'date-time' }, version: { type: 'integer' } }
	},
	ResolutionDetail: {
		type: 'object',
		required: ['community', 'resolution', 'progress', 'canManage', 'canReport', 'evaluation', 'canEvaluate'],
		properties: {
			community,
			resolution: ref('Resolution'),
			progress: {
				type: 'array',
				description: '落实进展，按日期先后',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						on: { ...day, description: '进展日期（北京时间）' },
						note: { type: 'string' },
						done: { type: 'boolean', description: '这条进展报告了完成' },
						createdAt: { type: 'string', format: 'date-time' }
					}
				}
			},
			canManage: { type: 'boolean', description: '当前用户是否为本社区居委会' },
			canReport: { type: 'boolean', description: '当前用户可报告进展（居委会或第一责任人，且决议未完成）' },
			evaluation: { oneOf: [evaluation, { type: 'null' }], description: '所属议题的评价汇总；不属于议题的决议为 null' },
			canEvaluate: { type: 'boolean', description: '当前用户是本社区居民或业主（议题办结后可评价）' }
		}
	},
	Resolution: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			sessionId: { type: 'integer' },
			sessionTitle: { type: 'string' },
			topicId: { type: ['integer', 'null'] },
			topicTitle: { type: ['string', 'null'] },
			text: { type: 'string' },
			responsibleName: { type: 'string', description: '第一责任人' },
			responsibleUserId: { type: ['integer', 'null'] },
			deadline: day,
			doneOn: { ...day, type: ['string', 'null'] },
			progressCount: { type: 'integer' },
			status: { type: 'string', enum: ['not_started', 'in_progress', 'done', 'overdue'], description: '未开始/进行中/已完成/逾期：按北京时间的今天计算，期限当天仍未逾期' },
			daysLeft: { type: ['integer', 'null'], description: '距期限天数，逾期为负；已完成为 null' },
			late: { type: 'boolean', description: '完成于期限之后' },
			topicStatus: { type: ['string', 'null'] },
			createdAt: { type: 'string', format: 'date-time' }
		}
	}
};

export const paths: Paths = {
	'/sessions/{sessionId}/minutes': {
		get: {
			tags: ['minutes'],
			summary: '会议纪要的全部已发布版本（新的在前），含哈希、更正原因、改动和确认',
			parameters: [sessionId],
			responses: {
				'200': ok('纪要', {
					type: 'object',
					properties: {
						community,
						session: sessionSummary,
						versions: { type: 'array', items: ref('MinutesVersion') },
						canConfirm: { type: 'boolean' },
						confirmed: { type: 'boolean', description: '本人已确认最新版' },
						attendee: { type: 'boolean', description: '本人在本次议事会签到过' },
						canManage: { type: 'boolean', description: '当前用户是否为本社区居委会' }
					}
				}),
				...errors(401, 403, 404)
			}
		},
		post: {
			tags: ['minutes'],
			summary: '发布纪要（第 1 版），或以更正原因发布新版本（居委会）',
			parameters: [sessionId],
			requestBody: body(minutes.publishSchema, { opinion: '协商意见；省略时用草稿中保存的意见', reason: '更正时必填' }, { required: false }),
			responses: {
				'201': ok('已发布', { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' }, contentHash: { type: 'string' } } }),
				...errors(400, 401, 403, 404, 409)
			}
		}
	},
	'/sessions/{sessionId}/minutes/draft': {
		get: { tags: ['minutes'], summary: '纪要草稿：按议事会现状汇编的内容及与最新版本的差异（居委会）', parameters: [sessionId], responses: { '200': ok('草稿', ref('MinutesDraft')), ...errors(401, 403, 404) } },
		put: {
			tags: ['minutes'],
			summary: '保存协商意见（居委会）；空字符串清空意见，缺少 opinion 或带其他字段时返回 400',
			parameters: [sessionId],
			requestBody: body(minutes.opinionSchema, { opinion: '协商意见；空字符串清空' }),
			responses: { '200': ok('保存后的草稿', ref('MinutesDraft')), ...errors(400, 401, 403, 404) }
		}
	},
	'/sessions/{sessionId}/minutes/versions/{version}': {
		get: { tags: ['minutes'], summary: '某一版纪要', parameters: [sessionId, intParam('version')], responses: { '200': ok('版本', ref('MinutesVersion')), ...errors(401, 403, 404) } }
	},
	'/sessions/{sessionId}/minutes/confirmations': {
		get: { tags: ['minutes'], summary: '参会人对纪要的确认', parameters: [sessionId], responses: { '200': ok('确认', { type: 'array', items: ref('MinutesConfirmation') }), ...errors(401, 403, 404) } },
		post: {
			tags: ['minutes'],
			summary: '已签到的参会人确认最新版纪要（每人每版一次）',
			parameters: [sessionId],
			responses: { '201': ok('已确认', { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' } } }), ...errors(401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/minutes/records': {
		get: { tags: ['minutes'], summary: '会议记录：各议程事项的发言人和要点', parameters: [sessionId], responses: { '200': ok('记录', { type: 'array', items: record }), ...errors(401, 403, 404) } },
		post: {
			tags: ['minutes'],
			summary: '记录一条发言（居委会，议事会开始后）',
			parameters: [sessionId],
			requestBody: body(minutes.recordSchema, recordWords),
			responses: { '201': created, ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/minutes/records/{recordId}': {
		patch: {
			tags: ['minutes'],
			summary: '更正一条发言记录（已发布的纪要不变，需发布更正版）',
			parameters: [sessionId, intParam('recordId')],
			requestBody: body(minutes.recordEditSchema, recordWords),
			responses: { '200': ok('已更正', { type: 'object', required: ['ok'], properties: { ok: { const: true } } }), ...errors(400, 401, 403, 404) }
		},
		delete: { tags: ['minutes'], summary: '删除一条发言记录', parameters: [sessionId, intParam('recordId')], responses: { '204': { description: '已删除' }, ...errors(401, 403, 404) } }
	},
	'/sessions/{sessionId}/resolutions': {
		get: { tags: ['resolutions'], summary: '议事会形成的决议及其状态', parameters: [sessionId], responses: { '200': ok('决议', { type: 'array', items: ref('Resolution') }), ...errors(401, 403, 404) } },
		post: { tags: ['resolutions'], summary: '新增决议（居委会）', parameters: [sessionId], requestBody: body(resolutions.createSchema, { ...resolutionWords, agendaItemId: '所属议程事项；其议题在全部决议完成时办结' }), responses: { '201': created, ...errors(400, 401, 403, 404, 409) } }
	},
	'/resolutions/{resolutionId}': {
		get: {
			tags: ['resolutions'],
			summary: '一项决议及其落实进展',
			parameters: [resolutionId],
			responses: { '200': ok('决议', ref('ResolutionDetail')), ...errors(401, 403, 404) }
		},
		patch: { tags: ['resolutions'], summary: '更正决议内容、第一责任人或期限（居委会，记入审计日志）', parameters: [resolutionId], requestBody: body(resolutions.updateSchema, resolutionWords), responses: { '200': ok('更正后的决议', ref('ResolutionDetail')), ...errors(400, 401, 403, 404) } }
	},
	'/resolutions/{resolutionId}/progress': {
		post: {
			tags: ['resolutions'],
			summary: '报告落实进展（居委会或第一责任人）；done=true 即完成，议题全部决议完成时自动办结',
			parameters: [resolutionId],
			requestBody: body(resolutions.progressSchema, { on: '进展日期（北京时间，YYYY-MM-DD），默认今天', done: '完成' }),
			responses: { '201': ok('已记录', { type: 'object', properties: { id: { type: 'integer' }, topicDone: { type: 'boolean' } } }), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/communities/{communityId}/resolutions': {
		get: {
			tags: ['resolutions'],
			summary: '社区决议落实公示：全部决议及状态、各状态数量、已办结议题的评价',
			parameters: [intParam('communityId')],
			responses: {
				'200': ok('公示', {
					type: 'object',
					properties: {
						community,
						resolutions: { type: 'array', items: ref('Resolution') },
						counts: {
							type: 'object',
							description: '各状态的决议数',
							properties: Object.fromEntries(['not_started', 'in_progress', 'done', 'overdue'].map((k) => [k, { type: 'integer' }]))
						},
						topicsDone: {
							type: 'array',
							description: '已办结的议题及其评价汇总',
							items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, status: topicStatus, evaluation } }
						},
						canEvaluate: { type: 'boolean' },
						canManage: { type: 'boolean' },
						today: { ...day, description: '计算状态所用的今天（北京时间）' }
					}
				}),
				...errors(401, 403, 404)
			}
		}
	},
	'/topics/{topicId}/evaluations': {
		get: {
			tags: ['resolutions'],
			summary: '已办结议题的评价汇总（不含评价人）',
			parameters: [intParam('topicId')],
			responses: {
				'200': ok('评价', {
					type: 'object',
					required: ['topic', ...Object.keys(evaluationCounts), 'comments'],
					properties: {
						topic: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, status: topicStatus } },
						...evaluationCounts,
						comments: {
							type: 'array',
							description: '写了意见的评价（不含评价人），先后为序',
							items: { type: 'object', properties: { choice, comment: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } } }
						}
					}
				}),
				...errors(401, 403, 404)
			}
		},
		post: {
			tags: ['resolutions'],
			summary: '已核实居民评价已办结议题的结果（每人一次）',
			parameters: [intParam('topicId')],
			requestBody: body(resolutions.evaluationSchema, { choice: '满意 / 基本满意 / 不满意' }),
			responses: { '201': created, ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/invitations/{token}/minutes': {
		get: {
			tags: ['minutes'],
			summary: '受邀方凭邀请链接查看本次议事会最新版纪要（无需账号）',
			security: [],
			parameters: [token],
			responses: {
				'200': ok('纪要', {
					type: 'object',
					required: ['community', 'session', 'invitee', 'latest', 'attended', 'confirmed', 'canConfirm'],
					properties: {
						community: { type: 'object', properties: { name: { type: 'string' } } },
						session: { type: 'object', properties: { title: { type: 'string' }, kind: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' } } },
						invitee: {
							type: 'object',
							description: '受邀人（委托他人时为签到者的姓名）',
							properties: { name: { type: 'string' }, organisation: { type: 'string' }, role: { type: 'string' } }
						},
						latest: {
							type: ['object', 'null'],
							description: '最新版纪要；尚未发布为 null',
							properties: { ...latest, reason: { type: ['string', 'null'], description: '更正原因（第 1 版为 null）' }, document: ref('MinutesDocument') }
						},
						attended: { type: 'boolean', description: '凭此邀请签到过' },
						confirmed: { type: 'boolean', description: '已确认最新版' },
						canConfirm: { type: 'boolean' }
					}
				}),
				...errors(404, 410)
			}
		}
	},
	'/invitations/{token}/minutes/confirmations': {
		post: {
			tags: ['minutes'],
			summary: '已签到的受邀方凭邀请链接确认最新版纪要',
			security: [],
			parameters: [token],
			responses: { '201': ok('已确认', { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' } } }), ...errors(403, 404, 409, 410) }
		}
	}
};
