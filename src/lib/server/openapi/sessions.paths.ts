/**
 * OpenAPI paths of deliberation sessions (议事会/协商会/三方联席会/听证会/坝坝会/商居联盟会): scheduling, agenda,
 * invitations with their own links (RSVP by token, no account), check-in and attendance, the live board.
 */
import { VENUE_KINDS } from '../db/schema';
import * as sessions from '$lib/server/sessions/input';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: unknown) => ({ description, content: { 'application/json': { schema } } });
const pathInt = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
const sessionId = pathInt('sessionId');
const communityId = pathInt('communityId');
const token = {
	name: 'token',
	in: 'path',
	required: true,
	schema: { type: 'string', pattern: '^[a-z2-7]{20,64}$' },
	description: '邀请链接 /i/{token} 中的令牌；服务器只保存其 SHA-256'
};
const time = { type: 'string', format: 'date-time' };
const okBody = ok('完成', { type: 'object', properties: { ok: { type: 'boolean' } } });

const KINDS = ['council', 'consultation', 'joint', 'hearing', 'bamba', 'alliance'];
const STATUSES = ['draft', 'published', 'in_progress', 'ended', 'cancelled'];
const ROLES = ['deputy', 'cppcc', 'property', 'merchant', 'owners_committee', 'lawyer', 'utility', 'authority', 'other', 'resident', 'staff'];
const ROLE_WORDS =
	'deputy 人大代表 / cppcc 政协委员 / property 物业公司 / merchant 商户 / owners_committee 业委会 / lawyer 律师 / utility 公用事业单位 / authority 上级部门 / other 其他 / resident 居民 / staff 社区工作人员';

/** the written words of the session form's fields; the shapes and limits come from sessions.createSchema */
const sessionWords = {
	kind: 'council 议事会 / consultation 协商会 / joint 三方联席会 / hearing 听证会 / bamba 坝坝会 / alliance 商居联盟会',
	venueId: '本社区的会场（GET /communities/{communityId}/venues）；与 venueText 至少给一个',
	venueText: '不在会场列表中的地点，或补充说明',
	startsAt: '带时区的 ISO 时间；不带时区（如 2026-12-03T19:00）按北京时间',
	endsAt: '须晚于 startsAt',
	quorumMin: '到会人数要求；null 表示不设',
	openToResidents: 'true：本社区已核实居民都可签到；false：仅限受邀人员（API 中省略即 false，页面表单默认勾选）'
};

const agendaItem = ref('AgendaItem');

/** the venue as a session shows it */
const venueShown = {
	type: 'object',
	required: ['id', 'name', 'kind', 'address'],
	properties: {
		id: { type: 'integer' },
		name: { type: 'string' },
		kind: { type: 'string', enum: [...VENUE_KINDS], description: '议事亭 / 议事厅 / 党群服务中心 / 庭院 / 商户店铺 / 其他' },
		address: { type: 'string' }
	}
};

/** an agenda item as it was added: its row, without the topic's status */
const agendaItemAdded = {
	type: 'object',
	required: ['id', 'communityId', 'sessionId', 'position', 'topicId', 'title', 'presenter', 'minutes', 'createdAt'],
	properties: {
		id: { type: 'integer' },
		communityId: { type: 'integer' },
		sessionId: { type: 'integer' },
		position: { type: 'integer', description: '议程序号（加在最后）' },
		topicId: { type: ['integer', 'null'] },
		title: { type: 'string', description: '关联议题时为议题标题（未另写标题时）' },
		presenter: { type: 'string' },
		minutes: { type: ['integer', 'null'] },
		createdAt: time
	}
};

const material = {
	type: 'object',
	properties: {
		id: { type: 'integer' },
		title: { type: 'string' },
		name: { type: 'string', description: '文件名' },
		mime: { type: 'string' },
		size: { type: 'integer', description: '字节数' },
		sha256: { type: 'string' }
	}
};

