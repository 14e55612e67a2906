/**
 * Cost-sharing plans (费用分摊 / 众筹): items with competing quotes, funding sources, the residents' share split
 * over the households in scope, pledges, payments recorded by the committee, and an append-only public ledger
 * (公示台账). Every public function checks who may do it; every write is one transaction. Splitting is the pure
 * rule in $lib/domain/cost-split; this folder does the I/O.
 */
export type { Plan } from './records';
export type { Approval } from './lifecycle';
export type { LedgerLine } from './views';
export { create, update, linkVote, publish, close } from './lifecycle';
export { addItem, updateItem, removeItem, addQuote, updateQuote, removeQuote, chooseQuote } from './quotes';
export { addSource, updateSource, removeSource, receiveSource } from './sources';
export { preview } from './split';
export { pledge, recordPayment } from './payments';
export { recordExpense, correct } from './ledger';
export { list, view, page, ledger, bills, newForm, forTopic } from './views';
export { workbook } from './export';
export { publicNotice } from './public';
