/** OpenAPI paths of the channels a person chooses (接收方式). */
import { CHANNELS, INBOX_KINDS } from '../db/schema';
import { ChannelsInput } from '$lib/server/notify/channels';
import { body } from './from-valibot';
import { errors, type Paths } from './index';

const channelArray = { type: 'array', items: { type: 'string', enum: [...CHANNELS] }, description: 'sms 短信 · email 邮件 · wechat 微信订阅消息（站内消息总会收到，不在此列）' };

export const schemas = {
	ChannelSettings: {
		type: 'object',
		required: ['choices', 'email', 'wechatOpenid', 'digest', 'nightReminders', 'offered'],
		properties: {
			choices: {
				type: 'object',
				description: '每类事项选择的方式',
				required: [...INBOX_KINDS],
				properties: Object.fromEntries(INBOX_KINDS.map((k) => [k, channelArray]))
			},
			email: { type: ['string', 'null'], description: '邮件发到的地址' },
			wechatOpenid: { type: ['string', 'null'], description: '本人在公众号的 openid' },
			digest: { type: 'boolean', description: '每天 8 点汇总成一条' },
			nightReminders: { type: 'boolean', description: '选择短信的提醒夜间也发送（其他短信 21:00–08:00 推迟到 8 点）' },
			offered: {
				type: 'object',
				required: [...CHANNELS],
				properties: Object.fromEntries(CHANNELS.map((c) => [c, { type: 'boolean' }])),
				description: '本站开通了哪些方式（运营方配置）'
			}
		}
	}
};

const ok = { '200': { description: '当前的接收方式', content: { 'application/json': { schema: { $ref: '#/components/schemas/ChannelSettings' } } } } };

export const paths: Paths = {
	'/me/channels': {
		get: {
			tags: ['inbox'],
			summary: '我的接收方式：每类事项选择短信、邮件或微信',
			description: '只读写自己的设置。站内消息总会收到。',
			responses: { ...ok, ...errors(401) }
		},
		put: {
			tags: ['inbox'],
			summary: '设置我的接收方式（整体替换）',
			description: '选择邮件须填写 email，选择微信须填写 wechatOpenid，否则 400 并在对应字段说明。没有列出的事项只收站内消息。',
			requestBody: body(ChannelsInput, { email: '如 name@example.com；空或 null 为不填', wechatOpenid: '6–64 位字母、数字、- 或 _' }),
			responses: { ...ok, ...errors(400, 401) }
		}
	}
};
