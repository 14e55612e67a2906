/**
 * Topics (议题): propose, second (附议), comment, screen (确定议题), move along the status table,
 * and read them back — lists with filters, one topic with its public timeline, the community notice board.
 * Every function checks who is acting against the topic's own community.
 *
 * input.ts holds the schemas, records.ts the record and who may do what, lifecycle.ts proposing, screening and
 * the status moves, seconds.ts the seconds and their threshold, comments.ts the comments, lists.ts the lists and
 * the notice board, views.ts one topic's page and the way into a community, moderation.ts reports, the committee's
 * queue and decisions and the authors' edits and deletions, personal.ts asking authors to take personal numbers out.
 */
export { THRESHOLD_MAX, type ListFilter } from './input';
export { canPropose, isCommittee, type Topic } from './records';
export { advance, progress, propose, screen } from './lifecycle';
export { second, settings, updateSettings, type SecondBlock } from './seconds';
export { comment } from './comments';
export { edit as editComment, EDIT_MINUTES, moderate, queue, remove as removeComment, report, setReviewFirstPosts } from './moderation';
export { awaitingScreening, containsPattern, home, list, listWithEstates, PAGE_SIZE, type TopicListItem } from './lists';
export { enter, get, getWithLinks, myCommunities, places } from './views';
