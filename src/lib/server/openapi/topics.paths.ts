/** OpenAPI paths of topics (议题): list, propose, read, second, comment, screen, move on. */
import { COMMENT_STATES, TOPIC_CATEGORIES, TOPIC_SCOPES, TOPIC_STATUSES } from '../db/schema';
import * as topics from '$lib/server/topics/input';
import { body, query } from './from-valibot';
import { errors, type Paths } from './index';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonOf = (schema: unknown) => ({ 'application/json': { schema } });
const idPath = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' }, description });

const status = {
	type: 'string',
	enum: [...TOPIC_STATUSES],
	description: 'collecting 征集中 · accepted 已受理 · deliberating 协商中 · voted 已表决 · implementing 落实中 · done 已办结 · declined 未受理 · merged 已合并'
};
const category = {
	type: 'string',
	enum: [...TOPIC_CATEGORIES],
	description: 'facility 设施维修 · environment 环境卫生 · safety 安全隐患 · traffic 交通停车 · property 物业管理 · elderly 养老助残 · business 商居关系 · other 其他'
};
const scope = { type: 'string', enum: [...TOPIC_SCOPES], description: 'community 全社区 · estate 某个小区 · building 某栋楼' };
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };
const statusOrNull = { ...status, type: ['string', 'null'], enum: [...TOPIC_STATUSES, null] };

/** what a reader sees of a comment's moderation and may do with it */
const moderationFields = {
	state: {
		type: 'string',
		enum: [...COMMENT_STATES],
		description: 'published 公开 · pending 待审核（仅作者和居委会可见） · hidden 已隐藏（原文仅作者和居委会可见） · deleted 作者已删除'
	},
	hiddenReason: { type: ['string', 'null'], description: '已隐藏时的公开理由' },
	editedAt: { ...nullableTime, description: '作者最后修改的时间（已编辑）' },
	mine: { type: 'boolean', description: '是否当前用户所写' },
	canEdit: { type: 'boolean' },
	canReport: { type: 'boolean' }
};

const topic = {
	id: { type: 'integer' },
	communityId: { type: 'integer' },
	title: { type: 'string', maxLength: 60 },
	description: { type: 'string', maxLength: 2000 },
	scope,
	estateId: { type: ['integer', 'null'] },
	buildingId: { type: ['integer', 'null'] },
	category,
	status,
	proposerId: { type: 'integer' },
	mergedIntoId: { type: ['integer', 'null'], description: '已合并时：并入的议题' },
	declineReason: { type: ['string', 'null'], description: '未受理时：公开的理由' },
	secondCount: { type: 'integer' },
	flaggedAt: { ...nullableTime, description: '附议人数达到社区门槛、提交居委会审议的时间' },
	createdAt: time,
	updatedAt: time
};

