/**
 * Votes: consultative polls (意向表决) and binding owners' decisions under Civil Code Art. 278
 * (业主共同决定). The public functions below check who may do it; every write is one transaction.
 * Counting rules live in $lib/domain/art278; this folder only does the I/O around them.
 */
export type { Vote } from './roll';
export type { AnyResult, BindingResult, PollResult } from './tally';
export type { MeetingResult, ElectionResult } from './meetings';
export type { Standing } from './views';
export { create, publishNotice, open, close, finalize } from './lifecycle';
export { cast, recordPaperBallot } from './ballots';
export { object, objections, answerObjection } from './objections';
export { list, get, result, ballots, participatingUnits, matters, newForm, view, notice } from './views';
export { voteUrl, papers, registerWorkbook } from './export';
export { publicNotice } from './public';
export { ownersRules, updateOwnersRules } from './meetings';