/** a row of the session list */
const sessionListItem = {
	type: 'object',
	required: ['id', 'kind', 'title', 'status', 'startsAt', 'endsAt', 'venueName', 'venueText', 'attendees', 'invited'],
	properties: {
		id: { type: 'integer' },
		kind: { type: 'string', enum: KINDS },
		title: { type: 'string' },
		status: { type: 'string', enum: STATUSES },
		startsAt: time,
		endsAt: time,
		venueName: { type: ['string', 'null'], description: '会场名称；未选会场为 null' },
		venueText: { type: 'string' },
		attendees: { type: 'integer', description: '已签到人数' },
		invited: { type: 'integer', description: '有效邀请数（不含已撤回）' }
	}
};

const attendanceSummary = {
	type: 'object',
	properties: {
		total: { type: 'integer' },
		byRole: { type: 'array', items: { type: 'object', properties: { role: { type: 'string', enum: ROLES }, n: { type: 'integer' } } } },
		quorumMin: { type: ['integer', 'null'] },
		quorate: { type: ['boolean', 'null'], description: '是否达到到会人数要求；未设要求时为 null' }
	}
};

const rsvpWords = { answer: '参加 / 不参加 / 委托他人参加', delegateName: 'delegate 时必填：代为参加者姓名' };

export const schemas = {
	AgendaItem: {
		type: 'object',
		description: '一项议程，按 position 排列',
		properties: {
			id: { type: 'integer' },
			position: { type: 'integer' },
			topicId: { type: ['integer', 'null'] },
			title: { type: 'string' },
			presenter: { type: 'string' },
			minutes: { type: ['integer', 'null'], description: '预计时长（分钟）' },
			topicStatus: { type: ['string', 'null'], description: '关联议题的状态；不关联议题为 null' }
		}
	},
	Session: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			kind: { type: 'string', enum: KINDS },
			title: { type: 'string' },
			description: { type: 'string' },
			status: { type: 'string', enum: STATUSES, description: 'draft 草稿（仅居委会可见）/ published 已发布 / in_progress 进行中 / ended 已结束 / cancelled 已取消' },
			venueId: { type: ['integer', 'null'] },
			venueText: { type: 'string' },
			startsAt: time,
			endsAt: time,
			quorumMin: { type: ['integer', 'null'] },
			openToResidents: { type: 'boolean' },
			currentAgendaItemId: { type: ['integer', 'null'] },
			cancelReason: { type: ['string', 'null'] },
			publishedAt: { type: ['string', 'null'], format: 'date-time' },
			startedAt: { type: ['string', 'null'], format: 'date-time', description: '宣布开会的时间（会议详情中省略）' },
			endedAt: { type: ['string', 'null'], format: 'date-time' },
			createdById: { type: ['integer', 'null'] },
			createdAt: time,
			updatedAt: time
		}
	},
	SessionDetail: {
		type: 'object',
		description: '会议详情：议程、材料、到会情况；invitations 仅居委会可见（其他人为 null）',
		properties: {
			community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			session: ref('Session'),
			venue: { oneOf: [venueShown, { type: 'null' }], description: '所选会场；未选为 null' },
			place: { type: 'string' },
			agenda: { type: 'array', items: agendaItem },
			materials: { type: 'array', items: material },
			attendance: { type: 'object', properties: { summary: attendanceSummary, rows: { type: 'array', items: ref('Attendance') } } },
			invitations: { oneOf: [ref('InvitationList'), { type: 'null' }] },
			isCommittee: { type: 'boolean' },
			polls: {
				type: 'array',
				description: '本次会议上发起的表决及其结果（匿名表决进行中不含各选项票数）',
				items: {
					type: 'object',
					properties: { id: { type: 'integer' }, title: { type: 'string' }, status: { type: 'string' }, kind: { type: 'string', enum: ['binding', 'poll'] }, result: { $ref: '#/components/schemas/VoteResult' } }
				}
			},
			agendaTopics: {
				type: 'array',
				description: '可列入议程的议题（仅居委会；其他人为空）',
				items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, status: { type: 'string' } } }
			},
			me: {
				type: 'object',
				properties: {
					checkedInAt: { type: ['string', 'null'] },
					invitation: {
						type: ['object', 'null'],
						description: '本人收到的邀请（没有则为 null）',
						properties: { id: { type: 'integer' }, role: { type: 'string' }, rsvp: { type: ['string', 'null'] }, delegateName: { type: ['string', 'null'] } }
					},
					mayCheckIn: { type: 'boolean' },
					mayRsvp: { type: 'boolean' }
				}
			},
			checkin: { type: 'object', properties: { open: { type: 'boolean' }, opensAt: time } }
		}
	},


	Invitation: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['party', 'resident'] },
			role: { type: 'string', enum: ROLES },
			organisation: { type: 'string' },
			name: { type: 'string' },
			phone: { type: 'string' },
			userId: { type: ['integer', 'null'] },
			expiresAt: time,
			rsvp: { type: ['string', 'null'], enum: ['attend', 'decline', 'delegate', null] },
			delegateName: { type: ['string', 'null'] },
			respondedAt: { type: ['string', 'null'], format: 'date-time' },
			revokedAt: { type: ['string', 'null'], format: 'date-time' },
			linkToken: { type: ['string', 'null'], description: '链接尚未使用时的令牌（仅居委会可见，可再次发送或打印）；受邀人回复或签到后为 null' },
			checkedInAt: { type: ['string', 'null'], format: 'date-time' },
			communityId: { type: 'integer', description: '仅新发出的邀请' },
			sessionId: { type: 'integer', description: '仅新发出的邀请' },
			createdById: { type: ['integer', 'null'], description: '仅新发出的邀请' },
			createdAt: { ...time, description: '仅新发出的邀请' }
		}
	},
	InvitationList: {
		type: 'object',
		properties: {
			rows: { type: 'array', items: ref('Invitation') },
			summary: { type: 'object', properties: Object.fromEntries(['invited', 'attend', 'delegate', 'decline', 'pending'].map((k) => [k, { type: 'integer' }])) }
		}
	},
	InvitationIssued: {
		type: 'object',
		description: '令牌只在这次回答中出现；以后需要时重新生成（旧链接随即失效）',
		properties: { invitation: ref('Invitation'), token: { type: 'string' }, url: { type: 'string', example: 'https://example.cn/i/abcd…' } }
	},
	InviteeView: {
		type: 'object',
		description: '受邀人通过链接看到的内容：只有自己受邀的这一次会议',
		properties: {
			community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			session: ref('Session'),
			venue: { oneOf: [venueShown, { type: 'null' }], description: '所选会场；未选为 null' },
			place: { type: 'string' },
			agenda: { type: 'array', items: agendaItem },
			materials: { type: 'array', items: material },
			invitation: {
				type: 'object',
				properties: {
					id: { type: 'integer' },
					name: { type: 'string' },
					role: { type: 'string' },
					organisation: { type: 'string' },
					rsvp: { type: ['string', 'null'] },
					delegateName: { type: ['string', 'null'] },
					respondedAt: { type: ['string', 'null'], format: 'date-time' },
					expiresAt: time
				}
			},
			checkedInAt: { type: ['string', 'null'], format: 'date-time' },
			inbox: {
				type: 'array',
				description: '受邀人的消息（会议公布、变动、提醒、纪要），最新在前，按读者语言',
				items: {
					type: 'object',
					properties: { id: { type: 'integer' }, kind: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' }, createdAt: time },
					required: ['id', 'kind', 'title', 'body', 'createdAt']
				}
			},
			canRsvp: { type: 'boolean' },
			checkin: { type: 'object', properties: { open: { type: 'boolean' }, opensAt: time } }
		}
	},

	Attendance: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			name: { type: 'string' },
			role: { type: 'string', enum: ROLES },
			organisation: { type: 'string' },
			method: { type: 'string', enum: ['self', 'committee'] },
			invitationId: { type: ['integer', 'null'] },
			userId: { type: ['integer', 'null'] },
			checkedInAt: time,
			communityId: { type: 'integer', description: '仅签到或登记的回答' },
			sessionId: { type: 'integer', description: '仅签到或登记的回答' },
			recordedById: { type: ['integer', 'null'], description: '居委会登记时为登记人；本人签到为 null（仅签到或登记的回答）' }
		}
	},

	LiveBoard: {
		type: 'object',
		description: '现场大屏的内容；页面 /c/{communityId}/sessions/{sessionId}/live/events 以 Server-Sent Events 推送同样的内容',
		properties: {
			community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			session: {
				type: 'object',
				properties: { id: { type: 'integer' }, title: { type: 'string' }, kind: { type: 'string', enum: KINDS }, status: { type: 'string', enum: STATUSES }, startsAt: time, endsAt: time }
			},
			place: { type: 'string' },
			agenda: { type: 'array', items: agendaItem },
			current: { oneOf: [agendaItem, { type: 'null' }] },
			attendance: attendanceSummary,
			polls: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						title: { type: 'string' },
						kind: { type: 'string', enum: ['binding', 'poll'], description: '业主共同决定的选项为 yes / no / abstain（同意 / 反对 / 弃权）；意向表决的选项是它自己的文字' },
						status: { type: 'string' },
						participated: { type: 'integer' },
						eligible: { type: 'integer' },
						options: {
							type: 'array',
							description: '匿名表决进行中各选项票数为 null',
							items: { type: 'object', properties: { label: { type: 'string' }, count: { type: ['integer', 'null'] } } }
						}
					}
				}
			},
			at: { ...time, description: '生成这份内容的时间' }
		}
	},
	Venue: {
		type: 'object',
		required: ['id', 'communityId', 'name', 'kind', 'address', 'active', 'createdAt'],
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			name: { type: 'string' },
			kind: { type: 'string', enum: [...VENUE_KINDS], description: '议事亭 / 议事厅 / 党群服务中心 / 庭院 / 商户店铺 / 其他' },
			address: { type: 'string' },
			active: { type: 'boolean', description: '仍在使用（会场列表只列使用中的）' },
			createdAt: time
		}
	}
};

