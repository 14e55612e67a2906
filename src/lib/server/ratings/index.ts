/**
 * Quarterly cadre satisfaction ratings (季度民心测评). Every public function checks who may do it; every write is
 * one transaction. The rates themselves are pure rules in $lib/domain/satisfaction; how a rating stays anonymous is
 * told in ballots.ts.
 */
export type { Cadre, Phase, Round, Settings } from './records';
export type { CadreFigures, RoundFigures } from './results';
export type { Photo } from './cadres';
export { ratingsFromForm } from './input';
export { settings, updateSettings, cadres, createCadre, updateCadre, photo } from './cadres';
export { createRound, updateRound, openNow, close, publish, list } from './rounds';
export { rate, enterPaper } from './ballots';
export { results, trend } from './results';
export { recordTalk, completeFollowUp } from './talks';
export { view, page, overview, notice } from './views';
export { own } from './own';
export { workbook } from './export';