export const schemas = {
	Topic: {
		type: 'object',
		required: ['id', 'communityId', 'title', 'description', 'scope', 'category', 'status', 'secondCount'],
		properties: topic
	},
	TopicListItem: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			title: { type: 'string' },
			status,
			category,
			scope,
			estateName: { type: ['string', 'null'] },
			buildingName: { type: ['string', 'null'] },
			secondCount: { type: 'integer' },
			flaggedAt: nullableTime,
			createdAt: time,
			updatedAt: time,
			proposerName: { type: 'string' },
			seconded: { type: 'boolean', description: '当前用户是否已附议' }
		}
	},
	TopicPage: {
		type: 'object',
		properties: {
			community: {
				type: 'object',
				properties: { id: { type: 'integer' }, name: { type: 'string' }, secondThreshold: { type: 'integer' } }
			},
			filter: {
				type: 'object',
				description: '本页所用的筛选条件（未筛选的为 null，q 为空字符串）',
				properties: {
					status: statusOrNull,
					estateId: { type: ['integer', 'null'] },
					category: { ...category, type: ['string', 'null'], enum: [...TOPIC_CATEGORIES, null] },
					q: { type: 'string' }
				}
			},
			items: { type: 'array', items: ref('TopicListItem') },
			total: { type: 'integer' },
			page: { type: 'integer' },
			pageSize: { type: 'integer', const: 20 },
			pages: { type: 'integer' }
		}
	},
	TopicEvent: {
		type: 'object',
		description: '公开时间线的一条：谁、何时、状态从何到何、说明',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['proposed', 'seconded', 'flagged', 'status', 'merged_from'] },
			fromStatus: statusOrNull,
			toStatus: statusOrNull,
			actorName: { type: 'string', description: '空字符串表示系统自动' },
			note: { type: 'string' },
			createdAt: time
		}
	},
	TopicReply: {
		type: 'object',
		description: '对某条评论的回复（只有一层）',
		properties: {
			id: { type: 'integer' },
			parentId: { type: 'integer', description: '所回复的评论' },
			official: { type: 'boolean', const: false },
			body: { type: 'string', description: '读者不可见时（已隐藏、已删除）为空字符串' },
			authorName: { type: 'string' },
			createdAt: time,
			...moderationFields
		}
	},
	TopicComment: {
		type: 'object',
		description: '评论及其下的回复；居委会的官方答复（official）排在最前',
		properties: {
			id: { type: 'integer' },
			parentId: { type: 'null' },
			official: { type: 'boolean', description: '居委会的官方答复' },
			body: { type: 'string' },
			authorName: { type: 'string' },
			createdAt: time,
			...moderationFields,
			replies: { type: 'array', items: ref('TopicReply') }
		}
	},
	TopicCommentAdded: {
		type: 'object',
		description: '刚发表的评论：评论记录及作者姓名',
		required: ['id', 'communityId', 'topicId', 'userId', 'body', 'createdAt', 'authorName'],
		properties: {
			id: { type: 'integer' },
			communityId: { type: 'integer' },
			topicId: { type: 'integer' },
			userId: { type: 'integer', description: '作者的账号' },
			parentId: { type: ['integer', 'null'], description: '回复时：所回复的评论（对回复的回复挂在同一条评论下）' },
			official: { type: 'boolean', description: '居委会的官方答复' },
			body: { type: 'string' },
			state: { type: 'string', enum: ['published', 'pending'], description: 'pending：社区开启了先审后发，新居民的第一条评论待居委会审核' },
			hiddenReason: { type: 'null' },
			editedAt: { type: 'null' },
			createdAt: time,
			authorName: { type: 'string' }
		}
	},
	TopicDetail: {
		type: 'object',
		properties: {
			topic: {
				type: 'object',
				description: '议题，另附小区、楼栋和提出人的名称',
				required: ['id', 'communityId', 'title', 'description', 'scope', 'category', 'status', 'secondCount'],
				properties: {
					...topic,
					estateName: { type: ['string', 'null'] },
					buildingName: { type: ['string', 'null'] },
					proposerName: { type: 'string' }
				}
			},
			community: {
				type: 'object',
				properties: { id: { type: 'integer' }, name: { type: 'string' }, secondThreshold: { type: 'integer' } }
			},
			timeline: { type: 'array', items: ref('TopicEvent') },
			comments: { type: 'array', items: ref('TopicComment') },
			mergedInto: { type: ['object', 'null'], properties: { id: { type: 'integer' }, title: { type: 'string' }, status } },
			mergedFrom: {
				type: 'array',
				items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, secondCount: { type: 'integer' } } }
			},
			seconded: { type: 'boolean' },
			canSecond: { type: 'boolean' },
			secondBlock: {
				type: ['string', 'null'],
				enum: ['not_signed_in', 'not_verified', 'not_resident', 'seconded', 'own_topic', 'closed', null],
				description: '不能附议的原因'
			},
			canComment: { type: 'boolean' },
			commentCount: { type: 'integer', description: '读者可见的评论与回复总数' },
			editMinutes: { type: 'integer', const: 15, description: '发表后可修改的分钟数' },
			isCommittee: { type: 'boolean' },
			canScreen: { type: 'boolean' },
			mergeTargets: {
				type: 'array',
				description: '可并入的议题（仅居委会审议时）',
				items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, status } }
			},
			nextStatuses: { type: 'array', items: status, description: '居委会可手动推进到的状态' }
		}
	}
};

const topicId = idPath('topicId', '议题 id');