const sessionList = {
	type: 'object',
	required: ['community', 'isCommittee', 'upcoming', 'past'],
	properties: {
		community: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
		isCommittee: { type: 'boolean' },
		upcoming: { type: 'array', description: '未结束、未取消的会议，最早的在前（最多列 200 次会议）', items: sessionListItem },
		past: { type: 'array', description: '已结束、已取消或已过结束时间的会议，最近的在前', items: sessionListItem }
	}
};

export const paths: Paths = {
	'/communities/{communityId}/sessions': {
		get: {
			tags: ['sessions'],
			summary: '本社区的会议（即将召开和进行中在前；草稿仅居委会可见）',
			parameters: [communityId],
			responses: { '200': ok('会议列表', sessionList), ...errors(401, 403, 404) }
		},
		post: {
			tags: ['sessions'],
			summary: '安排会议（居委会；保存为草稿）',
			parameters: [communityId],
			requestBody: body(sessions.createSchema, { ...sessionWords, topicIds: '列入议程的议题（本社区已受理或协商中）' }),
			responses: { '201': ok('已创建的草稿', ref('Session')), ...errors(400, 401, 403, 404) }
		}
	},
	'/communities/{communityId}/venues': {
		get: { tags: ['sessions'], summary: '本社区的会场', parameters: [communityId], responses: { '200': ok('会场', { type: 'object', properties: { venues: { type: 'array', items: ref('Venue') } } }), ...errors(401, 403, 404) } },
		post: {
			tags: ['sessions'],
			summary: '添加会场（居委会）',
			parameters: [communityId],
			requestBody: body(sessions.venueSchema, { kind: '议事亭 / 议事厅 / 党群服务中心 / 庭院 / 商户店铺 / 其他' }),
			responses: { '201': ok('已添加', ref('Venue')), ...errors(400, 401, 403, 404) }
		}
	},
	'/sessions/{sessionId}': {
		get: { tags: ['sessions'], summary: '会议详情', parameters: [sessionId], responses: { '200': ok('会议', ref('SessionDetail')), ...errors(401, 403, 404) } },
		patch: {
			tags: ['sessions'],
			summary: '修改会议信息（居委会；已结束或已取消的会议不能修改）',
			parameters: [sessionId],
			requestBody: body(sessions.updateSchema, sessionWords),
			responses: { '200': ok('修改后的会议', ref('Session')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/publish': {
		post: {
			tags: ['sessions'],
			summary: '发布会议：社区首页公告，议程中已受理的议题进入“协商中”（需至少一项议程）',
			parameters: [sessionId],
			responses: { '200': ok('已发布', ref('Session')), ...errors(401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/start': {
		post: {
			tags: ['sessions'],
			summary: '开始会议（签到随即开放）；不在通知的日期（北京时间）开始时须确认',
			parameters: [sessionId],
			requestBody: body(
				sessions.startSchema,
				{ confirm: '今天（北京时间）不是通知的开会日期时须为 true，否则以 409（start_other_day）拒绝并说明通知日期和今天；日期相同时可省略请求体' },
				{ required: false }
			),
			responses: { '200': ok('进行中', ref('Session')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/end': {
		post: { tags: ['sessions'], summary: '结束会议', parameters: [sessionId], responses: { '200': ok('已结束', ref('Session')), ...errors(401, 403, 404, 409) } }
	},
	'/sessions/{sessionId}/cancel': {
		post: {
			tags: ['sessions'],
			summary: '取消会议（草稿或已发布；原因公开）',
			parameters: [sessionId],
			requestBody: body(sessions.cancelSchema, { reason: '取消原因' }),
			responses: { '200': ok('已取消', ref('Session')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/agenda': {
		post: {
			tags: ['sessions'],
			summary: '添加议程事项（加在最后）',
			parameters: [sessionId],
			requestBody: body(sessions.agendaSchema, {
				topicId: '本社区已受理或协商中的议题；会议已发布时该议题随即进入“协商中”',
				title: '不关联议题时必填',
				minutes: '预计时长（分钟）'
			}),
			responses: { '201': ok('议程事项', agendaItemAdded), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/agenda/{itemId}': {
		patch: {
			tags: ['sessions'],
			summary: '上移或下移一位',
			parameters: [sessionId, pathInt('itemId')],
			requestBody: body(sessions.moveSchema, { direction: '上移 / 下移一位' }),
			responses: { '200': okBody, ...errors(400, 401, 403, 404, 409) }
		},
		delete: { tags: ['sessions'], summary: '删除议程事项', parameters: [sessionId, pathInt('itemId')], responses: { '200': okBody, ...errors(401, 403, 404, 409) } }
	},
	'/sessions/{sessionId}/current-item': {
		put: {
			tags: ['sessions'],
			summary: '设定大屏上的当前议程（null 清除）',
			parameters: [sessionId],
			requestBody: body(sessions.currentItemSchema, { itemId: '正在讨论的议程事项；null 表示没有' }),
			responses: { '200': okBody, ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/invitations': {
		get: { tags: ['sessions'], summary: '邀请名单和回复一览（居委会）', parameters: [sessionId], responses: { '200': ok('邀请', ref('InvitationList')), ...errors(401, 403, 404) } },
		post: {
			tags: ['sessions'],
			summary: '邀请一人，返回其专属链接（只返回这一次）',
			parameters: [sessionId],
			requestBody: body(sessions.inviteSchema, {
				kind: 'party 外部单位或个人（无需账号）/ resident 本社区居民（手机号与已核实居民一致时关联其账号）',
				role: `party 必填：${ROLE_WORDS}`,
				phone: '11位手机号，可省略；仅居委会可见'
			}),
			responses: { '201': ok('已邀请', ref('InvitationIssued')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/invitations/{invitationId}': {
		delete: { tags: ['sessions'], summary: '撤回邀请（链接随即失效）', parameters: [sessionId, pathInt('invitationId')], responses: { '200': okBody, ...errors(401, 403, 404, 409) } }
	},
	'/sessions/{sessionId}/invitations/{invitationId}/reissue': {
		post: {
			tags: ['sessions'],
			summary: '重新生成链接（旧链接失效；已撤回的邀请随之恢复）',
			parameters: [sessionId, pathInt('invitationId')],
			responses: { '200': ok('新链接', ref('InvitationIssued')), ...errors(401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/invitations/{invitationId}/send': {
		post: {
			tags: ['sessions'],
			summary: '短信发送邀请函（链接不变，可重复发送；链接一经使用即不再保存，需先重新生成）',
			description: '没有手机号返回 409 no_phone，链接已使用返回 409 link_used，已撤回返回 409 invitation_revoked。',
			parameters: [sessionId, pathInt('invitationId')],
			responses: {
				'200': ok('已发送', {
					type: 'object',
					properties: { sent: { type: 'boolean' }, to: { type: 'string', description: '隐去中间四位的手机号' }, sentAt: time },
					required: ['sent', 'to', 'sentAt']
				}),
				...errors(401, 403, 404, 409)
			}
		}
	},
	'/sessions/{sessionId}/rsvp': {
		post: {
			tags: ['sessions'],
			summary: '已登录居民回复是否参加（受邀居民；或开放会议中的已核实居民，回复后列入名单）',
			parameters: [sessionId],
			requestBody: body(sessions.rsvpSchema, rsvpWords),
			responses: {
				'200': ok('已记录', { type: 'object', properties: { rsvp: { type: 'string' }, delegateName: { type: ['string', 'null'] }, respondedAt: time } }),
				...errors(400, 401, 403, 404, 409)
			}
		}
	},
	'/sessions/{sessionId}/checkin': {
		post: {
			tags: ['sessions'],
			summary: '本人签到（受邀居民、社区工作人员；开放会议的已核实居民）；每人一次',
			description: '签到在开始前两小时起或居委会开始会议后开放。重复签到返回 409 already_checked_in。',
			parameters: [sessionId],
			responses: { '201': ok('签到记录', ref('Attendance')), ...errors(401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/attendance': {
		get: {
			tags: ['sessions'],
			summary: '到会情况：按身份统计并对照到会人数要求；居民姓名仅居委会可见',
			parameters: [sessionId],
			responses: { '200': ok('到会', { type: 'object', properties: { summary: attendanceSummary, rows: { type: 'array', items: ref('Attendance') } } }), ...errors(401, 403, 404) }
		},
		post: {
			tags: ['sessions'],
			summary: '居委会代为登记到会（受邀人或现场来的人）',
			parameters: [sessionId],
			requestBody: body(sessions.markSchema, {
				invitationId: '登记一位受邀人；省略时按 name/role 登记现场来的人',
				role: ROLE_WORDS
			}),
			responses: { '201': ok('签到记录', ref('Attendance')), ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/sessions/{sessionId}/attendance/{attendanceId}': {
		delete: { tags: ['sessions'], summary: '撤销一条签到（居委会）', parameters: [sessionId, pathInt('attendanceId')], responses: { '200': okBody, ...errors(401, 403, 404) } }
	},
	'/sessions/{sessionId}/live': {
		get: { tags: ['sessions'], summary: '现场大屏的当前内容', parameters: [sessionId], responses: { '200': ok('大屏', ref('LiveBoard')), ...errors(401, 403, 404) } }
	},
	'/invitations/{token}': {
		get: {
			tags: ['invitations'],
			summary: '受邀人凭链接查看会议（无需账号）',
			description: '链接无效返回 404 invitation_invalid，过期或已撤回返回 410 invitation_expired，均附中文说明，不含任何会议信息。',
			security: [],
			parameters: [token],
			responses: { '200': ok('会议', ref('InviteeView')), ...errors(404, 410) }
		}
	},
	'/invitations/{token}/rsvp': {
		post: {
			tags: ['invitations'],
			summary: '受邀人回复是否参加（可修改）',
			security: [],
			parameters: [token],
			requestBody: body(sessions.rsvpSchema, rsvpWords),
			responses: {
				'200': ok('已记录', { type: 'object', properties: { rsvp: { type: 'string' }, delegateName: { type: ['string', 'null'] }, respondedAt: time } }),
				...errors(400, 404, 409, 410)
			}
		}
	},
	'/invitations/{token}/checkin': {
		post: {
			tags: ['invitations'],
			summary: '受邀人凭链接签到（委托他人时以代为参加者的姓名签到）；每个邀请一次',
			security: [],
			parameters: [token],
			responses: { '201': ok('签到记录', ref('Attendance')), ...errors(404, 409, 410) }
		}
	}
};
