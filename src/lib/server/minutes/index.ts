/**
 * The record of a session and its minutes (会议纪要): the secretary's notes per agenda item, the draft
 * assembled from the session, published versions that never change (a correction is a new version with
 * its reason), and participants' confirmations. Document rules live in $lib/domain/minutes.
 */
export * from './input';
export { addRecord, updateRecord, deleteRecord, records } from './records';
export { saveOpinion, draft } from './draft';
export { hashOf, publish } from './publish';
export { published, version, notice, agendaItem } from './views';
export { docx } from './docx';
export { confirm, forInvitation, confirmByToken, confirmations } from './confirmations';
export { publicNotice } from './public';