export const paths: Paths = {
	'/communities/{communityId}/topics': {
		parameters: [idPath('communityId', '社区 id')],
		get: {
			tags: ['topics'],
			summary: '社区的议题列表：最新在前，每页 20 条',
			description: '仅本社区经核实的成员（或所在街道管理员）可查看。q 在标题和说明中查找（中文可用，% 和 _ 按普通字符处理）。',
			parameters: [
				...query(topics.ListInput, { status: status.description, category: category.description, q: '标题或内容中的文字，如：路灯' })
			],
			responses: { '200': { description: '一页议题', content: jsonOf(ref('TopicPage')) }, ...errors(400, 401, 403, 404) }
		},
		post: {
			tags: ['topics'],
			summary: '提出议题',
			description: '本社区经核实的居民、业主、网格员或居委会成员可提出。新议题为“征集中”，并在时间线记下“提出议题”。',
			requestBody: body(topics.ProposeInput, {
				title: '如：小区路灯维修',
				category: category.description,
				scope: scope.description,
				estateId: 'scope 为 estate 时必填，须属于本社区',
				buildingId: 'scope 为 building 时必填，须属于本社区'
			}),
			responses: { '201': { description: '已提出', content: jsonOf(ref('Topic')) }, ...errors(400, 401, 403, 404) }
		}
	},
	'/topics/{topicId}': {
		parameters: [topicId],
		get: {
			tags: ['topics'],
			summary: '一个议题：时间线、评论、合并关系，以及当前用户可做的操作',
			description: '仅该议题所在社区的读者可查看；其他社区的用户得到 403。',
			responses: { '200': { description: '议题', content: jsonOf(ref('TopicDetail')) }, ...errors(401, 403, 404) }
		}
	},
	'/topics/{topicId}/second': {
		parameters: [topicId],
		post: {
			tags: ['topics'],
			summary: '附议',
			description:
				'仅本社区经核实的居民或业主，且议题在“征集中”。每人一次：重复附议返回 409（“您已附议过该议题”），并发请求也只记一次。不能附议自己提出的议题。附议人数达到社区门槛时议题提交居委会审议（flagged）。',
			responses: {
				'201': {
					description: '已附议',
					content: jsonOf({
						type: 'object',
						properties: {
							secondCount: { type: 'integer' },
							threshold: { type: 'integer' },
							flagged: { type: 'boolean', description: '这次附议使议题达到门槛' }
						}
					})
				},
				...errors(401, 403, 404, 409)
			}
		}
	},
	'/topics/{topicId}/comments': {
		parameters: [topicId],
		post: {
			tags: ['topics'],
			summary: '发表评论或回复',
			description:
				'本社区任何经核实的角色均可评论。内容里有手机号、座机或身份证号时拒绝（400，code personal_info），确是公开的单位电话时带 confirmPersonal: true。带 parentId 即回复该评论（只有一层：回复一条回复时挂在它所在的评论下），并通过站内消息告诉该评论的作者；official 为居委会的官方答复（仅居委会），置顶显示并告诉议题的提出人、附议人和关注者。',
			requestBody: body(topics.CommentInput, {
				parentId: '要回复的评论 id（同一议题下）',
				official: '居委会的官方答复（仅居委会）',
				confirmPersonal: '确认其中的电话是公开的单位电话'
			}),
			responses: {
				'201': { description: '已发表', content: jsonOf(ref('TopicCommentAdded')) },
				...errors(400, 401, 403, 404)
			}
		}
	},
	'/topics/{topicId}/screen': {
		parameters: [topicId],
		post: {
			tags: ['topics'],
			summary: '居委会审议（确定议题）：受理、不予受理或合并',
			description:
				'仅本社区居委会，且议题在“征集中”。不予受理须填写公开理由；合并须指定本社区另一个未合并、未被拒的议题，原议题的附议保留在原议题上，两个议题互相链接。结果写入公开时间线和操作日志。',
			requestBody: body(topics.ScreenInput, { reason: 'decline 时必填；accept/merge 时为可选说明', mergeIntoId: 'merge 时必填：本社区另一个议题的 id' }),
			responses: { '200': { description: '审议后的议题', content: jsonOf(ref('Topic')) }, ...errors(400, 401, 403, 404, 409) }
		}
	},
	'/topics/{topicId}/status': {
		parameters: [topicId],
		post: {
			tags: ['topics'],
			summary: '居委会推进议题状态',
			description: '已受理 → 协商中 → 已表决 → 落实中 → 已办结（协商中也可直接进入落实中）。不合规则的变化返回 409。写入公开时间线和操作日志。',
			requestBody: body(topics.ProgressInput, { toStatus: status.description }),
			responses: { '200': { description: '推进后的议题', content: jsonOf(ref('Topic')) }, ...errors(400, 401, 403, 404, 409) }
		}
	}
};
