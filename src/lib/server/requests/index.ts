/**
 * Resident requests (码上报): a resident reports a problem from the QR code in their building, signed in or
 * with a phone number and a tracking link; the committee or the building's grid worker accepts and classifies
 * it (which sets the deadline), records the 515303 steps, dispatches it, reports progress, closes it and visits
 * afterwards; the reporter evaluates it once; a request needing a collective decision becomes a topic. Contact
 * details go only to the reporter, the committee and the handling grid worker; the monthly board has none.
 *
 * input.ts holds the schemas, records.ts the record and who may handle it, report.ts the QR target and the
 * report, handling.ts the handler's actions and the evaluation, views.ts the reads, board.ts the monthly board,
 * posters.ts the printed codes.
 */
export { MAX_PHOTOS, photosFromJson, type StepName } from './input';
export { canHandleIn, newTrackingToken, trackingHashOf, type Request, type Viewer } from './records';
export { report, reportTarget, type ReportTarget } from './report';
export { classify, close, dispatch, escalate, evaluate, evaluateByToken, progress, recordStep } from './handling';
export { desk, forTopic, get, photo, track, type RequestDetail } from './views';
export { board, currentMonth, publicBoard, streetBoard } from './board';
export { startLookup, finishLookup } from './lookup';
export { posters } from './posters';
